"""Reads the web UI and HTTP API need beyond :mod:`zhnews.kb.queries`: document lists and
fact filters, the links from a document's own facts to resolved entities and merged events,
entity lists by partial name, and the entity graph (co-participation and co-signing).

SQL lives here, beside the store (portable SQL with ``?`` placeholders, run by the store), over
the core tables (``documents``, ``entities``, ``mentions``, ``events``) and the derived ``kb_*``
tables the global pass writes (:mod:`zhnews.kb.tables`). Every list has a row cap.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from zhnews.kb.store import SearchFilters, Store
from zhnews.kb.tables import marks as _marks
from zhnews.kb.tables import rows as _rows

SNIPPET = 100
EDGE_CAP = 5000


def _like(text: str) -> str:
    return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"


def set_time_limit(store: Store, seconds: float) -> None:
    """Interrupt any statement of this connection once ``seconds`` have passed (SQLite: from now on,
    for all statements together; PostgreSQL: per statement, ``statement_timeout``)."""
    import sqlite3
    import time

    conn = getattr(store, "conn", None)
    if isinstance(conn, sqlite3.Connection):
        deadline = time.monotonic() + seconds
        conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 1_000)
    elif store.dialect == "postgres":
        store._execute(f"SET statement_timeout = {max(1, int(seconds * 1000))}")  # noqa: SLF001


def kb_counts(store: Store) -> dict[str, int]:
    """Sizes of the derived knowledge base: resolved entities (by type) and merged events."""
    out = {"kb_entities": _rows(store, "SELECT count(*) FROM kb_entities")[0][0],
           "kb_events": _rows(store, "SELECT count(*) FROM kb_events")[0][0]}
    for etype, n in _rows(store, "SELECT type, count(*) FROM kb_entities GROUP BY type ORDER BY type"):
        out[f"kb_{etype}s"] = n
    return out


# -- documents ----------------------------------------------------------------------------------
def list_documents(store: Store, *, filters: SearchFilters | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Documents newest first (undated last), shaped like search hits, at most ``limit``."""
    where, params = store._filter_sql(filters or SearchFilters())  # noqa: SLF001
    rows = _rows(
        store,
        f"SELECT d.id, d.source, d.title, d.published, d.publisher, d.url, d.duplicate_of, d.content_key, "
        f"substr(d.text, 1, {SNIPPET}) FROM documents d WHERE {where} "
        f"ORDER BY (d.published IS NULL), d.published DESC, d.id DESC LIMIT ?",
        (*params, max(0, limit)),
    )
    return [
        {
            "source": source, "title": title, "published": published, "publisher": publisher, "url": url,
            "score": None, "snippet": head.replace("\n", " "), "snippet_html": html.escape(head.replace("\n", " ")),
            "document_id": doc_id, "content_key": key, "duplicate_of": dup,
        }
        for doc_id, source, title, published, publisher, url, dup, key, head in rows
    ]


def document_ref(store: Store, source: str) -> dict[str, Any] | None:
    """The document a source was read into (id, title), or None."""
    found = _rows(
        store,
        "SELECT d.id, d.title, d.source FROM sources s JOIN documents d ON d.id = s.document_id WHERE s.source = ?",
        (source,),
    )
    return {"id": found[0][0], "title": found[0][1], "source": found[0][2]} if found else None


def duplicates_of(store: Store, doc_id: int) -> list[dict[str, Any]]:
    """Later reports marked as near-duplicates of this document (their ``duplicate_of`` is one of its sources)."""
    rows = _rows(
        store,
        "SELECT DISTINCT d.id, d.title, d.source, d.publisher, d.published FROM documents d "
        "JOIN sources s ON s.source = d.duplicate_of WHERE s.document_id = ? AND d.id <> ? ORDER BY d.id",
        (doc_id, doc_id),
    )
    return [{"id": i, "title": t, "source": s, "publisher": p, "published": d} for i, t, s, p, d in rows]


