"""A story retold in other words by another outlet is a duplicate; another report of the same
conference is not (tests/data/retold: three fictional reports written for this test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from zhnews.dedup.story import StoryFacts, same_story

RETOLD = Path(__file__).parent / "data" / "retold"


def test_extract_links_the_retelling_and_not_the_other_report() -> None:
    files = sorted(str(p) for p in RETOLD.iterdir())
    proc = subprocess.run([sys.executable, "-m", "zhnews.serve.cli", "extract", *files], capture_output=True, text=True,
                          check=True)
    links = {Path(r["source"]).name: r["duplicate_of"] and Path(r["duplicate_of"]).name
             for r in map(json.loads, proc.stdout.splitlines())}
    assert links == {"a_portal_report.txt": None, "b_wire_retelling.txt": "a_portal_report.txt",
                     "c_closing_day_report.txt": None}


def _facts(*items: tuple, days: tuple = (("signing", "04-21"),)) -> StoryFacts:
    return StoryFacts(frozenset(items), frozenset(days))


def test_same_story_needs_the_day_the_figures_and_the_overlap() -> None:
    common = [("o", "甲公司"), ("o", "乙公司"), ("p", "张三"), ("f", 1.86e10, "CNY"), ("f", 7.8e9, "CNY"), ("f", 3e4, "台")]
    a = _facts(*common, ("p", "李四"))
    assert same_story(a, _facts(*common))
    assert not same_story(a, _facts(*common, days=(("signing", "04-22"),)))  # another day
    no_figures = [x for x in common if x[0] != "f"] + [("o", "丙公司"), ("o", "丁公司"), ("p", "王五")]
    assert not same_story(_facts(*no_figures, ("f", 1.0, "个")), _facts(*no_figures, ("f", 1.0, "个")))  # one figure
    assert not same_story(a, _facts(*common, *[("o", f"机构{i}") for i in range(12)]))  # too little overlap
