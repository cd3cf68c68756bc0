"""The extractor on benchmarks/heldout: six articles written for the project in the seeds' messy
forms and annotated blind by the guidelines of ../shared/eval/README.md, scored by its scorer.

The seeds are what the rules were first tuned on; these measure how the method carries to other
articles. Floors sit a margin below what the extractor reaches.
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

HELDOUT = Path(__file__).resolve().parents[1] / "benchmarks" / "heldout"
FLOORS = {"facts_f1": 0.92, "entities_all": 0.90, "roles": 0.92, "events": 0.85, "figures": 0.95}


@pytest.fixture(scope="module")
def summary(scorer: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("heldout") / "pred.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for item in build_pipeline().process_many(iter_documents([str(HELDOUT / "docs")])):
            assert isinstance(item, Document), item
            fh.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
    proc = subprocess.run([sys.executable, str(scorer), "--gold", str(HELDOUT / "gold"), "--pred", str(out), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_every_article_has_gold() -> None:
    docs = sorted(p.stem for p in (HELDOUT / "docs").iterdir())
    assert docs and docs == sorted(p.stem for p in (HELDOUT / "gold").glob("*.json"))


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_floor(summary: dict, field: str) -> None:
    value = summary[field] if field == "facts_f1" else summary[field]["f1"]
    assert value >= FLOORS[field], f"{field} F1 {value} fell below {FLOORS[field]}"


@pytest.mark.parametrize("field", ["text_content_kept", "text_boilerplate_removed", "text_simplified_clean", "meta_accuracy"])
def test_text_and_metadata(summary: dict, field: str) -> None:
    assert summary[field] >= 0.9, f"{field} {summary[field]}"