def resolve_entity_ids(store: Store, ref: str, type: str | None = None) -> list[str]:
    """Entity ids for ``ref``: an entity id, else every entity with that name or alias."""
    from zhnews.kb.aliases import normalize_name
    from zhnews.kb.resolve import place_key

    if _rows(store, "SELECT 1 FROM kb_entities WHERE id = ?", (ref,)):
        return [ref]
    keys = {normalize_name(ref), place_key(ref)}
    type_sql, type_params = (" AND e.type = ?", [type]) if type else ("", [])
    rows = _rows(
        store,
        f"SELECT DISTINCT n.entity_id FROM kb_entity_names n JOIN kb_entities e ON e.id = n.entity_id "
        f"WHERE n.name IN ({_marks(len(keys))}){type_sql} ORDER BY n.entity_id",
        (*keys, *type_params),
    )
    return [r[0] for r in rows]


def document_ids(
    store: Store, *, entity: str | None = None, event_type: str | None = None, place: str | None = None,
    sector: str | None = None,
) -> set[int]:
    """Documents that mention ``entity``, report an event of ``event_type``, name ``place``, or are about ``sector`` (all given must hold)."""
    sets: list[set[int]] = []
    if entity:
        ids = resolve_entity_ids(store, entity)
        sets.append({r[0] for r in _rows(
            store, f"SELECT DISTINCT document_id FROM kb_mentions WHERE entity_id IN ({_marks(len(ids))})", ids)} if ids else set())
    if event_type:
        sets.append({r[0] for r in _rows(store, "SELECT DISTINCT document_id FROM events WHERE type = ?", (event_type,))})
    if place:
        ids = resolve_entity_ids(store, place, "place")
        found = {r[0] for r in _rows(store, "SELECT DISTINCT document_id FROM entities WHERE type = 'place' AND name = ?", (place,))}
        if ids:
            found |= {r[0] for r in _rows(
                store, f"SELECT DISTINCT document_id FROM kb_mentions WHERE entity_id IN ({_marks(len(ids))})", ids)}
        sets.append(found)
    if sector:
        sets.append({r[0] for r in _rows(store, "SELECT document_id FROM kb_document_sectors WHERE sector = ?", (sector,))})
    return set.intersection(*sets) if sets else set()


