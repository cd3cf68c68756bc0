"""Questions to the knowledge base: entity profiles, event timelines, careers, co-occurrence,
graph neighbourhoods, and exports (JSON Lines, CSV, GraphML).

Every function takes an open ``Store``; the derived tables are brought up to date first
(:func:`zhnews.kb.build.rebuild` does nothing when they are current). Results are plain
JSON-ready data, the same for the CLI, the HTTP API and the web UI. Every fact carries its
sources: document id, source, title, date, and the character span with its text.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from zhnews.kb.aliases import curated_aliases, normalize_name
from zhnews.kb.resolve import place_key
from zhnews.kb.tables import marks, rows

MAX_ROWS = 1000


def ensure_current(store: Any) -> None:
    """Rebuild the derived tables if documents changed since they were computed."""
    from zhnews.kb.build import rebuild

    rebuild(store)


# -- lookups ---------------------------------------------------------------------------------


def find_entities(store: Any, name: str, type: str | None = None) -> list[dict[str, Any]]:
    """Entities whose canonical name or an alias is ``name`` (script and suffix variants too)."""
    ensure_current(store)
    keys = {normalize_name(name), place_key(name)}
    curated = curated_aliases().canonical(name)  # 中国信通院 finds 中国信息通信研究院 even if never written so
    if curated:
        keys.add(curated)
    sql = (f"SELECT DISTINCT e.id, e.type, e.name, e.aliases, e.documents, e.mentions FROM kb_entity_names n "
           f"JOIN kb_entities e ON e.id = n.entity_id WHERE n.name IN ({marks(len(keys))})")
    params: list[Any] = list(keys)
    if type:
        sql += " AND e.type = ?"
        params.append(type)
    sql += " ORDER BY e.documents DESC, e.id"
    return [_entity_row(r) for r in rows(store, sql, params)]


def _entity_row(r: tuple) -> dict[str, Any]:
    return {"id": r[0], "type": r[1], "name": r[2], "aliases": json.loads(r[3]), "documents": r[4], "mentions": r[5]}


def entity(store: Any, entity_id: str) -> dict[str, Any] | None:
    found = rows(store, "SELECT id, type, name, aliases, documents, mentions FROM kb_entities WHERE id = ?", (entity_id,))
    return _entity_row(found[0]) if found else None


def _doc_refs(store: Any, doc_ids: set[int]) -> dict[int, dict[str, Any]]:
    if not doc_ids:
        return {}
    ids = sorted(doc_ids)
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for d, source, title, published, publisher, dup in rows(
            store, f"SELECT id, source, title, published, publisher, duplicate_of FROM documents WHERE id IN ({marks(len(chunk))})", chunk
        ):
            out[d] = {"id": d, "source": source, "title": title, "published": published, "publisher": publisher,
                      "duplicate_of": dup}
    return out


# -- profile ---------------------------------------------------------------------------------


def roles_of(store: Any, person_id: str) -> list[dict[str, Any]]:
    """A person's titles over time, oldest first, each with the document and span that state it."""
    found = rows(
        store,
        "SELECT r.title, r.organization_id, o.name, r.date, r.document_id, r.start_char, r.end_char, r.text "
        "FROM kb_roles r LEFT JOIN kb_entities o ON o.id = r.organization_id WHERE r.person_id = ? "
        "ORDER BY coalesce(r.date, '9999'), r.document_id, r.start_char LIMIT ?",
        (person_id, MAX_ROWS),
    )
    docs = _doc_refs(store, {r[4] for r in found})
    return [
        {"title": t, "organization_id": oid, "organization": oname, "date": date,
         "source": {**docs.get(d, {"id": d}), "span": [s, e], "text": text}}
        for t, oid, oname, date, d, s, e, text in found
    ]


def events_of(store: Any, entity_id: str) -> list[dict[str, Any]]:
    """Events an entity takes part in or that happen at it (a place)."""
    ids = [r[0] for r in rows(
        store,
        "SELECT event_id FROM kb_event_participants WHERE entity_id = ? UNION SELECT id FROM kb_events WHERE place_id = ?",
        (entity_id, entity_id),
    )]
    return events(store, event_ids=ids) if ids else []


