"""Near-duplicate detection with its LSH index in the store (zhnews.dedup.persist), on SQLite and a
real PostgreSQL: the answers equal one in-memory index over the same documents in the same order,
later ingests find copies of earlier ones, opening the check reads a bounded number of rows
whatever the base holds, and a base made before the band table keeps finding its old documents.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import opencc
import pytest

from kb_backends import BACKENDS, database
from kbdocs import KB_DATA, clean_file
from zhnews import api
from zhnews.dedup import DedupSettings, NearDuplicateIndex, StoreNearDuplicates, persist
from zhnews.document import Document
from zhnews.kb import migrations, tables
from zhnews.kb.store import Store, open_store


def body(path: Path) -> str:
    return clean_file(path).text


@pytest.fixture(scope="module")
def texts(seeds_dir: Path) -> list[str]:
    return [body(p) for p in sorted(seeds_dir.glob("*")) + sorted(KB_DATA.glob("*"))]


def variants(texts: list[str], rng: random.Random) -> list[str]:
    """Originals and what copies of them look like: excerpts, chrome, dropped sentences, another
    script, exact copies, texts glued together, short and empty texts."""
    s2t = opencc.OpenCC("s2t")
    out: list[str] = []
    for i, text in enumerate(texts):
        paragraphs = [p for p in text.split("\n") if p.strip()]
        sentences = [s for s in text.split("。") if s]
        out += [text, text + "\n（完）"]
        out.append("\n".join(paragraphs[: rng.randint(1, max(1, len(paragraphs) // 2))]))
        out.append("首页 | 新闻 | 登录\n" + text + "\n分享到：微信 微博")
        if len(sentences) > 2:
            drop = rng.randrange(len(sentences))
            out.append("。".join(s for j, s in enumerate(sentences) if j != drop))
        out.append(s2t.convert(text))
        out.append(text.replace("。", "！"))  # another content key? no: punctuation is not in it
        out.append(text + texts[(i + 1) % len(texts)][: len(text) // 2])
        out.append(text[:12])
    out += ["", "工信部发布通知。", "工信部发布通知！", "工信部发布通告。"]
    return out


def random_texts(rng: np.random.Generator, n: int, chars: int = 200) -> list[str]:
    """Unrelated texts of ``chars`` common Han characters each (no two are near-duplicates)."""
    return ["".join(chr(c) for c in rng.integers(0x4E00, 0x4E00 + 3000, chars)) for _ in range(n)]


def write(store: Store, prepared: list[Any]) -> None:
    for outcome in store.write(prepared):
        assert outcome.status in ("stored", "duplicate", "known"), outcome


def check_in_runs(db: str, docs: list[tuple[str, str]], runs: int, flush_every: int) -> list[str | None]:
    """What the store-backed check answers for ``docs`` ingested in ``runs`` runs, each writing its
    documents in batches as an ingest does."""
    answers: list[str | None] = []
    size = -(-len(docs) // runs)
    for start in range(0, len(docs), size):
        with open_store(db) as store:
            check = StoreNearDuplicates(store, flush_every=flush_every)
            batch = []
            for source, text in docs[start : start + size]:
                prepared = store.prepare(Document(source=source, text=text))
                prepared.doc.duplicate_of = check(prepared)
                answers.append(prepared.doc.duplicate_of)
                batch.append(prepared)
                if len(batch) == 5:
                    write(store, batch)
                    batch = []
            write(store, batch)
            check.close()
    return answers


def in_memory_answers(docs: list[tuple[str, str]]) -> list[str | None]:
    """The reference: one NearDuplicateIndex over everything (what every ingest used to load)."""
    from zhnews.document import content_key

    idx, source_of = NearDuplicateIndex(), {}
    out = []
    for source, text in docs:
        key = content_key(text)
        source_of.setdefault(key, source)
        root = idx.check_and_add(key, text)
        out.append(source_of[root] if root else None)
    return out


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("seed", [1, 2])
def test_answers_equal_one_in_memory_index_over_several_runs(backend: str, seed: int, texts: list[str],
                                                           tmp_path: Path) -> None:
    rng = random.Random(seed)
    docs = [(f"doc-{i:03d}", t) for i, t in enumerate(variants(texts, rng))]
    rng.shuffle(docs)
    expected = in_memory_answers(docs)
    assert sum(a is not None for a in expected) > len(docs) // 3  # the corpus has many copies
    with database(backend, tmp_path) as db:
        # small flushes: answers come from stored candidates, pending ones and both at once
        assert check_in_runs(db, docs, runs=3, flush_every=4) == expected


def tied_reports() -> tuple[str, str, str]:
    """Two unrelated reports A and B and an excerpt of both whose estimates against each are equal:
    a tie, which goes to the earlier stored (searched with a fixed seed)."""
    idx, rng = NearDuplicateIndex(), np.random.default_rng(0)
    while True:
        common, a_only, b_only = random_texts(rng, 1, 300)[0], *random_texts(rng, 2, 150)
        a, b = common + a_only, b_only + common
        fa, fb, fc = (idx.fingerprint(t) for t in (a, b, common))
        to_a, to_b = idx.is_duplicate(fc, fa), idx.is_duplicate(fc, fb)
        if not idx.is_duplicate(fb, fa)[0] and to_a[0] and to_b == to_a:
            return a, b, common


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_tie_goes_to_the_earlier_report_stored_or_pending(backend: str, tmp_path: Path) -> None:
    a, b, excerpt = tied_reports()
    filler = "与此无关的另一篇报道" * 10
    for names, texts in ((("A", "B"), (a, b)), (("B", "A"), (b, a))):
        docs = [(names[0], texts[0]), ("filler", filler), (names[1], texts[1]), ("excerpt", excerpt)]
        assert in_memory_answers(docs) == [None, None, None, names[0]]
        # both pending; the first stored and the second pending (also by an earlier run); both stored
        for runs, flush_every in ((1, 100), (1, 2), (2, 100), (1, 1)):
            with database(backend, tmp_path) as db:
                assert check_in_runs(db, docs, runs=runs, flush_every=flush_every)[-1] == names[0]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_second_ingest_finds_near_duplicates_of_the_first(backend: str, tmp_path: Path) -> None:
    with database(backend, tmp_path) as db:
        first = api.ingest([str(KB_DATA / "pair_simplified.md"), str(KB_DATA / "conf_report_a.md")], db, workers=1)
        assert (first.stored, first.near_duplicates) == (2, 0)
        second = api.ingest([str(KB_DATA / "pair_traditional.txt"), str(KB_DATA / "conf_report_b.md")], db, workers=1)
        assert (second.stored, second.near_duplicates) == (2, 1)
        with open_store(db) as store:
            dup = store._execute("SELECT duplicate_of FROM documents WHERE source = ?",
                                 (str(KB_DATA / "pair_traditional.txt"),)).fetchone()[0]
            assert dup == str(KB_DATA / "pair_simplified.md")
            signatures = store._execute("SELECT count(*) FROM dedup_signatures").fetchone()[0]
            bands = store._execute("SELECT count(*) FROM dedup_bands").fetchone()[0]
            per_document = StoreNearDuplicates(store)._bands
            assert (signatures, bands) == (4, 4 * per_document)


class Reads:
    """Counts the statements a store runs and the rows they return (wrapping the real store)."""

    def __init__(self, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
        self.statements = self.rows = 0
        execute = store._execute
        reads = self

        class Counted:
            def __init__(self, cursor: Any) -> None:
                self.cursor = cursor

            def fetchall(self) -> list[Any]:
                rows = self.cursor.fetchall()
                reads.rows += len(rows)
                return rows

            def fetchone(self) -> Any:
                row = self.cursor.fetchone()
                reads.rows += row is not None
                return row

        def counted(sql: str, params: Any = ()) -> Counted:
            reads.statements += 1
            return Counted(execute(sql, params))

        monkeypatch.setattr(store, "_execute", counted)


def add_documents(db: str, texts: list[str], prefix: str) -> None:
    with open_store(db) as store:
        check = StoreNearDuplicates(store)
        prepared = [store.prepare(Document(source=f"{prefix}{i}", text=t)) for i, t in enumerate(texts)]
        for p in prepared:
            p.doc.duplicate_of = check(p)
        write(store, prepared)
        check.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_opening_reads_a_bounded_number_of_rows(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tail = 50  # what every start re-examines for a missing signature (4096 by default)
    rng = np.random.default_rng(5)
    copy_of = random_texts(np.random.default_rng(5), 1)[0]
    with database(backend, tmp_path) as db:
        opened = []
        for run in range(2):
            add_documents(db, random_texts(rng, 400), f"run{run}-")
            with open_store(db) as store:
                assert store._execute("SELECT count(*) FROM dedup_signatures").fetchone()[0] == 400 * (run + 1)
                monkeypatch.setattr(persist, "RESCAN_TAIL", tail)
                reads = Reads(store, monkeypatch)
                check = StoreNearDuplicates(store)
                opened.append((reads.statements, reads.rows))
                # checking a document: one query over its bands, one for the signatures it found
                before = reads.statements
                assert check(store.prepare(Document(source="copy", text=copy_of + "（完）"))) == "run0-0"
                assert reads.statements == before + 2
                assert check(store.prepare(Document(source="new", text=random_texts(rng, 1)[0]))) is None
                assert reads.statements == before + 3  # nothing found: no second query
                monkeypatch.undo()
        # the old check read every signature at start (400, then 800 rows); this reads a few
        # markers and the ids and keys of the last `tail` documents, whatever the base holds
        assert opened[0] == opened[1], opened
        assert opened[0][1] <= 2 * tail + 10 and opened[0][0] <= 12, opened


OLD_MIGRATIONS = 101  # the schema before the band table


@contextmanager
def old_schema_store(db: str, tmp_path: Path) -> Iterator[Store]:
    """A store migrated only up to OLD_MIGRATIONS, as a base made by an earlier version."""
    package = Path(migrations.__file__).parent
    folder = tmp_path / "old-migrations"
    folder.mkdir(exist_ok=True)
    for path in package.glob("*.sql"):
        if int(path.name[:3]) <= OLD_MIGRATIONS:
            shutil.copy(path, folder / path.name)
    store = open_store(db, migrate=False)
    store.migrations_folder = folder
    try:
        store.migrate()
        yield store
    finally:
        store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_base_stored_before_the_band_table_still_finds_its_old_documents(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    originals = {p.name: body(p) for p in sorted(KB_DATA.glob("*.md"))}
    rng = np.random.default_rng(9)
    others = random_texts(rng, 7)
    with database(backend, tmp_path) as db:
        with old_schema_store(db, tmp_path) as store:
            assert "dedup_bands" not in {m[1] for m in store.applied_migrations()}
            # what the earlier version stored: documents, and signatures written without bands
            idx = NearDuplicateIndex()
            prepared = [store.prepare(Document(source=name, text=text)) for name, text in originals.items()]
            prepared += [store.prepare(Document(source=f"other{i}", text=t)) for i, t in enumerate(others)]
            write(store, prepared)
            for p in prepared:
                fp = idx.fingerprint(p.doc.text)
                store._begin_write()
                store._execute(
                    "INSERT INTO dedup_signatures (content_key, source, duplicate_of, shingles, num_perm, signature) "
                    "VALUES (?, ?, ?, ?, ?, ?)", (p.content_key, p.doc.source, None, fp.size, 128, fp.to_bytes().hex()))
                store._execute("COMMIT")
        monkeypatch.setattr(persist, "BACKFILL_CHUNK", 3)  # several chunks
        with open_store(db) as store:  # the upgrade: migration 102 makes the band table, empty
            assert store._execute("SELECT count(*) FROM dedup_bands").fetchone()[0] == 0
            check = StoreNearDuplicates(store)  # gives the old signatures their bands
            bands = store._execute("SELECT count(*) FROM dedup_bands").fetchone()[0]
            assert bands == len(prepared) * check._bands
            traditional = store.prepare(Document(source="new", text=body(KB_DATA / "pair_traditional.txt")))
            assert check(traditional) == "pair_simplified.md"
            assert check(store.prepare(Document(source="new2", text=others[3] + "（完）"))) == "other3"
            check.close()
        with open_store(db) as store:  # done once: the next start computes nothing again
            StoreNearDuplicates(store).close()
            assert store._execute("SELECT count(*) FROM dedup_bands").fetchone()[0] == bands + 2 * check._bands
            state = tables.dedup_state(store)
            assert state["bands_done_through"] == state["bands_missing_through"] == len(prepared)


@pytest.mark.parametrize("backend", BACKENDS)
def test_stored_documents_without_a_signature_are_signed_with_their_group(backend: str, tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    root, unrelated = random_texts(rng, 2)
    copy = root + "再加一句话作为结尾的内容"
    with database(backend, tmp_path) as db:
        with open_store(db) as store:  # stored without the near-duplicate check (an interrupted run)
            docs = [Document(source="root", text=root), Document(source="copy", text=copy, duplicate_of="root"),
                    Document(source="unrelated", text=unrelated)]
            write(store, [store.prepare(d) for d in docs])
        with open_store(db) as store:
            check = StoreNearDuplicates(store)
            rows = dict(store._execute("SELECT source, duplicate_of FROM dedup_signatures").fetchall())
            assert rows == {"root": None, "copy": "root", "unrelated": None}
            # closest to the stored copy, whose group's first report is the root
            assert check(store.prepare(Document(source="new", text=copy + "（完）"))) == "root"
            assert check(store.prepare(Document(source="new2", text=unrelated[:150]))) == "unrelated"


def test_settings_that_band_otherwise_are_refused(tmp_path: Path) -> None:
    with open_store(tmp_path / "kb.sqlite") as store:
        StoreNearDuplicates(store).close()
        with pytest.raises(ValueError, match="bands"):
            StoreNearDuplicates(store, DedupSettings(lsh_threshold=0.6))
        StoreNearDuplicates(store, DedupSettings(containment=0.9)).close()  # same bands: fine


@pytest.mark.parametrize("backend", BACKENDS)
def test_documents_another_ingest_left_unsigned_during_a_run_are_signed_at_its_end(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(persist, "RESCAN_TAIL", 2)  # the next start would look at two documents only
    texts = random_texts(np.random.default_rng(4), 12)
    with database(backend, tmp_path) as db:
        add_documents(db, texts[:2], "before-")
        with open_store(db) as store:
            check = StoreNearDuplicates(store)
            # a concurrent ingest stores a document and stops before writing its signature
            write(store, [store.prepare(Document(source="stopped", text=texts[2]))])
            mine = [store.prepare(Document(source=f"mine-{i}", text=t)) for i, t in enumerate(texts[3:])]
            for p in mine:
                p.doc.duplicate_of = check(p)
            write(store, mine)
            check.close()
            signed = {r[0] for r in store._execute("SELECT source FROM dedup_signatures").fetchall()}
            assert "stopped" in signed and len(signed) == 12
        with open_store(db) as store:  # and a copy of it is found by the next ingest
            assert StoreNearDuplicates(store)(store.prepare(Document(source="new", text=texts[2] + "（完）"))) == "stopped"
