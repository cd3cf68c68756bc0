"""Ingest end to end: the seeds, idempotency, renamed copies, workers, dying workers, and that
only clean text is indexed."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pytest

from kb_backends import BACKENDS, database
from zhnews import api
from zhnews.document import Document
from zhnews.kb.store import open_store
from zhnews.pipeline import Pipeline, build_pipeline
from zhnews.run.ingest import ingest
from zhnews.run.local import LocalExecutor


def seed_stems(seeds_dir: Path) -> list[str]:
    return sorted(p.stem for p in seeds_dir.iterdir() if p.is_file())


def test_ingesting_the_seeds_twice_stores_five_documents(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    first = api.ingest([seeds_dir], db, workers=1)
    assert (first.read, first.stored, first.rejected_total) == (5, 5, 0)
    second = api.ingest([seeds_dir], db, workers=2)
    assert (second.read, second.stored, second.known) == (5, 0, 5)
    copy = tmp_path / "renamed"
    copy.mkdir()
    shutil.copy(next(seeds_dir.glob("003_*")), copy / "another_name.txt")
    third = api.ingest([copy], db, workers=1)
    assert (third.stored, third.duplicates) == (0, 1)
    stats = api.stats(db)
    assert stats["documents"] == 5
    assert stats["sources"] == 6
    view = api.show("another_name.txt", db)
    assert view is not None and any(s.endswith("003_0c9ebdb7acd5295b.txt") for s in view["sources"])


def test_one_and_two_workers_store_the_same(seeds_dir: Path, tmp_path: Path) -> None:
    def snapshot(db: Path) -> list[tuple]:
        with open_store(db) as s:
            keys = s._execute("SELECT content_key, source FROM documents ORDER BY content_key").fetchall()
            out = []
            for key, source in keys:
                doc = s.find_document(source)
                out.append((key, doc.title, doc.published, json.dumps(s.facts(doc.id), ensure_ascii=False, sort_keys=True)))
            return out

    api.ingest([seeds_dir], tmp_path / "one.sqlite", workers=1)
    api.ingest([seeds_dir], tmp_path / "two.sqlite", workers=2)
    assert snapshot(tmp_path / "one.sqlite") == snapshot(tmp_path / "two.sqlite")


def test_seeds_are_searchable_and_removed_text_is_not(seeds_dir: Path, gold_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    api.ingest([seeds_dir], db, workers=1)
    with api.open_kb(db) as kb:
        for stem in seed_stems(seeds_dir):
            gold = json.loads((gold_dir / f"{stem}.json").read_text(encoding="utf-8"))
            for phrase in gold["text"]["must_contain"]:
                hits = [h.source for h in api.search(phrase, kb=kb, limit=20)]
                assert any(stem in s for s in hits), f"{stem}: kept text {phrase!r} is not found"
            for phrase in gold["text"]["must_not_contain"]:
                hits = [h.source for h in api.search(phrase, kb=kb, limit=20)]
                assert not any(stem in s for s in hits), f"{stem}: removed text {phrase!r} is found"


class DropFooter:
    """A cleaning stage for this test: the last sentence (a footer) does not survive cleaning."""

    def __call__(self, doc: Document) -> Document:
        doc.text = doc.text.split("【页脚】")[0]
        return doc


class KillWorkerOn:
    """A stage that kills the worker process running it when the text holds ``marker``."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __call__(self, doc: Document) -> Document:
        if self.marker in doc.text and os.getpid() != self.parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return doc

    parent = os.getpid()


def text_pipeline(*extra: object) -> Pipeline:
    pipeline = build_pipeline(extract=False)
    return Pipeline([*pipeline.stages, DropFooter(), *extra])


def write_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(f"第{i}号文件：企业发布了新产品，销量增长{i}成。【页脚】版权所有鲸鱼网{i}", encoding="utf-8")


def test_only_clean_text_is_indexed(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 3)
    with open_store(tmp_path / "kb.sqlite") as store:
        report = ingest([str(tmp_path / "in")], store, pipeline=text_pipeline(), executor=LocalExecutor(workers=1))
        assert report.stored == 3
        assert len(api.search("新产品", kb=store)) == 3
        assert api.search("版权所有", kb=store) == []
        assert api.search("鲸", kb=store) == []


def test_a_worker_that_dies_costs_only_its_document(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 40)
    (tmp_path / "in" / "poison.txt").write_text("这份文件会让进程崩溃。毒丸", encoding="utf-8")
    rejected: list[str] = []
    with open_store(tmp_path / "kb.sqlite") as store:
        report = ingest(
            [str(tmp_path / "in")], store, pipeline=text_pipeline(KillWorkerOn("毒丸")),
            executor=LocalExecutor(workers=2, shard_size=4), on_reject=lambda r: rejected.append(r.reason),
        )
        assert (report.read, report.stored, report.rejected_total) == (41, 40, 1)
        assert rejected == ["worker process died processing this document"]
        stats = store.stats()
        assert stats["documents"] == 40 and stats["rejects"] == 1
        # every stored document is whole: its source and its index entry are there
        orphans = store._execute(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.document_id = d.id) "
            "OR d.id NOT IN (SELECT rowid FROM doc_fts)"
        ).fetchone()[0]
        assert orphans == 0


