"""The extractor on the five seed documents, scored by ../shared/eval/score.py against the gold.

Floors are pinned a margin below what the extractor reaches; they guard against regressions.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zhnews.document import Document
from zhnews.pipeline import build_pipeline
from zhnews.read import iter_documents

FLOORS = {
    "facts_f1": 0.95,
    "entities_all": 0.92,
    "roles": 0.92,
    "events": 0.92,
    "figures": 0.95,
}


@pytest.fixture(scope="module")
def summary(seeds_dir: Path, gold_dir: Path, scorer: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("seeds") / "pred.jsonl"
    pipeline = build_pipeline()
    with out.open("w", encoding="utf-8") as fh:
        for item in pipeline.process_many(iter_documents([str(seeds_dir)])):
            assert isinstance(item, Document), item
            fh.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
    proc = subprocess.run([sys.executable, str(scorer), "--gold", str(gold_dir), "--pred", str(out), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_floor(summary: dict, field: str) -> None:
    value = summary[field] if field == "facts_f1" else summary[field]["f1"]
    assert value >= FLOORS[field], f"{field} F1 {value} fell below {FLOORS[field]}"


@pytest.mark.parametrize("etype", ["person", "organization", "place"])
def test_entity_types(summary: dict, etype: str) -> None:
    assert summary["entities"][etype]["f1"] >= 0.9


def test_spans_point_into_the_text(seeds_dir: Path) -> None:
    pipeline = build_pipeline()
    for item in pipeline.process_many(iter_documents([str(seeds_dir)])):
        assert isinstance(item, Document)
        n = len(item.text)
        for e in item.entities:
            assert e.spans and all(0 <= s.start < s.end <= n for s in e.spans)
        for f in item.figures:
            assert item.text[f.span.start : f.span.end] == f.text
        for r in item.roles:
            assert item.text[r.span.start : r.span.end].endswith(r.person) or r.person in item.text[r.span.start : r.span.end]
        for ev in item.events:
            assert 0 <= ev.span.start < ev.span.end <= n
