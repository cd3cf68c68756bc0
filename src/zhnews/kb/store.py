"""The knowledge-base store: every SQL statement of zhnews lives in this layer.

``Store`` holds the portable SQL (``?`` placeholders, ``INSERT ... ON CONFLICT``, ``RETURNING``,
explicit ``BEGIN``/``COMMIT``); a backend subclass supplies the connection, the placeholder
style and the dialect-specific parts (full-text index and search, migration locking).
``SQLiteStore`` is the default (standard library); ``zhnews.kb.store_postgres.PostgresStore``
is its sibling for ``postgresql://`` URLs.

Writes come in batches from a single writer; a batch is one transaction, so an interrupted
ingest never leaves a half-written document, and a document the database refuses is retried
alone so it never loses the others.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from zhnews.document import Document, Reject, fast_pickle
from zhnews.kb.migrations import Migration, discover
from zhnews.kb.tokenize import IndexTokens, QueryTerm, date_range_tokens, fts5_phrases, index_tokens, publisher_token

DEFAULT_DB = "zhnews.sqlite"
# Search ranks at most this many candidate matches (the most recently stored first): a row cap,
# so that a one-character query over millions of documents answers in milliseconds.
SEARCH_CANDIDATES = 1000


def default_db() -> str:
    """``$ZHNEWS_DB``, else ``./zhnews.sqlite``."""
    return os.environ.get("ZHNEWS_DB") or DEFAULT_DB


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@fast_pickle  # these travel back from every worker
@dataclass(slots=True)
class PreparedDocument:
    """A processed document ready to store: its identity and its index entry, computed in the
    worker so the single writer only writes."""

    doc: Document
    content_key: str
    index: IndexTokens | str  # FTS5 token columns (SQLite) or a tsvector literal (PostgreSQL)
    # the near-duplicate fingerprint (zhnews.dedup.Fingerprint, default settings) when the worker
    # made it, so that the single writer only looks it up; None: the writer makes it
    fingerprint: Any = None


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    """What happened to one item of a batch.

    ``status``: ``stored`` (new document), ``duplicate`` (its content was stored already, from
    another source), ``known`` (this source with this content was stored already),
    ``rejected`` (a reject recorded), ``failed`` (the database refused it; ``reason`` says why).
    """

    source: str
    status: str
    reason: str = ""
    document_id: int | None = None
    near_duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Restrictions on search hits: published date range (inclusive, ISO prefix compare), publisher."""

    date_from: str | None = None
    date_to: str | None = None
    publisher: str | None = None

    def __bool__(self) -> bool:
        return any((self.date_from, self.date_to, self.publisher))


@dataclass(slots=True)
class StoredDocument:
    """A document row as read back from the store (metadata and text; facts fetched apart)."""

    id: int
    content_key: str
    source: str
    title: str | None
    published: str | None
    publisher: str | None
    url: str | None
    authors: list[str]
    flags: list[str]
    text: str
    duplicate_of: str | None
    ingested_at: str
    format: str | None = None
    encoding: str | None = None
    dateline_place: str | None = None
    sources: list[str] = field(default_factory=list)


DOC_COLUMNS = (
    "id, content_key, source, title, published, publisher, url, authors, flags, text, duplicate_of, "
    "ingested_at, format, encoding, dateline_place"
)


def _json_list(values: list[str]) -> str:
    """``json.dumps`` of a list of strings, without the call for the common empty list."""
    return json.dumps(values, ensure_ascii=False) if values else "[]"


def _row_to_document(row: Sequence[Any]) -> StoredDocument:
    return StoredDocument(
        id=row[0], content_key=row[1], source=row[2], title=row[3], published=row[4], publisher=row[5],
        url=row[6], authors=json.loads(row[7] or "[]"), flags=json.loads(row[8] or "[]"), text=row[9],
        duplicate_of=row[10], ingested_at=row[11], format=row[12], encoding=row[13], dateline_place=row[14],
    )


class StoreError(RuntimeError):
    """The knowledge base cannot be opened or used (missing file, wrong schema, no driver)."""