def cooccurring(store: Any, entity_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """Entities mentioned in the same documents, with how many documents they share."""
    found = rows(
        store,
        "WITH d AS (SELECT DISTINCT document_id FROM kb_mentions WHERE entity_id = ?) "
        "SELECT e.id, e.type, e.name, count(DISTINCT b.document_id) AS n FROM d "
        "JOIN kb_mentions b ON b.document_id = d.document_id AND b.entity_id <> ? "
        "JOIN kb_entities e ON e.id = b.entity_id "
        "GROUP BY e.id, e.type, e.name ORDER BY n DESC, e.name LIMIT ?",
        (entity_id, entity_id, limit),
    )
    return [{"id": i, "type": t, "name": n, "documents": c} for i, t, n, c in found]


def partners(store: Any, entity_id: str) -> list[dict[str, Any]]:
    """Co-signers and co-participants: entities sharing events with this one, by shared events."""
    found = rows(
        store,
        "SELECT e.id, e.type, e.name, v.type, count(*) FROM kb_event_participants a "
        "JOIN kb_event_participants b ON b.event_id = a.event_id AND b.entity_id <> a.entity_id "
        "JOIN kb_entities e ON e.id = b.entity_id JOIN kb_events v ON v.id = a.event_id "
        "WHERE a.entity_id = ? GROUP BY e.id, e.type, e.name, v.type ORDER BY count(*) DESC, e.name LIMIT ?",
        (entity_id, MAX_ROWS),
    )
    merged: dict[str, dict[str, Any]] = {}
    for i, t, n, vtype, c in found:
        p = merged.setdefault(i, {"id": i, "type": t, "name": n, "events": 0, "event_types": {}})
        p["events"] += c
        p["event_types"][vtype] = c
    return sorted(merged.values(), key=lambda p: (-p["events"], p["name"]))


def documents_of(store: Any, entity_id: str, limit: int = 100) -> list[dict[str, Any]]:
    found = rows(
        store,
        "SELECT document_id, count(*) FROM kb_mentions WHERE entity_id = ? GROUP BY document_id "
        "ORDER BY document_id LIMIT ?",
        (entity_id, limit),
    )
    docs = _doc_refs(store, {r[0] for r in found})
    out = [{**docs.get(d, {"id": d}), "mentions": n} for d, n in found]
    return sorted(out, key=lambda d: (d.get("published") or "9999", d["id"]))


def profile(store: Any, entity_id: str) -> dict[str, Any] | None:
    """Everything the base knows about one entity."""
    ensure_current(store)
    ent = entity(store, entity_id)
    if ent is None:
        return None
    mentions = rows(
        store,
        "SELECT document_id, start_char, end_char, text FROM kb_mentions WHERE entity_id = ? "
        "ORDER BY document_id, start_char LIMIT ?",
        (entity_id, MAX_ROWS),
    )
    ent["roles"] = roles_of(store, entity_id) if ent["type"] == "person" else []
    if ent["type"] == "organization":
        ent["people"] = _people_of(store, entity_id)
    ent["events"] = events_of(store, entity_id)
    ent["cooccurring"] = cooccurring(store, entity_id)
    ent["partners"] = partners(store, entity_id)
    ent["places"] = [c for c in ent["cooccurring"] if c["type"] == "place"]
    ent["document_list"] = documents_of(store, entity_id)
    ent["mention_spans"] = [{"document_id": d, "span": [s, e], "text": t} for d, s, e, t in mentions]
    return ent


def _people_of(store: Any, org_id: str) -> list[dict[str, Any]]:
    found = rows(
        store,
        "SELECT p.id, p.name, r.title, r.date, r.document_id FROM kb_roles r JOIN kb_entities p ON p.id = r.person_id "
        "WHERE r.organization_id = ? ORDER BY coalesce(r.date, '9999'), p.name LIMIT ?",
        (org_id, MAX_ROWS),
    )
    return [{"id": i, "name": n, "title": t, "date": d, "document_id": doc} for i, n, t, d, doc in found]


def entity_profiles(store: Any, name: str, type: str | None = None) -> list[dict[str, Any]]:
    """Profiles of every entity named ``name`` (namesakes are separate entities)."""
    return [p for e in find_entities(store, name, type) if (p := profile(store, e["id"])) is not None]


# -- events ----------------------------------------------------------------------------------


def events(
    store: Any,
    *,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    place: str | None = None,
    entity: str | None = None,
    sector: str | None = None,
    event_ids: list[str] | None = None,
    limit: int = MAX_ROWS,
) -> list[dict[str, Any]]:
    """A timeline of merged events (oldest first), each with place, participants, sectors and sources.

    ``place`` and ``entity`` are names (any alias or script; a place includes the places named
    inside it only by name equality). Dates compare as ISO prefixes: ``--to 2026-04`` includes April.
    """
    ensure_current(store)
    where, params = ["1=1"], []
    if type:
        where.append("v.type = ?")
        params.append(type)
    if date_from or date_to:
        # an event whose year is unknown (--MM-DD, XXXX-MM-DD) cannot be placed in a range
        where.append("substr(v.date, 1, 1) IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')")
    if date_from:
        where.append("v.date >= ?")
        params.append(date_from)
    if date_to:
        where.append("v.date <= ?")
        params.append(date_to + "\uffff")
    if place:
        ids = [e["id"] for e in find_entities(store, place, "place")]
        if not ids:
            return []
        where.append(f"v.place_id IN ({marks(len(ids))})")
        params += ids
    if entity:
        ids = [e["id"] for e in find_entities(store, entity)]
        if not ids:
            return []
        where.append(f"(v.id IN (SELECT event_id FROM kb_event_participants WHERE entity_id IN ({marks(len(ids))})) "
                     f"OR v.place_id IN ({marks(len(ids))}))")
        params += ids + ids
    if sector:
        where.append("v.sectors LIKE ?")
        params.append(f'%"{sector}"%')
    if event_ids is not None:
        if not event_ids:
            return []
        where.append(f"v.id IN ({marks(len(event_ids))})")
        params += event_ids
    found = rows(
        store,
        f"SELECT v.id, v.type, v.date, v.place_id, p.name, v.name, v.sectors FROM kb_events v "
        f"LEFT JOIN kb_entities p ON p.id = v.place_id WHERE {' AND '.join(where)} "
        f"ORDER BY coalesce(v.date, '9999'), v.id LIMIT ?",
        (*params, min(limit, MAX_ROWS)),
    )
    if not found:
        return []
    ids = [r[0] for r in found]
    parts: dict[str, list[dict[str, str]]] = defaultdict(list)
    for evid, eid, etype, ename in rows(
        store,
        f"SELECT a.event_id, e.id, e.type, e.name FROM kb_event_participants a JOIN kb_entities e ON e.id = a.entity_id "
        f"WHERE a.event_id IN ({marks(len(ids))}) ORDER BY e.name",
        ids,
    ):
        parts[evid].append({"id": eid, "type": etype, "name": ename})
    srcs: dict[str, list[tuple]] = defaultdict(list)
    for evid, d, s, e, text in rows(
        store,
        f"SELECT event_id, document_id, start_char, end_char, text FROM kb_event_sources WHERE event_id IN ({marks(len(ids))}) "
        f"ORDER BY document_id, start_char",
        ids,
    ):
        srcs[evid].append((d, s, e, text))
    docs = _doc_refs(store, {x[0] for v in srcs.values() for x in v})
    out = []
    for evid, etype, date, place_id, place_name, name, sectors in found:
        out.append({
            "id": evid, "type": etype, "date": date, "place": place_name, "place_id": place_id, "name": name,
            "participants": parts.get(evid, []), "sectors": json.loads(sectors),
            "sources": [{**docs.get(d, {"id": d}), "span": [s, e], "text": text} for d, s, e, text in srcs.get(evid, [])],
        })
    return out


# -- graph -----------------------------------------------------------------------------------


def neighbourhood(store: Any, entity_id: str, *, limit: int = 50) -> dict[str, Any]:
    """The entity, its events, and the entities linked to it through events, roles and documents:
    ``{"nodes": [...], "edges": [...]}`` for a graph view."""
    ensure_current(store)
    center = entity(store, entity_id)
    if center is None:
        return {"nodes": [], "edges": []}
    nodes: dict[str, dict[str, Any]] = {entity_id: {"id": entity_id, "kind": center["type"], "label": center["name"]}}
    edges: list[dict[str, Any]] = []
    for ev in events_of(store, entity_id)[:limit]:
        nodes[ev["id"]] = {"id": ev["id"], "kind": "event", "label": ev["name"] or ev["type"], "date": ev["date"]}
        for p in ev["participants"]:
            nodes.setdefault(p["id"], {"id": p["id"], "kind": p["type"], "label": p["name"]})
            edges.append({"source": p["id"], "target": ev["id"], "kind": "participates"})
        if ev["place_id"]:
            nodes.setdefault(ev["place_id"], {"id": ev["place_id"], "kind": "place", "label": ev["place"]})
            edges.append({"source": ev["id"], "target": ev["place_id"], "kind": "held_in"})
    if center["type"] == "person":
        for r in roles_of(store, entity_id):
            if r["organization_id"]:
                nodes.setdefault(r["organization_id"], {"id": r["organization_id"], "kind": "organization",
                                                        "label": r["organization"]})
                edges.append({"source": entity_id, "target": r["organization_id"], "kind": "role", "title": r["title"],
                              "date": r["date"]})
    elif center["type"] == "organization":
        for p in _people_of(store, entity_id):
            nodes.setdefault(p["id"], {"id": p["id"], "kind": "person", "label": p["name"]})
            edges.append({"source": p["id"], "target": entity_id, "kind": "role", "title": p["title"], "date": p["date"]})
    for c in cooccurring(store, entity_id, limit=limit):
        nodes.setdefault(c["id"], {"id": c["id"], "kind": c["type"], "label": c["name"]})
        edges.append({"source": entity_id, "target": c["id"], "kind": "cooccurs", "weight": c["documents"]})
    return {"nodes": list(nodes.values()), "edges": edges}


# -- export ----------------------------------------------------------------------------------

EXPORT_FORMATS = ("jsonl", "csv", "graphml")


def _all(store: Any) -> dict[str, list[dict[str, Any]]]:
    ensure_current(store)
    docs = [
        {"id": d, "source": s, "title": t, "published": p, "publisher": pub, "url": u, "duplicate_of": dup,
         "sectors": []}
        for d, s, t, p, pub, u, dup in rows(
            store, "SELECT id, source, title, published, publisher, url, duplicate_of FROM documents ORDER BY id")
    ]
    by_id = {d["id"]: d for d in docs}
    for d, sector, _score in rows(store, "SELECT document_id, sector, score FROM kb_document_sectors ORDER BY document_id, score DESC"):
        by_id[d]["sectors"].append(sector)
    entities = [_entity_row(r) for r in rows(
        store, "SELECT id, type, name, aliases, documents, mentions FROM kb_entities ORDER BY type, name, id")]
    roles = [
        {"person_id": p, "person": pn, "title": t, "organization_id": o, "organization": on, "date": date,
         "document_id": d, "span": [s, e], "text": text}
        for p, pn, t, o, on, date, d, s, e, text in rows(
            store,
            "SELECT r.person_id, p.name, r.title, r.organization_id, o.name, r.date, r.document_id, r.start_char, "
            "r.end_char, r.text FROM kb_roles r JOIN kb_entities p ON p.id = r.person_id "
            "LEFT JOIN kb_entities o ON o.id = r.organization_id ORDER BY r.id")
    ]
    evs = []
    ids = [r[0] for r in rows(store, "SELECT id FROM kb_events ORDER BY coalesce(date, '9999'), id")]
    for i in range(0, len(ids), MAX_ROWS):
        evs += events(store, event_ids=ids[i : i + MAX_ROWS])
    return {"documents": docs, "entities": entities, "roles": roles, "events": evs}


def export_records(store: Any) -> Iterator[dict[str, Any]]:
    """Every document, entity, role and event as one JSON-ready record with a ``kind`` field."""
    data = _all(store)
    for kinds, kind in (("documents", "document"), ("entities", "entity"), ("roles", "role"), ("events", "event")):
        for rec in data[kinds]:
            yield {"kind": kind, **rec}


def export_jsonl(store: Any, out: TextIO) -> int:
    n = 0
    for rec in export_records(store):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def export_csv(store: Any, folder: Path) -> list[Path]:
    """One CSV file per kind (documents, entities, roles, events) in ``folder``; lists become JSON cells."""
    folder.mkdir(parents=True, exist_ok=True)
    data = _all(store)
    written = []
    for kind, recs in data.items():
        path = folder / f"{kind}.csv"
        flat = [_flatten(r) for r in recs]
        columns = list(flat[0]) if flat else ["id"]
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=columns)
            w.writeheader()
            w.writerows(flat)
        written.append(path)
    return written


