"""The seeds, scored: text and metadata floors pinned at 1.0 by running ../shared/eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zhnews.document import Document
from zhnews.pipeline import Pipeline
from zhnews.read import iter_documents

FLOORS = {"text_content_kept": 1.0, "text_boilerplate_removed": 1.0, "text_simplified_clean": 1.0, "meta_accuracy": 1.0}


@pytest.fixture(scope="module")
def seed_records(seeds_dir: Path) -> list[dict]:
    from zhnews.clean import Clean, Decode, Metadata, ToText

    pipeline = Pipeline([Decode(), ToText(), Clean(), Metadata()])
    records = []
    for item in pipeline.process_many(iter_documents([seeds_dir])):
        assert isinstance(item, Document), f"seed rejected: {item}"
        records.append(item.to_record())
    return records


def test_all_seeds_read(seed_records: list[dict], seeds_dir: Path) -> None:
    assert len(seed_records) == len(list(seeds_dir.glob("*.txt"))) == 5


def test_scorer_text_and_meta_floors(seed_records: list[dict], gold_dir: Path, scorer: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in seed_records), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold_dir), "--pred", str(pred), "--json"],
        capture_output=True, text=True, check=True, timeout=120,
    )
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["records_found"] == summary["documents"]
    for field, floor in FLOORS.items():
        assert summary[field] >= floor, (field, summary[field])


def test_seed_records_are_idempotent_under_cleaning(seed_records: list[dict]) -> None:
    """Running Clean again on clean seed text changes nothing."""
    from zhnews.clean import Clean

    for record in seed_records:
        doc = Document(source=record["source"], text=record["text"], hints={"title": record["title"] or ""})
        again = Clean()(doc)
        assert isinstance(again, Document) and again.text == record["text"], record["source"]


def test_seed_text_has_paragraph_breaks_and_no_markup(seed_records: list[dict]) -> None:
    for record in seed_records:
        text = record["text"]
        assert "\n" in text
        assert "<p>" not in text and "](" not in text and "\u3000\u3000" not in text