class Store:
    """Portable knowledge-base operations. Subclasses: ``SQLiteStore``, ``PostgresStore``."""

    dialect: ClassVar[str] = ""
    location: str

    # -- backend hooks -------------------------------------------------------------------
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; returns a cursor (``fetchone``/``fetchall``)."""
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _begin_write(self) -> None:
        """Start a write transaction (taking the write lock up front where the engine has one)."""
        self._execute("BEGIN")

    def _lock_migrations(self) -> None:
        """Serialize concurrent migrators inside the current transaction."""

    def _begin_snapshot(self) -> None:
        """Start a read transaction whose statements all see one state of the database
        (so a pass reading several tables never sees half of a concurrent ingest's batch)."""
        self._execute("BEGIN")

    def _lock_derived_tables(self) -> None:
        """Serialize rewriters of the derived knowledge-base tables inside the current write
        transaction (SQLite: the write lock of ``BEGIN IMMEDIATE`` already does)."""

    def _index_insert(self, doc_id: int, prepared: PreparedDocument) -> None:
        self._index_insert_many([(doc_id, prepared)])

    def search_ids(
        self, groups: list[list[QueryTerm]], filters: SearchFilters, limit: int, *, candidates: int = SEARCH_CANDIDATES
    ) -> list[tuple[int, float]]:
        """(document id, score) of the best matches, best first (higher score is better)."""
        raise NotImplementedError

    def prepare(self, doc: Document) -> PreparedDocument:
        return prepare_document(doc, self.dialect)

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema --------------------------------------------------------------------------
    migrations_folder: Path | None = None  # None: the zhnews.kb.migrations package

    def migrations(self) -> list[Migration]:
        return discover(self.dialect, self.migrations_folder)

    def applied_migrations(self) -> list[tuple[int, str, str]]:
        """(version, name, applied_at) of every recorded migration."""
        try:
            return [tuple(r) for r in self._execute("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").fetchall()]
        except Exception:  # noqa: BLE001 - a fresh database has no table yet
            self._rollback_quietly()
            return []

    def migrate(self) -> list[str]:
        """Apply every migration not yet recorded, each in its own transaction. Returns their names."""
        applied: list[str] = []
        for migration in self.migrations():
            self._begin_write()
            try:
                self._lock_migrations()
                self._execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                )
                done = self._execute("SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)).fetchone()
                if not done:
                    for statement in migration.statements():
                        self._execute(statement)
                    self._execute(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                        (migration.version, migration.name, now()),
                    )
                    applied.append(f"{migration.version:03d}_{migration.name}")
                self._execute("COMMIT")
            except BaseException:
                self._rollback_quietly()
                raise
        return applied

    def _rollback_quietly(self) -> None:
        try:
            self._execute("ROLLBACK")
        except Exception:  # noqa: BLE001 - nothing to roll back
            pass

    # -- writing -------------------------------------------------------------------------
    def write(self, batch: Sequence[PreparedDocument | Reject]) -> list[WriteOutcome]:
        """Store a batch in one transaction. If the database refuses one item, the batch is
        rolled back and written again one item per transaction, so the refused item fails
        alone and every document is all-or-nothing. (No savepoint per document: releasing a
        savepoint makes SQLite FTS5 flush its pending index, which costs more than the write.)"""
        if not batch:
            return []
        stamp = now()
        self._begin_write()
        try:
            index_later: list[tuple[int, PreparedDocument]] = []
            outcomes = [self._write_item(item, stamp, index_later) for item in batch]
            self._index_insert_many(index_later)
            self._execute("COMMIT")
            return outcomes
        except Exception:  # noqa: BLE001 - find the refused item below
            self._rollback_quietly()
        except BaseException:
            self._rollback_quietly()
            raise
        return [self._write_alone(item, stamp) for item in batch]

    def _write_alone(self, item: PreparedDocument | Reject, stamp: str, attempts: int = 3) -> WriteOutcome:
        """One item in its own transaction; a transient conflict with a concurrent writer
        (deadlock, lock timeout) is retried, any other refusal is the item's failure."""
        for attempt in range(attempts):
            self._begin_write()
            try:
                index_later: list[tuple[int, PreparedDocument]] = []
                outcome = self._write_item(item, stamp, index_later)
                self._index_insert_many(index_later)
                self._execute("COMMIT")
                return outcome
            except Exception as exc:  # noqa: BLE001 - a database refusal is a reject, not a crash
                self._rollback_quietly()
                if attempt + 1 < attempts and self._transient(exc):
                    time.sleep(0.05 * (attempt + 1))
                    continue
                source = item.source if isinstance(item, Reject) else item.doc.source
                return WriteOutcome(source, "failed", f"store: {type(exc).__name__}: {exc}"[:300])
            except BaseException:
                self._rollback_quietly()
                raise
        raise AssertionError("unreachable")

    @staticmethod
    def _transient(exc: Exception) -> bool:
        """A conflict with a concurrent writer that a retry may resolve."""
        name = type(exc).__name__
        return name in ("DeadlockDetected", "SerializationFailure", "LockNotAvailable") or "locked" in str(exc)

    def _write_item(
        self, item: PreparedDocument | Reject, stamp: str, index_later: list[tuple[int, PreparedDocument]]
    ) -> WriteOutcome:
        if isinstance(item, Reject):
            return self._write_reject(item, stamp)
        outcome = self._write_document(item, stamp)
        if outcome.status == "stored" and outcome.document_id is not None:
            index_later.append((outcome.document_id, item))
        return outcome

    def _index_insert_many(self, items: list[tuple[int, PreparedDocument]]) -> None:
        """Index the batch's new documents together, after their rows: full-text engines
        batch their index work (SQLite FTS5 flushes its pending terms at every statement
        savepoint, so interleaving index and row inserts would flush once per document)."""
        raise NotImplementedError

    def _write_reject(self, reject: Reject, stamp: str) -> WriteOutcome:
        self._execute(
            "INSERT INTO rejects (source, reason, stage, rejected_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (source) DO UPDATE SET reason = excluded.reason, stage = excluded.stage, "
            "rejected_at = excluded.rejected_at",
            (reject.source, reject.reason, reject.stage, stamp),
        )
        return WriteOutcome(reject.source, "rejected", reject.reason)

    def _write_document(self, prepared: PreparedDocument, stamp: str) -> WriteOutcome:
        doc = prepared.doc
        row = self._execute(
            "INSERT INTO documents (content_key, source, format, encoding, title, published, publisher, url, "
            "authors, dateline_place, flags, text, chars, duplicate_of, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (content_key) DO NOTHING RETURNING id",
            (
                prepared.content_key, doc.source, doc.format, doc.encoding, doc.title, doc.published, doc.publisher,
                doc.url, _json_list(doc.authors), doc.dateline_place,
                _json_list(doc.flags), doc.text, len(doc.text), doc.duplicate_of, stamp,
            ),
        ).fetchone()
        self._execute("DELETE FROM rejects WHERE source = ?", (doc.source,))
        if row is None:
            doc_id = self._execute("SELECT id FROM documents WHERE content_key = ?", (prepared.content_key,)).fetchone()[0]
            known = self._execute("SELECT document_id FROM sources WHERE source = ?", (doc.source,)).fetchone()
            if known and known[0] == doc_id:
                return WriteOutcome(doc.source, "known", document_id=doc_id)
            self._link_source(doc.source, doc_id, stamp)
            return WriteOutcome(doc.source, "duplicate", document_id=doc_id)
        doc_id = row[0]
        self._link_source(doc.source, doc_id, stamp)
        self._write_facts(doc_id, doc)
        return WriteOutcome(doc.source, "stored", document_id=doc_id, near_duplicate_of=doc.duplicate_of)

    def _link_source(self, source: str, doc_id: int, stamp: str) -> None:
        self._execute(
            "INSERT INTO sources (source, document_id, first_seen) VALUES (?, ?, ?) "
            "ON CONFLICT (source) DO UPDATE SET document_id = excluded.document_id",
            (source, doc_id, stamp),
        )

    def _insert_with_ids(self, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> list[int]:
        """Insert ``rows`` (values for ``columns``) into an ``AUTO_ID`` table; their ids, in order.
        Portable: one ``RETURNING`` statement per row (backends may do it in one round trip)."""
        marks = ", ".join("?" for _ in columns.split(","))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id"
        return [self._execute(sql, row).fetchone()[0] for row in rows]

    def _write_facts(self, doc_id: int, doc: Document) -> None:
        if doc.entities:
            entity_ids = self._insert_with_ids(
                "entities", "document_id, type, name, aliases",
                [(doc_id, e.type, e.name, _json_list(e.aliases)) for e in doc.entities],
            )
            mentions = [(eid, doc_id, s.start, s.end) for eid, e in zip(entity_ids, doc.entities, strict=True) for s in e.spans]
            if mentions:
                self._executemany(
                    "INSERT INTO mentions (entity_id, document_id, start_char, end_char) VALUES (?, ?, ?, ?)", mentions
                )
        if doc.roles:
            self._executemany(
                "INSERT INTO roles (document_id, person, title, organization, start_char, end_char) VALUES (?, ?, ?, ?, ?, ?)",
                [(doc_id, r.person, r.title, r.organization, r.span.start, r.span.end) for r in doc.roles],
            )
        if doc.events:
            event_ids = self._insert_with_ids(
                "events", "document_id, type, date, place, name, trigger, start_char, end_char",
                [(doc_id, ev.type, ev.date, ev.place, ev.name, ev.trigger, ev.span.start, ev.span.end) for ev in doc.events],
            )
            participants = [(evid, i, name) for evid, ev in zip(event_ids, doc.events, strict=True)
                            for i, name in enumerate(ev.participants)]
            if participants:
                self._executemany("INSERT INTO event_participants (event_id, position, name) VALUES (?, ?, ?)", participants)
        if doc.figures:
            self._executemany(
                "INSERT INTO figures (document_id, value, unit, text, approx, start_char, end_char) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(doc_id, f.value, f.unit, f.text, f.approx, f.span.start, f.span.end) for f in doc.figures],
            )

    # -- reading -------------------------------------------------------------------------
    def documents_by_id(self, ids: Sequence[int]) -> dict[int, StoredDocument]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self._execute(f"SELECT {DOC_COLUMNS} FROM documents WHERE id IN ({marks})", tuple(ids)).fetchall()
        return {row[0]: _row_to_document(row) for row in rows}

    def find_document(self, ref: str) -> StoredDocument | None:
        """A document by source (exact, then by file name or path suffix), content key, or id."""
        row = self._execute("SELECT document_id FROM sources WHERE source = ?", (ref,)).fetchone()
        if row is None and ref:
            suffix = ref.replace("\\", "/").lstrip("/")
            row = self._execute(
                "SELECT document_id FROM sources WHERE source LIKE ? ESCAPE '!' ORDER BY source LIMIT 1",
                ("%/" + suffix.replace("!", "!!").replace("%", "!%").replace("_", "!_"),),
            ).fetchone()
        if row is None and len(ref) >= 8 and all(c in "0123456789abcdef" for c in ref):
            row = self._execute("SELECT id FROM documents WHERE content_key LIKE ? LIMIT 1", (ref + "%",)).fetchone()
        if row is None and ref.isdigit():
            row = (int(ref),)
        if row is None:
            return None
        doc = self.documents_by_id([row[0]]).get(row[0])
        if doc is not None:
            doc.sources = [r[0] for r in self._execute(
                "SELECT source FROM sources WHERE document_id = ? ORDER BY first_seen, source", (doc.id,)
            ).fetchall()]
        return doc

    def facts(self, doc_id: int) -> dict[str, list[dict[str, Any]]]:
        """Entities (with mention spans), roles, events (with participants) and figures of a document."""
        entities: dict[int, dict[str, Any]] = {}
        for eid, etype, name, aliases in self._execute(
            "SELECT id, type, name, aliases FROM entities WHERE document_id = ? ORDER BY id", (doc_id,)
        ).fetchall():
            entities[eid] = {"type": etype, "name": name, "aliases": json.loads(aliases), "spans": []}
        for eid, start, end in self._execute(
            "SELECT entity_id, start_char, end_char FROM mentions WHERE document_id = ? ORDER BY start_char", (doc_id,)
        ).fetchall():
            entities[eid]["spans"].append([start, end])
        roles = [
            {"person": p, "title": t, "organization": o, "span": [s, e]}
            for p, t, o, s, e in self._execute(
                "SELECT person, title, organization, start_char, end_char FROM roles WHERE document_id = ? ORDER BY start_char, id",
                (doc_id,),
            ).fetchall()
        ]
        events: dict[int, dict[str, Any]] = {}
        for evid, etype, date, place, name, trigger, s, e in self._execute(
            "SELECT id, type, date, place, name, trigger, start_char, end_char FROM events WHERE document_id = ? "
            "ORDER BY start_char, id",
            (doc_id,),
        ).fetchall():
            events[evid] = {"type": etype, "date": date, "place": place, "name": name, "participants": [],
                            "trigger": trigger, "span": [s, e]}
        if events:
            for evid, name in self._execute(
                "SELECT p.event_id, p.name FROM event_participants p JOIN events v ON v.id = p.event_id "
                "WHERE v.document_id = ? ORDER BY p.event_id, p.position",
                (doc_id,),
            ).fetchall():
                events[evid]["participants"].append(name)
        figures = [
            {"value": v, "unit": u, "text": t, "approx": a, "span": [s, e]}
            for v, u, t, a, s, e in self._execute(
                "SELECT value, unit, text, approx, start_char, end_char FROM figures WHERE document_id = ? ORDER BY start_char, id",
                (doc_id,),
            ).fetchall()
        ]
        return {"entities": list(entities.values()), "roles": roles, "events": list(events.values()), "figures": figures}

    def stats(self) -> dict[str, Any]:
        """Counts over the whole knowledge base."""

        def one(sql: str) -> Any:
            return self._execute(sql).fetchone()[0]

        documents = one("SELECT count(*) FROM documents")
        sources = one("SELECT count(*) FROM sources")
        near = one("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL")
        exact = max(0, sources - documents)
        out: dict[str, Any] = {
            "documents": documents,
            "sources": sources,
            "characters": one("SELECT coalesce(sum(chars), 0) FROM documents"),
            "duplicates": exact + near,
            "duplicates_exact": exact,
            "duplicates_near": near,
            "rejects": one("SELECT count(*) FROM rejects"),
            "entities": one("SELECT count(*) FROM entities"),
            "mentions": one("SELECT count(*) FROM mentions"),
            "roles": one("SELECT count(*) FROM roles"),
            "events": one("SELECT count(*) FROM events"),
            "figures": one("SELECT count(*) FROM figures"),
        }
        out["entities_by_type"] = dict(self._execute(
            "SELECT type, count(*) FROM entities GROUP BY type ORDER BY type").fetchall())
        out["events_by_type"] = dict(self._execute(
            "SELECT type, count(*) FROM events GROUP BY type ORDER BY type").fetchall())
        out["rejects_by_stage"] = dict(self._execute(
            "SELECT stage, count(*) FROM rejects GROUP BY stage ORDER BY stage").fetchall())
        first, last = self._execute(
            "SELECT min(published), max(published) FROM documents WHERE published IS NOT NULL").fetchone()
        out["published_range"] = [first, last]
        out["schema_version"] = one("SELECT coalesce(max(version), 0) FROM schema_migrations")
        return out

    def rejects(self, limit: int = 100) -> list[dict[str, str]]:
        return [
            {"source": s, "reason": r, "stage": st}
            for s, r, st in self._execute(
                "SELECT source, reason, stage FROM rejects ORDER BY source LIMIT ?", (limit,)
            ).fetchall()
        ]

    def _filter_sql(self, filters: SearchFilters, alias: str = "d") -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if filters.date_from:
            clauses.append(f"{alias}.published >= ?")
            params.append(filters.date_from)
        if filters.date_to:
            # inclusive: '2024-05' covers every day of May
            clauses.append(f"{alias}.published <= ?")
            params.append(filters.date_to + "\uffff")
        if filters.publisher:
            clauses.append(f"{alias}.publisher = ?")
            params.append(filters.publisher)
        return (" AND ".join(clauses) or "1=1"), params

    def count_filtered(self, filters: SearchFilters, cap: int) -> int:
        """How many documents pass the filters, counting at most ``cap + 1``."""
        where, params = self._filter_sql(filters)
        return self._execute(
            f"SELECT count(*) FROM (SELECT 1 FROM documents d WHERE {where} LIMIT ?) AS f", (*params, cap + 1)
        ).fetchone()[0]


def prepare_document(doc: Document, dialect: str) -> PreparedDocument:
    """Identity and index entry of a processed document (pure; runs in workers)."""
    from zhnews.document import content_key

    if dialect == "postgres":
        from zhnews.kb.tokenize import tsvector_literal

        index: IndexTokens | str = tsvector_literal(doc.title, doc.text)
    else:
        index = index_tokens(doc.title, doc.text, published=doc.published, publisher=doc.publisher)
    return PreparedDocument(doc, content_key(doc.text), index)


class SQLiteStore(Store):
    """The default store: one SQLite file, WAL journal, FTS5 full-text index."""

    dialect: ClassVar[str] = "sqlite"

    def __init__(self, path: str | Path, *, create: bool = True, migrations_folder: Path | None = None) -> None:
        self.migrations_folder = migrations_folder
        path = Path(path)
        if not create and not path.exists():
            raise StoreError(f"no knowledge base at {path} (create one with: zhnews ingest PATH... --db {path})")
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        self.location = str(path)
        try:
            self.conn = sqlite3.connect(str(path), isolation_level=None, timeout=60.0, check_same_thread=False)
            _set_wal(self.conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is not a zhnews knowledge base: {exc}") from exc
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 60000")
        self.conn.execute("PRAGMA cache_size = -65536")
        self.conn.execute("PRAGMA temp_store = MEMORY")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def _begin_write(self) -> None:
        # IMMEDIATE takes the write lock now: two concurrent ingests queue instead of deadlocking
        self._execute("BEGIN IMMEDIATE")

    def _insert_with_ids(self, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> list[int]:
        # One executemany with explicit ids instead of a statement per row. Safe: writes run under
        # BEGIN IMMEDIATE (no other writer), and max(id) + 1 is the id SQLite would pick itself.
        if not rows:
            return []
        first = self._execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]
        marks = ", ".join("?" for _ in columns.split(","))
        self._executemany(f"INSERT INTO {table} (id, {columns}) VALUES (?, {marks})",
                          [(first + i, *row) for i, row in enumerate(rows)])
        return list(range(first, first + len(rows)))

    def _index_insert_many(self, items: list[tuple[int, PreparedDocument]]) -> None:
        if not items:
            return
        tokens = []
        for doc_id, p in items:
            t = p.index
            if not isinstance(t, IndexTokens):
                t = index_tokens(p.doc.title, p.doc.text, published=p.doc.published, publisher=p.doc.publisher)
            tokens.append((doc_id, t))
        self._executemany(
            "INSERT INTO doc_fts (rowid, title_bi, body_bi, meta) VALUES (?, ?, ?, ?)",
            [(i, t.title_bi, t.body_bi, t.meta) for i, t in tokens],
        )
        self._executemany(
            "INSERT INTO doc_chars (rowid, chars) VALUES (?, ?)", [(i, f"{t.chars} {t.meta}") for i, t in tokens]
        )

    def published_years(self) -> tuple[int, int] | None:
        """First and last year of publication stored (through the index), or None."""
        years = []
        for order in ("ASC", "DESC"):
            row = self._execute(
                f"SELECT published FROM documents WHERE published IS NOT NULL ORDER BY published {order} LIMIT 1"
            ).fetchone()
            if row is None or not row[0][:4].isdigit():
                return None
            years.append(int(row[0][:4]))
        return years[0], years[1]

    def _filter_match(self, filters: SearchFilters) -> str | None:
        """The filters as FTS5 terms ('' when none; None when nothing can match). No column filter:
        filter tokens are unique to filters, and doc_chars (detail=none) cannot filter columns."""
        parts = []
        if filters.publisher:
            parts.append(f'"{publisher_token(filters.publisher)}"')
        if filters.date_from or filters.date_to:
            years = self.published_years()
            tokens = date_range_tokens(filters.date_from, filters.date_to, years) if years else []
            if not tokens:
                return None
            parts.append("(" + " OR ".join(f'"{t}"' for t in tokens) + ")")
        return " AND ".join(parts)

    def search_ids(
        self, groups: list[list[QueryTerm]], filters: SearchFilters, limit: int, *, candidates: int = SEARCH_CANDIDATES
    ) -> list[tuple[int, float]]:
        if not groups or limit <= 0:
            return []
        filter_match = self._filter_match(filters)
        if filter_match is None:
            return []
        best: dict[int, float] = {}
        for group in groups:  # alternatives (OR): each ranked alone, merged by score
            for doc_id, score in self._search_group(group, filters, filter_match, limit, candidates):
                best[doc_id] = max(score, best.get(doc_id, score))
        return sorted(best.items(), key=lambda kv: (-kv[1], -kv[0]))[:limit]

    def _search_group(
        self, group: list[QueryTerm], filters: SearchFilters, filter_match: str, limit: int, candidates: int
    ) -> list[tuple[int, float]]:
        bigrams, chars = fts5_phrases(group, "bi"), fts5_phrases(group, "uni")
        where, params = self._filter_sql(filters)  # exact (day-level) bounds on the few candidates
        if bigrams:
            # bm25 over the newest `candidates` matches (FTS5 walks rowids downwards and stops)
            match = " AND ".join(x for x in (bigrams, filter_match) if x)
            also, also_params = ("AND rowid IN (SELECT rowid FROM doc_chars WHERE doc_chars MATCH ?)", [chars]) if chars else ("", [])
            inner = (
                f"SELECT rowid AS id, -bm25(doc_fts, 4.0, 1.0, 0.0) AS score FROM doc_fts "
                f"WHERE doc_fts MATCH ? {also} ORDER BY rowid DESC LIMIT ?"
            )
            inner_params = [match, *also_params, candidates]
        else:
            # one-character terms only: the character set has no frequencies, so newest first
            match = " AND ".join(x for x in (chars, filter_match) if x)
            inner = "SELECT rowid AS id, 0.0 AS score FROM doc_chars WHERE doc_chars MATCH ? ORDER BY rowid DESC LIMIT ?"
            inner_params = [match, candidates]
        sql = (
            f"WITH c AS MATERIALIZED ({inner}) SELECT c.id, c.score FROM c JOIN documents d ON d.id = c.id "
            f"WHERE {where} ORDER BY c.score DESC, c.id DESC LIMIT ?"
        )
        rows = self._execute(sql, (*inner_params, *params, limit)).fetchall()
        return [(r[0], r[1]) for r in rows]

    def close(self) -> None:
        self.conn.close()


def is_postgres_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def open_store(db: str | Path | None = None, *, create: bool = True, migrate: bool = True) -> Store:
    """Open the knowledge base at ``db`` (a SQLite path or a ``postgresql://`` URL), migrated.

    ``create=False`` refuses to create a new SQLite file (for read-only commands).
    """
    db = str(db or default_db())
    if is_postgres_url(db):
        from zhnews.kb.store_postgres import PostgresStore

        store: Store = PostgresStore(db)
    else:
        store = SQLiteStore(db, create=create)
    if migrate:
        store.migrate()
    return store


def _set_wal(conn: sqlite3.Connection, patience: float = 60.0) -> None:
    """WAL mode, waiting while another ingest holds the file: switching the journal mode can
    answer "database is locked" at once, without the busy handler, while a writer commits."""

    deadline = time.monotonic() + patience
    delay = 0.05
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
