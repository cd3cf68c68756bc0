"""Two ``zhnews ingest`` commands at once against one knowledge base, from overlapping file sets,
through the whole pipeline (extract, near-duplicates, store, knowledge-base pass): nothing is
lost, nothing is stored twice, and the result is what one ingest of the union stores. On SQLite
and on PostgreSQL.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import need_shared
from kb_backends import BACKENDS, database
from kb_dump import dump
from zhnews import api
from zhnews.kb import tables
from zhnews.kb.store import open_store

DOCS = 45


@pytest.fixture(scope="module")
def news_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A small synthetic news corpus (with some near-copies) from ../shared/bench/make_corpus.py."""
    make_corpus = need_shared("bench", "make_corpus.py")
    out = tmp_path_factory.mktemp("corpus") / "news"
    subprocess.run([sys.executable, str(make_corpus), "--docs", str(DOCS), "--seed", "7", "--out", str(out)],
                   check=True, capture_output=True, timeout=120)
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(files) == DOCS
    return files


def start_ingest(db: str, files: list[Path]) -> subprocess.Popen[str]:
    """``zhnews ingest FILES --db DB`` in its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "zhnews.serve.cli", "ingest", *map(str, files), "--db", db, "--workers", "1",
         "--shard-size", "4"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_ingests_at_once_from_overlapping_sets(backend: str, news_files: list[Path], tmp_path: Path) -> None:
    first = news_files[: DOCS * 2 // 3]
    second = news_files[DOCS // 3 :]
    random.Random(3).shuffle(second)  # another order: the overlap is met at different times
    with database(backend, tmp_path) as db, database(backend, tmp_path) as reference:
        runs = [start_ingest(db, first), start_ingest(db, second)]
        try:
            outputs = [run.communicate(timeout=900) for run in runs]
        finally:
            for run in runs:  # never leave an ingest running behind a failed test
                if run.poll() is None:
                    run.kill()
                    run.wait()
        for run, (_out, err) in zip(runs, outputs, strict=True):
            assert run.returncode == 0, err[-3000:]
            assert "Traceback" not in err
        union = api.ingest(news_files, reference, workers=1)  # one ingest of the union, for comparison
        assert union.read == DOCS, union.summary()
        with open_store(db) as store, open_store(reference) as ref:
            stats, expected = store.stats(), ref.stats()
            # no document lost, none stored twice: every file is a source, every content key once
            assert stats["sources"] == DOCS
            assert (stats["documents"], stats["rejects"]) == (expected["documents"], expected["rejects"])
            keys = [r[0] for r in store._execute("SELECT content_key FROM documents").fetchall()]
            assert len(keys) == len(set(keys))
            got, want = dump(store), dump(ref)
            assert [d["key"] for d in got["documents"]] == [d["key"] for d in want["documents"]]
            assert {s for d in got["documents"] for s in d["sources"]} == {str(f) for f in news_files}
            # each document whole: same text, metadata and facts as the one-process ingest
            for g, w in zip(got["documents"], want["documents"], strict=True):
                assert g["sources"] == w["sources"]
                assert g["meta"][7] == w["meta"][7]  # the text
                if len(g["sources"]) == 1:  # (copies in several files: the first stored gives the metadata)
                    assert (g["meta"][:8], g["facts"]) == (w["meta"][:8], w["facts"]), g["sources"]
            # every stored document has its full-text index entry
            index = "doc_fts" if store.dialect == "sqlite" else "doc_search"
            assert store._execute(f"SELECT count(*) FROM {index}").fetchone()[0] == stats["documents"]
            # the knowledge-base pass ran last over everything that was stored
            assert tables.built_state(store) == tables.corpus_state(store)
