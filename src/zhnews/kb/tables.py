"""SQL for the knowledge-base tables of migrations 100+ (dedup signatures, resolved entities,
careers, merged events, sectors), kept in one module beside the store, in portable SQL.

Reads the per-document facts of the core tables in bulk (a few statements, not one per
document) and rewrites the derived ``kb_*`` tables in one transaction.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from zhnews.document import Document, Entity, Event, Role, Span
from zhnews.kb.model import KnowledgeBase
from zhnews.kb.store import Store

# -- near-duplicate signatures and their LSH bands -------------------------------------------
# A signature row: (content key, source, duplicate_of source, shingle count, num_perm, signature
# bytes, band hashes as signed int64). The bands (dedup_bands) are written in the transaction of
# their signature, so a signature that is visible has its bands.

SignatureRow = tuple[str, str, str | None, int, int, bytes, list[int]]
# A candidate read back: (signature id, content key, source, duplicate_of, shingle count, signature bytes).
Candidate = tuple[int, str, str, str | None, int, bytes]

_CANDIDATE_COLUMNS = "s.id, s.content_key, s.source, s.duplicate_of, s.shingles, s.signature"


def _candidate(row: Any) -> Candidate:
    return int(row[0]), row[1], row[2], row[3], int(row[4]), bytes.fromhex(row[5])


def near_duplicate_candidates(store: Store, band_hashes: list[int], content_key: str, num_perm: int) -> list[Candidate]:
    """Stored signatures (of ``num_perm`` permutations) sharing a band with ``band_hashes``, plus
    the one of ``content_key`` itself if stored, in arrival order (id).

    One query over the band hashes (and the key); a second for the signatures only when there
    are candidates. Two simple lookups rather than one join: each can only be answered from its
    index, whatever the planner knows (a PostgreSQL without statistics, autovacuum off, hashed
    the whole signature table for the join: a scan per document)."""
    ids = [r[0] for r in store._execute(
        f"SELECT b.signature_id FROM dedup_bands b WHERE b.band_hash IN ({marks(len(band_hashes))}) "
        "UNION SELECT k.id FROM dedup_signatures k WHERE k.content_key = ?",
        (*band_hashes, content_key),
    ).fetchall()]
    out: list[Candidate] = []
    for chunk in _chunks(sorted(ids), 500):
        out += [_candidate(r) for r in store._execute(
            f"SELECT {_CANDIDATE_COLUMNS} FROM dedup_signatures s WHERE s.id IN ({marks(len(chunk))}) "
            "AND s.num_perm = ? ORDER BY s.id",
            (*chunk, num_perm),
        ).fetchall()]
    return out


def signature_root_by_source(store: Store, source: str, num_perm: int) -> str | None:
    """The source of the first report of the group of the stored document with ``source`` (its
    signature's duplicate_of, else its own signature's source); None when it has no signature."""
    row = store._execute(
        "SELECT s.duplicate_of, s.source FROM sources x JOIN documents d ON d.id = x.document_id "
        "JOIN dedup_signatures s ON s.content_key = d.content_key WHERE x.source = ? AND s.num_perm = ?",
        (source, num_perm),
    ).fetchone()
    return None if row is None else (row[0] or row[1])


def documents_without_signature(store: Store, after_id: int, through_id: int,
                                page: int = 1000) -> Iterator[tuple[int, str, str, str, str | None]]:
    """(id, content key, source, text, duplicate_of) of the stored documents with ids in
    (``after_id``, ``through_id``] that have no signature, by id. Reads a window of ``page`` ids
    at a time (memory stays flat), in lookups that only an index answers, whatever the planner
    knows (an anti-join, or ``ORDER BY id LIMIT``, may be planned as a scan of the whole table
    by a PostgreSQL without statistics)."""
    while after_id < through_id:
        upto = min(after_id + page, through_id)
        keys = store._execute(
            "SELECT id, content_key FROM documents WHERE id > ? AND id <= ?", (after_id, upto)
        ).fetchall()
        signed = {r[0] for r in store._execute(
            f"SELECT content_key FROM dedup_signatures WHERE content_key IN ({marks(len(keys))})",
            [k for _i, k in keys],
        ).fetchall()} if keys else set()
        missing = sorted(int(i) for i, k in keys if k not in signed)
        if missing:
            rows = store._execute(
                f"SELECT id, content_key, source, text, duplicate_of FROM documents WHERE id IN ({marks(len(missing))}) "
                "ORDER BY id",
                missing,
            ).fetchall()
            yield from ((int(r[0]), r[1], r[2], r[3], r[4]) for r in rows)
        after_id = upto


def last_document_id(store: Store) -> int:
    return int(store._execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0])


def save_signatures(store: Store, rows: Iterable[SignatureRow], attempts: int = 3) -> None:
    """Record signature rows with their bands in one transaction; known content keys are kept
    (with the bands written with them). Rows keep their order (ids are the arrival order), so two
    ingests storing one key can deadlock on PostgreSQL: that transaction is retried."""
    rows = list(rows)
    for attempt in range(attempts):
        try:
            _save_signatures(store, rows)
            return
        except Exception as exc:
            if attempt + 1 == attempts or not store._transient(exc):
                raise
            time.sleep(0.05 * (attempt + 1))


def _save_signatures(store: Store, rows: list[SignatureRow]) -> None:
    if not rows:
        return
    bands = {key: hashes for key, _s, _d, _n, _p, _sig, hashes in rows}
    store._begin_write()
    try:
        new_bands = []
        for chunk in _chunks(rows, 200):
            inserted = store._execute(
                "INSERT INTO dedup_signatures (content_key, source, duplicate_of, shingles, num_perm, signature) "
                f"VALUES {', '.join('(?, ?, ?, ?, ?, ?)' for _ in chunk)} ON CONFLICT (content_key) DO NOTHING "
                "RETURNING id, content_key",
                [v for k, s, d, n, p, sig, _h in chunk for v in (k, s, d, n, p, sig.hex())],
            ).fetchall()
            new_bands += [(h, int(sid)) for sid, key in inserted for h in bands[key]]
        _insert_bands(store, new_bands)
        store._execute("COMMIT")
    except BaseException:
        store._rollback_quietly()
        raise


def _insert_bands(store: Store, rows: list[tuple[int, int]], per_statement: int = 500) -> None:
    """(band hash, signature id) rows, several hundred per statement (a round trip per row costs
    more than the row on PostgreSQL)."""
    for i in range(0, len(rows), per_statement):
        chunk = rows[i : i + per_statement]
        store._execute(
            f"INSERT INTO dedup_bands (band_hash, signature_id) VALUES {', '.join('(?, ?)' for _ in chunk)} "
            "ON CONFLICT DO NOTHING",
            [v for row in chunk for v in row],
        )


def signatures_without_bands(store: Store, after_id: int, through_id: int, num_perm: int,
                             limit: int) -> list[tuple[int, int, bytes]]:
    """(id, shingle count, signature bytes) of up to ``limit`` signatures with ids in
    (``after_id``, ``through_id``] stored before the band table existed, by id."""
    rows = store._execute(
        "SELECT id, shingles, signature FROM dedup_signatures WHERE id > ? AND id <= ? AND num_perm = ? "
        "ORDER BY id LIMIT ?",
        (after_id, through_id, num_perm, limit),
    ).fetchall()
    return [(int(r[0]), int(r[1]), bytes.fromhex(r[2])) for r in rows]


def save_bands(store: Store, rows: list[tuple[int, int]], *, done_through: int) -> None:
    """Record (band hash, signature id) rows of earlier signatures and how far that got, in one
    transaction (two processes doing it at once write the same rows: harmless)."""
    store._begin_write()
    try:
        _insert_bands(store, sorted(rows))  # in key order: each page of the band table written once
        _raise_state(store, "bands_done_through", done_through)
        store._execute("COMMIT")
    except BaseException:
        store._rollback_quietly()
        raise


def dedup_state(store: Store) -> dict[str, int]:
    """The progress markers and band layout of near-duplicate detection (see migration 102)."""
    return {k: int(v) for k, v in store._execute("SELECT key, value FROM dedup_state").fetchall()}


def record_dedup_state(store: Store, values: dict[str, int], *, only_new: bool = False) -> None:
    """Raise the markers in ``values`` (a marker never goes down), or with ``only_new`` set
    record only those not recorded yet."""
    store._begin_write()
    try:
        for key, value in values.items():
            if only_new:
                store._execute("INSERT INTO dedup_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                               (key, value))
            else:
                _raise_state(store, key, value)
        store._execute("COMMIT")
    except BaseException:
        store._rollback_quietly()
        raise


def _raise_state(store: Store, key: str, value: int) -> None:
    store._execute(
        "INSERT INTO dedup_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value "
        "WHERE dedup_state.value < excluded.value",
        (key, value),
    )


# -- per-document facts ----------------------------------------------------------------------


def load_documents(store: Store) -> list[tuple[str, Document]]:
    """Every stored document (key: its id as text) with its facts, as Documents."""
    docs: dict[int, Document] = {}
    for row in store._execute(
        "SELECT id, source, title, published, publisher, text, duplicate_of FROM documents ORDER BY id"
    ).fetchall():
        docs[row[0]] = Document(source=row[1], title=row[2], published=row[3], publisher=row[4], text=row[5],
                                duplicate_of=row[6])
    entities: dict[int, Entity] = {}
    for eid, doc_id, etype, name, aliases in store._execute(
        "SELECT id, document_id, type, name, aliases FROM entities ORDER BY id"
    ).fetchall():
        ent = Entity(etype, name, json.loads(aliases or "[]"), [])
        entities[eid] = ent
        docs[doc_id].entities.append(ent)
    for eid, start, end in store._execute(
        "SELECT entity_id, start_char, end_char FROM mentions ORDER BY entity_id, start_char"
    ).fetchall():
        if eid in entities:
            entities[eid].spans.append(Span(start, end))
    for doc_id, person, title, org, start, end in store._execute(
        "SELECT document_id, person, title, organization, start_char, end_char FROM roles ORDER BY id"
    ).fetchall():
        docs[doc_id].roles.append(Role(person, title, org, Span(start, end)))
    events: dict[int, Event] = {}
    for evid, doc_id, etype, date, place, name, trigger, start, end in store._execute(
        "SELECT id, document_id, type, date, place, name, trigger, start_char, end_char FROM events ORDER BY id"
    ).fetchall():
        ev = Event(etype, date, place, name, [], Span(start, end), trigger or "")
        events[evid] = ev
        docs[doc_id].events.append(ev)
    for evid, name in store._execute(
        "SELECT event_id, name FROM event_participants ORDER BY event_id, position"
    ).fetchall():
        if evid in events:
            events[evid].participants.append(name)
    return [(str(i), d) for i, d in docs.items()]


def content_keys(store: Store) -> dict[str, str]:
    """Document key -> its content key, as stored."""
    return {str(i): k for i, k in store._execute("SELECT id, content_key FROM documents").fetchall()}


def duplicate_keys(store: Store) -> dict[str, str]:
    """Document key -> key of the first report it copies (from documents.duplicate_of sources)."""
    rows = store._execute(
        "SELECT d.id, s.document_id FROM documents d JOIN sources s ON s.source = d.duplicate_of "
        "WHERE d.duplicate_of IS NOT NULL"
    ).fetchall()
    return {str(a): str(b) for a, b in rows if a != b}


# -- the derived tables ----------------------------------------------------------------------

KB_TABLES = ("kb_event_sources", "kb_event_participants", "kb_events", "kb_roles", "kb_mentions",
             "kb_entity_names", "kb_document_sectors", "kb_entities")


def corpus_state(store: Store) -> str:
    """A fingerprint of what the derived tables were computed from (documents and their facts)."""
    n, top = store._execute("SELECT count(*), coalesce(max(id), 0) FROM documents").fetchone()
    facts = store._execute(
        "SELECT (SELECT count(*) FROM entities) + (SELECT count(*) FROM roles) + (SELECT count(*) FROM events)"
    ).fetchone()[0]
    return f"documents={n};max_id={top};facts={facts}"


def built_state(store: Store) -> str | None:
    row = store._execute("SELECT value FROM kb_state WHERE key = 'built_from'").fetchone()
    return row[0] if row else None


def write_knowledge_base(store: Store, kb: KnowledgeBase, state: str) -> bool:
    """Replace the derived tables with ``kb`` in one transaction (readers see old or new, never half).

    ``state`` is the corpus ``kb`` was computed from; if documents were stored since (a concurrent
    ingest, which rebuilds after it), nothing is written and the result is False."""
    entities = [(e.id, e.type, e.name, e.aliases, len(e.documents), len(e.mentions)) for e in kb.entities.values()]
    return _write_tables(
        store, state, entities,
        mentions=((e.id, int(m.doc), m.start, m.end, m.text) for e in kb.entities.values() for m in e.mentions),
        roles=((r.person, r.title, r.organization, r.date, int(r.source.doc), r.source.start, r.source.end, r.source.text)
               for r in kb.roles),
        events=kb.events,
        sectors=((int(d), s, v) for d, sectors in kb.doc_sectors.items() for s, v in sectors),
    )


def write_streamed(store: Store, base: Any, state: str) -> bool:
    """``write_knowledge_base`` for the result of ``zhnews.kb.passes.build_from_store``: the
    per-document rows stream from its spool file into the one transaction."""
    final = {e.id: e.gen for e in base.entities.values()}
    entities = [(e.id, e.type, e.name, e.aliases, e.documents, e.mentions) for e in base.entities.values()]
    mentions = (
        (eid, doc_id, start, end, text)
        for _o, gen, eid, doc_id, start, end, text in base.spool.rows(
            "SELECT ordinal, gen, entity_id, document_id, start_char, end_char, text FROM mentions "
            "ORDER BY ordinal, doc_key, start_char, end_char")
        if final.get(eid) == gen
    )
    return _write_tables(
        store, state, entities, mentions=mentions,
        roles=base.spool.rows("SELECT * FROM roles ORDER BY rowid"),
        events=base.events,
        sectors=base.spool.rows("SELECT * FROM sectors ORDER BY rowid"),
    )


def _chunks(rows: Iterable[tuple], size: int = 20_000) -> Iterator[list[tuple]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _write_tables(
    store: Store, state: str, entities: list[tuple[str, str, str, list[str], int, int]], *,
    mentions: Iterable[tuple], roles: Iterable[tuple], events: list[Any], sectors: Iterable[tuple],
) -> bool:
    """Replace the derived tables in one transaction, unless the corpus changed since ``state``.
    ``entities``: (id, type, name, aliases, documents, mentions), in the base's order."""
    from zhnews.kb.aliases import normalize_name
    from zhnews.kb.resolve import place_key

    store._begin_write()
    try:
        store._lock_derived_tables()
        if corpus_state(store) != state:
            store._rollback_quietly()
            return False
        for table in KB_TABLES:
            store._execute(f"DELETE FROM {table}")
        store._executemany(
            "INSERT INTO kb_entities (id, type, name, aliases, documents, mentions) VALUES (?, ?, ?, ?, ?, ?)",
            [(i, t, n, json.dumps(a, ensure_ascii=False), d, m) for i, t, n, a, d, m in entities],
        )
        names: set[tuple[str, str]] = set()
        for eid, etype, name, aliases, _d, _m in entities:
            for n in [name, *aliases]:
                names.add((normalize_name(n), eid))
                if etype == "place":
                    names.add((place_key(n), eid))
        store._executemany("INSERT INTO kb_entity_names (name, entity_id) VALUES (?, ?)", sorted(names))
        for chunk in _chunks(mentions):
            store._executemany(
                "INSERT INTO kb_mentions (entity_id, document_id, start_char, end_char, text) VALUES (?, ?, ?, ?, ?)", chunk
            )
        for chunk in _chunks(roles):
            store._executemany(
                "INSERT INTO kb_roles (person_id, title, organization_id, date, document_id, start_char, end_char, text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", chunk,
            )
        store._executemany(
            "INSERT INTO kb_events (id, type, date, place_id, name, sectors) VALUES (?, ?, ?, ?, ?, ?)",
            [(ev.id, ev.type, ev.date, ev.place, ev.name, json.dumps(ev.sectors, ensure_ascii=False)) for ev in events],
        )
        store._executemany(
            "INSERT INTO kb_event_participants (event_id, entity_id) VALUES (?, ?)",
            [(ev.id, p) for ev in events for p in ev.participants],
        )
        store._executemany(
            "INSERT INTO kb_event_sources (event_id, document_id, start_char, end_char, text) VALUES (?, ?, ?, ?, ?)",
            [(ev.id, int(s.doc), s.start, s.end, s.text) for ev in events for s in ev.sources],
        )
        for chunk in _chunks(sectors):
            store._executemany("INSERT INTO kb_document_sectors (document_id, sector, score) VALUES (?, ?, ?)", chunk)
        store._execute("DELETE FROM kb_state WHERE key = 'built_from'")
        store._execute("INSERT INTO kb_state (key, value) VALUES ('built_from', ?)", (state,))
        store._execute("COMMIT")
        return True
    except BaseException:
        store._rollback_quietly()
        raise


def rows(store: Store, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
    """Run a read query of the knowledge-base tables (used by zhnews.kb.queries and zhnews.kb.browse)."""
    return [tuple(r) for r in store._execute(sql, tuple(params)).fetchall()]


def marks(n: int) -> str:
    """``n`` comma-separated ``?`` placeholders, for ``IN (...)``."""
    return ", ".join("?" for _ in range(n))