def document_sectors(store: Store, doc_ids: Sequence[int]) -> dict[int, list[str]]:
    """The sectors (网络安全, 信创, 算力 …) each document is about, from the knowledge-base pass."""
    out: dict[int, list[str]] = defaultdict(list)
    ids = sorted(set(doc_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for doc_id, sector in _rows(
            store, f"SELECT document_id, sector FROM kb_document_sectors WHERE document_id IN ({_marks(len(chunk))}) "
            "ORDER BY document_id, score DESC", chunk,
        ):
            out[doc_id].append(sector)
    return dict(out)


def fact_links(store: Store, doc_id: int) -> dict[str, dict[Any, str]]:
    """Links from one document's own facts to the base: ``entities`` maps (type, name) to the
    resolved entity id (matched by mention span), ``events`` maps the index of each event (in
    ``Store.facts`` order) to the merged event id (matched by span)."""
    entities: dict[Any, str] = {}
    for etype, name, entity_id in _rows(
        store,
        "SELECT e.type, e.name, k.entity_id FROM entities e JOIN mentions m ON m.entity_id = e.id "
        "JOIN kb_mentions k ON k.document_id = m.document_id AND k.start_char = m.start_char AND k.end_char = m.end_char "
        "WHERE e.document_id = ? ORDER BY e.id, m.start_char",
        (doc_id,),
    ):
        entities.setdefault((etype, name), entity_id)
    events: dict[Any, str] = {}
    order: dict[int, int] = {}
    for ev_id, kb_id in _rows(
        store,
        "SELECT v.id, k.event_id FROM events v LEFT JOIN kb_event_sources k ON k.document_id = v.document_id "
        "AND k.start_char = v.start_char AND k.end_char = v.end_char WHERE v.document_id = ? ORDER BY v.start_char, v.id",
        (doc_id,),
    ):
        index = order.setdefault(ev_id, len(order))
        if kb_id and index not in events:
            events[index] = kb_id
    return {"entities": entities, "events": events}


# -- entities -----------------------------------------------------------------------------------
def list_entities(store: Store, *, name: str | None = None, type: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Resolved entities, most documented first; ``name`` matches any part of a name or alias."""
    from zhnews.kb.aliases import normalize_name

    clauses, params = ["1=1"], []
    if type:
        clauses.append("e.type = ?")
        params.append(type)
    if name:
        clauses.append("e.id IN (SELECT entity_id FROM kb_entity_names WHERE name LIKE ? ESCAPE '!')")
        params.append(_like(normalize_name(name)))
    rows = _rows(
        store,
        f"SELECT e.id, e.type, e.name, e.aliases, e.documents, e.mentions FROM kb_entities e WHERE {' AND '.join(clauses)} "
        f"ORDER BY e.documents DESC, e.mentions DESC, e.name LIMIT ?",
        (*params, max(0, limit)),
    )
    return [{"id": i, "type": t, "name": n, "aliases": json.loads(a or "[]"), "documents": d, "mentions": m}
            for i, t, n, a, d, m in rows]


def _entity_names(store: Store, ids: Iterable[str]) -> dict[str, dict[str, str]]:
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    return {i: {"id": i, "name": n, "type": t} for i, n, t in _rows(
        store, f"SELECT id, name, type FROM kb_entities WHERE id IN ({_marks(len(ids))})", ids)}


# -- graph --------------------------------------------------------------------------------------
def graph(store: Store, *, center: str | None = None, limit: int = 150) -> dict[str, Any] | None:
    """Entities linked by taking part in the same merged event (``co-signing`` when it is a signing,
    else ``co-participation``), weighted by the number of shared events, and persons linked to the
    organizations they hold titles at (``role``, unless already linked by an event). With
    ``center``: its neighbours and the links among them. None when ``center`` is not an entity."""
    if center is not None and not _rows(store, "SELECT 1 FROM kb_entities WHERE id = ?", (center,)):
        return None
    rows = _rows(
        store,
        "SELECT a.entity_id, b.entity_id, e.type, count(*) AS n FROM kb_event_participants a "
        "JOIN kb_event_participants b ON b.event_id = a.event_id AND a.entity_id < b.entity_id "
        "JOIN kb_events e ON e.id = a.event_id GROUP BY a.entity_id, b.entity_id, e.type ORDER BY n DESC LIMIT ?",
        (EDGE_CAP,),
    )
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for a, b, etype, n in rows:
        edge = edges.setdefault((a, b), {"source": a, "target": b, "weight": 0, "kind": "co-participation"})
        edge["weight"] += n
        if etype == "signing":
            edge["kind"] = "co-signing"
    for person, org, n in _rows(
        store,
        "SELECT person_id, organization_id, count(*) AS n FROM kb_roles WHERE organization_id IS NOT NULL "
        "GROUP BY person_id, organization_id ORDER BY n DESC LIMIT ?",
        (EDGE_CAP,),
    ):
        a, b = sorted((person, org))
        edge = edges.setdefault((a, b), {"source": a, "target": b, "weight": 0, "kind": "role"})
        edge["weight"] += n
    if center is not None:
        neighbours = {center} | {x for pair in edges for x in pair if center in pair}
        edges = {k: v for k, v in edges.items() if k[0] in neighbours and k[1] in neighbours}
    degree: dict[str, int] = defaultdict(int)
    for (a, b), edge in edges.items():
        degree[a] += edge["weight"]
        degree[b] += edge["weight"]
    if center is not None:
        degree.setdefault(center, 0)
    keep = sorted(degree, key=lambda n: (n != center, -degree[n], n))[:limit]
    kept = set(keep)
    names = _entity_names(store, keep)
    nodes = [{**names[n], "degree": degree[n]} for n in keep if n in names]
    links = [e for (a, b), e in edges.items() if a in kept and b in kept]
    return {"center": center, "nodes": nodes, "links": links}
