"""``make demo`` (``python -m zhnews.demo``): the bundled corpus goes through the whole pipeline."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from zhnews.demo import DEFAULT_CORPUS, main, summarize

CORPUS_FILES = sorted(p.name for p in DEFAULT_CORPUS.iterdir())


def test_corpus_has_every_raw_form() -> None:
    suffixes = {Path(n).suffix for n in CORPUS_FILES}
    assert {".txt", ".md", ".html", ".htm", ".jsonl"} <= suffixes
    raw = {n: (DEFAULT_CORPUS / n).read_bytes() for n in CORPUS_FILES}
    gbk = raw["07_hunan_xinchuang_policy_gbk.txt"]
    big5 = raw["08_changzhou_pilot_award_big5.txt"]
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        big5.decode("utf-8")
    assert "信创产业" in gbk.decode("gbk") and "工業互聯網" in big5.decode("big5")
    assert "(shù)" in raw["06_data_park_traditional.txt"].decode("utf-8")
    jsonl_lines = raw["09_industry_feed.jsonl"].decode("utf-8").splitlines()
    assert len(jsonl_lines) == 3
    assert len(CORPUS_FILES) - 1 + len(jsonl_lines) >= 14


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``python -m zhnews.demo`` once, into a temporary database that holds junk beforehand."""
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    db.write_bytes(b"left over from an earlier run")  # recreated, not appended to
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--db", str(db), "--workers", "1"]) == 0
    return db, out.getvalue()


@pytest.fixture(scope="module")
def summary(demo_run: tuple[Path, str]):  # type: ignore[no-untyped-def]
    return summarize(demo_run[0])


def test_demo_stores_every_report_and_rejects_none(summary, demo_run: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    assert summary.stats["sources"] == 15
    assert summary.stats["rejects"] == 0 and not summary.rejects
    assert summary.stats["documents"] >= 14


def test_demo_links_the_near_duplicate_repost(summary) -> None:  # type: ignore[no-untyped-def]
    pairs = {(Path(a).name, Path(b).name) for a, b in summary.duplicates}
    assert ("05_yibin_computing_repost.txt", "04_yibin_computing_signing.md") in pairs
    assert len(pairs) == 1  # nothing else is a duplicate


def test_demo_top_names(summary) -> None:  # type: ignore[no-untyped-def]
    persons = dict(summary.top_persons)
    assert persons.get("马骁", 0) >= 2  # 04, 05 and 13
    organizations = dict(summary.top_organizations)
    assert any("星衡信息" in name and n >= 4 for name, n in organizations.items()), organizations
    assert summary.top_places


def test_demo_events_merge_the_three_conference_reports(summary) -> None:  # type: ignore[no-untyped-def]
    meetings = [e for e in summary.events if e["type"] == "meeting"]
    assert max(len({s["id"] for s in e["sources"]}) for e in meetings) == 3
    types = {e["type"] for e in summary.events}
    assert {"meeting", "signing", "award", "release", "founding", "investment"} <= types


def test_demo_prints_summary_and_how_to_open_the_ui(demo_run: tuple[Path, str], tmp_path: Path) -> None:
    db, out = demo_run
    assert "documents stored: 15" in out
    assert "top persons" in out and "马骁" in out
    assert "events by date" in out and "2024-08-28" in out
    assert "duplicates 重复稿件" in out and "05_yibin_computing_repost.txt" in out
    assert f"zhnews serve --db {db}" in out and "http://127.0.0.1:8000/" in out
    assert main(["--db", str(tmp_path / "x.sqlite"), "--corpus", str(tmp_path / "missing")]) == 2