class Interrupt:
    """Simulates Ctrl-C in the middle of a run, after ``after`` documents."""

    def __init__(self, after: int) -> None:
        self.after = after
        self.seen = 0

    def __call__(self, doc: Document) -> Document:
        self.seen += 1
        if self.seen > self.after:
            raise KeyboardInterrupt
        return doc


def test_interrupted_ingest_keeps_whole_documents_and_resumes(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 50)
    db = tmp_path / "kb.sqlite"
    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        ingest([str(tmp_path / "in")], store, pipeline=text_pipeline(Interrupt(37)), executor=LocalExecutor(workers=1, shard_size=8))
    with open_store(db) as store:
        stored = store.stats()["documents"]
        assert stored == 32  # four whole shards; the interrupted one left nothing
        report = ingest([str(tmp_path / "in")], store, pipeline=text_pipeline(), executor=LocalExecutor(workers=1))
        assert (report.stored, report.known) == (50 - stored, stored)
        assert store.stats()["documents"] == 50


def test_bad_inputs_are_rejected_with_reasons_and_the_rest_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_corpus(folder, 2)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "nul.txt").write_bytes("正文\x00内容，企业发布新产品。".encode())
    report = api.ingest([folder, tmp_path / "missing.txt"], tmp_path / "kb.sqlite", workers=1)
    assert report.read == 6
    assert report.stored >= 2
    assert report.stored + report.rejected_total == report.read
    with api.open_kb(tmp_path / "kb.sqlite") as kb:
        rejects = {Path(r["source"]).name: r["reason"] for r in kb.rejects()}
    assert {"missing.txt", "empty.txt"} <= rejects.keys()
    assert all(rejects.values())
    assert len(rejects) == report.rejected_total


@pytest.mark.parametrize("query", ["网", "安", "安全", "产业", "网络安全", "網絡安全", "產業園區", "信息化"])
def test_seed_search_finds_exactly_the_documents_holding_the_term(seeds_dir: Path, tmp_path: Path, query: str) -> None:
    from zhnews.kb.tokenize import normalize_query

    db = tmp_path / "kb.sqlite"
    api.ingest([seeds_dir], db, workers=1)
    term = normalize_query(query)
    with api.open_kb(db) as kb:
        rows = kb._execute("SELECT source, coalesce(title, '') || ' ' || text FROM documents").fetchall()
        expected = {source for source, text in rows if term in text}
        assert expected, f"no seed holds {term!r}: pick another term"
        found = {h.source for h in api.search(query, kb=kb, limit=50)}
    assert found == expected


def _ingest_process(db: str, paths: list[str]) -> None:
    with open_store(db) as store:
        report = ingest(paths, store, pipeline=build_pipeline(extract=False), executor=LocalExecutor(workers=1, shard_size=4))
        assert report.failed == 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_ingests_at_once_lose_nothing_and_duplicate_nothing(backend: str, tmp_path: Path) -> None:
    import multiprocessing

    folder = tmp_path / "in"
    write_corpus(folder, 60)
    files = sorted(str(p) for p in folder.iterdir())
    with database(backend, tmp_path) as db:
        open_store(db).close()  # schema first, as a user's first ingest would
        ctx = multiprocessing.get_context("fork")
        runs = [ctx.Process(target=_ingest_process, args=(db, files)), ctx.Process(target=_ingest_process, args=(db, files[::-1]))]
        for run in runs:
            run.start()
        for run in runs:
            run.join(timeout=300)
        assert [run.exitcode for run in runs] == [0, 0]
        with open_store(db) as store:
            stats = store.stats()
            assert (stats["documents"], stats["sources"], stats["rejects"]) == (60, 60, 0)
            assert len(api.search("新产品", kb=store, limit=100)) == 60


def test_progress_bar_counts_documents_with_rate_and_eta(tmp_path: Path) -> None:
    import io

    from zhnews.run.ingest import count_inputs
    from zhnews.run.progress import Progress

    write_corpus(tmp_path / "in", 7)
    (tmp_path / "in" / "lines.jsonl").write_text('{"text": "甲"}\n{"text": "乙"}\n', encoding="utf-8")
    assert count_inputs([str(tmp_path / "in"), str(tmp_path / "missing")]) == 9
    stream = io.StringIO()
    with open_store(tmp_path / "kb.sqlite") as store:
        ingest([str(tmp_path / "in")], store, pipeline=text_pipeline(), executor=LocalExecutor(workers=1, shard_size=2),
               progress=Progress(9, stream=stream, enabled=True))
    shown = stream.getvalue()
    assert "9/9" in shown and "doc/s" in shown and "<00:00" in shown