def _flatten(rec: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in rec.items():
        if k == "participants":
            v = "|".join(p["name"] for p in v)
        elif k == "sources":
            v = "|".join(str(s["id"]) for s in v)
        elif isinstance(v, (list, dict)):
            v = json.dumps(v, ensure_ascii=False)
        out[k] = v
    return out


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


def graphml(store: Any) -> str:
    """The base as a GraphML graph (Gephi, Neo4j APOC, networkx): documents, entities and events as
    nodes; mentions, reports, participation, places and roles as edges."""
    data = _all(store)
    node_keys = ["kind", "labels", "name", "type", "aliases", "date", "title", "published", "source", "sectors"]
    edge_keys = ["label", "title", "date", "weight", "span"]
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for k in node_keys:
        ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {"id": f"n_{k}", "for": "node", "attr.name": k,
                                                     "attr.type": "string"})
    for k in edge_keys:
        ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {"id": f"e_{k}", "for": "edge", "attr.name": k,
                                                     "attr.type": "int" if k == "weight" else "string"})
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", {"id": "zhnews", "edgedefault": "directed"})

    def node(nid: str, **attrs: Any) -> None:
        el = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": nid})
        for k, v in attrs.items():
            if v not in (None, "", []):
                ET.SubElement(el, f"{{{GRAPHML_NS}}}data", {"key": f"n_{k}"}).text = (
                    "|".join(v) if isinstance(v, list) else str(v))

    n_edges = 0

    def edge(src: str, dst: str, **attrs: Any) -> None:
        nonlocal n_edges
        n_edges += 1
        el = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", {"id": f"e{n_edges}", "source": src, "target": dst})
        for k, v in attrs.items():
            if v not in (None, ""):
                ET.SubElement(el, f"{{{GRAPHML_NS}}}data", {"key": f"e_{k}"}).text = str(v)

    for d in data["documents"]:
        node(f"doc:{d['id']}", kind="document", labels=":Document", title=d["title"], published=d["published"],
             source=d["source"], sectors=d["sectors"])
    for e in data["entities"]:
        node(e["id"], kind=e["type"], labels=":" + e["type"].capitalize(), name=e["name"], aliases=e["aliases"])
    for ev in data["events"]:
        node(ev["id"], kind="event", labels=":Event", name=ev["name"], type=ev["type"], date=ev["date"],
             sectors=ev["sectors"])
        for p in ev["participants"]:
            edge(p["id"], ev["id"], label="PARTICIPATES_IN")
        if ev["place_id"]:
            edge(ev["id"], ev["place_id"], label="HELD_IN")
        for s in ev["sources"]:
            edge(f"doc:{s['id']}", ev["id"], label="REPORTS", span=f"{s['span'][0]}-{s['span'][1]}")
    for r in data["roles"]:
        if r["organization_id"]:
            edge(r["person_id"], r["organization_id"], label="HOLDS_ROLE", title=r["title"], date=r["date"],
                 span=f"{r['document_id']}:{r['span'][0]}-{r['span'][1]}")
    for d, eid, n in rows(store, "SELECT document_id, entity_id, count(*) FROM kb_mentions GROUP BY document_id, entity_id "
                                 "ORDER BY document_id, entity_id"):
        edge(f"doc:{d}", eid, label="MENTIONS", weight=n)
    ET.indent(root)
    buf = io.StringIO()
    ET.ElementTree(root).write(buf, encoding="unicode", xml_declaration=True)
    return buf.getvalue() + "\n"
