"""The knowledge-base pass over a store, streaming: memory grows with distinct names, not documents.

``build_from_store`` computes exactly what ``build_knowledge_base`` computes from all stored
documents held in memory (the same ids, names, aliases, mentions, careers, merged events and
sectors, written in the same order), but reads the documents in chunks, three times, in the
build order (publication date, then content key):

1. short forms the texts define (``X（以下简称“Y”）``) and the sectors of each document;
2. the comparable keys of every organization and place name, joined by union-find, and per
   key the names seen with their counts: the base-wide organizations and places;
3. per document: its names resolved to entity ids, its persons (clustered by context in
   document order, as the in-memory pass does), its mentions, careers and event reports.

What is kept in memory between passes is per distinct name (keys, groups, person clusters),
plus the event reports (a few per document) for merging. The per-document rows (mentions,
careers, sectors: dozens per document) go to a spool file on local disk, and are copied into
the store in one transaction at the end, so readers see the old base or the new, never half.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from zhnews.document import Document, Entity, Event, Role, Span
from zhnews.kb.aliases import AliasTable, curated_aliases, learn_definitions, normalize_name
from zhnews.kb.build import _sentence
from zhnews.kb.merge import EventReport, merge_events
from zhnews.kb.model import KBEvent, Source
from zhnews.kb.resolve import (
    PROVINCES,
    Resolution,
    Resolver,
    _places_inside,
    _same_person,
    _stable_id,
    _UnionFind,
    group_name,
    occurrence_names,
    place_key,
)
from zhnews.kb.sectors import classify, classify_event
from zhnews.kb.store import Store

CHUNK = 256  # documents read per round of queries


# -- reading documents in the build order, a chunk at a time ------------------------------------


def build_order(store: Store) -> tuple[list[int], dict[str, str]]:
    """Document ids in the order the pass reads them (as ``build.order_documents``: publication
    date, undated last, then content key), and document key -> content key."""
    rows = store._execute("SELECT id, published, content_key FROM documents").fetchall()
    rows.sort(key=lambda r: (r[1] or "9999", r[2], str(r[0])))
    return [r[0] for r in rows], {str(r[0]): r[2] for r in rows}


def _chunk(store: Store, ids: Sequence[int], *, text: bool, spans: bool, participants: bool) -> list[tuple[str, Document]]:
    """The documents ``ids`` with their facts (as ``tables.load_documents`` builds them), in that
    order; without ``text``, ``spans`` (entity mentions) or event ``participants`` when a pass
    does not need them."""
    marks = ", ".join("?" for _ in ids)
    params = tuple(ids)
    body = "text" if text else "''"
    docs: dict[int, Document] = {}
    for row in store._execute(
        f"SELECT id, source, title, published, publisher, {body}, duplicate_of FROM documents WHERE id IN ({marks})", params
    ).fetchall():
        docs[row[0]] = Document(source=row[1], title=row[2], published=row[3], publisher=row[4], text=row[5],
                                duplicate_of=row[6])
    entities: dict[int, Entity] = {}
    for eid, doc_id, etype, name, aliases in store._execute(
        f"SELECT id, document_id, type, name, aliases FROM entities WHERE document_id IN ({marks}) ORDER BY id", params
    ).fetchall():
        ent = Entity(etype, name, json.loads(aliases) if aliases and aliases != "[]" else [], [])
        entities[eid] = ent
        docs[doc_id].entities.append(ent)
    if spans:
        for eid, start, end in store._execute(
            f"SELECT entity_id, start_char, end_char FROM mentions WHERE document_id IN ({marks}) ORDER BY entity_id, start_char",
            params,
        ).fetchall():
            if eid in entities:
                entities[eid].spans.append(Span(start, end))
    for doc_id, person, title, org, start, end in store._execute(
        f"SELECT document_id, person, title, organization, start_char, end_char FROM roles WHERE document_id IN ({marks}) "
        "ORDER BY id", params,
    ).fetchall():
        docs[doc_id].roles.append(Role(person, title, org, Span(start, end)))
    events: dict[int, Event] = {}
    for evid, doc_id, etype, date, place, name, trigger, start, end in store._execute(
        f"SELECT id, document_id, type, date, place, name, trigger, start_char, end_char FROM events "
        f"WHERE document_id IN ({marks}) ORDER BY id", params,
    ).fetchall():
        ev = Event(etype, date, place, name, [], Span(start, end), trigger or "")
        events[evid] = ev
        docs[doc_id].events.append(ev)
    if events and participants:
        for evid, name in store._execute(
            f"SELECT p.event_id, p.name FROM event_participants p JOIN events v ON v.id = p.event_id "
            f"WHERE v.document_id IN ({marks}) ORDER BY p.event_id, p.position", params,
        ).fetchall():
            if evid in events:
                events[evid].participants.append(name)
    return [(str(i), docs[i]) for i in ids if i in docs]


def stream_documents(
    store: Store, ids: Sequence[int], *, text: bool = True, spans: bool = True, participants: bool = True
) -> Iterator[tuple[str, Document]]:
    for i in range(0, len(ids), CHUNK):
        yield from _chunk(store, ids[i : i + CHUNK], text=text, spans=spans, participants=participants)


# -- the spool: per-document rows on local disk until the final write --------------------------


class Spool:
    """A scratch SQLite file for rows too many to hold in memory; deleted on close."""

    def __init__(self) -> None:
        fd, self.path = tempfile.mkstemp(prefix="zhnews-kb-", suffix=".sqlite")
        os.close(fd)
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "temp_store = FILE", "cache_size = -16384"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.execute("BEGIN")
        self.conn.execute("CREATE TABLE mentions (ordinal INTEGER, gen INTEGER, entity_id TEXT, doc_key TEXT, "
                          "document_id INTEGER, start_char INTEGER, end_char INTEGER, text TEXT)")
        self.conn.execute("CREATE TABLE roles (person_id TEXT, title TEXT, organization_id TEXT, date TEXT, "
                          "document_id INTEGER, start_char INTEGER, end_char INTEGER, text TEXT)")
        self.conn.execute("CREATE TABLE sectors (document_id INTEGER, sector TEXT, score REAL)")

    def add(self, table: str, rows: list[tuple]) -> None:
        if rows:
            marks = ", ".join("?" for _ in rows[0])
            self.conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    def rows(self, sql: str) -> Iterator[tuple]:
        cur = self.conn.execute(sql)
        while batch := cur.fetchmany(10_000):
            yield from batch

    def close(self) -> None:
        self.conn.close()
        for suffix in ("", "-journal"):
            try:
                os.unlink(self.path + suffix)
            except FileNotFoundError:
                pass


# -- the pass ------------------------------------------------------------------------------------


@dataclass(slots=True)
class EntityRecord:
    """A base-wide entity while the pass runs: its counts instead of its mentions."""

    id: str
    type: str
    name: str
    ordinal: int  # position in the base's entity order
    gen: int = 0  # a person entity re-created under the same id starts over (as in the in-memory pass)
    aliases: list[str] = field(default_factory=list)
    documents: int = 0
    mentions: int = 0
    last_doc: str | None = None


@dataclass
class StreamedBase:
    """What the pass computed: entities and events in memory, per-document rows in ``spool``."""

    entities: dict[str, EntityRecord]
    events: list[KBEvent]
    spool: Spool


class _Pass:
    def __init__(self, store: Store, aliases: AliasTable | None, duplicates: dict[str, str]) -> None:
        self.store = store
        self.aliases = aliases if aliases is not None else curated_aliases()
        self.duplicates = duplicates
        self.ids, self.content_keys = build_order(store)
        self.resolver = Resolver(self.aliases, self.content_keys)
        self.spool = Spool()
        self.entities: dict[str, EntityRecord] = {}

    # pass 1: definitions and sectors
    def definitions_and_sectors(self) -> None:
        self.local_defs: dict[str, dict[str, str]] = {}
        everywhere: dict[str, set[str]] = defaultdict(set)
        self.event_doc_sectors: dict[str, set[str]] = {}
        for key, doc in stream_documents(self.store, self.ids, participants=False):
            mentions = [(doc.text[s.start : s.end], s.start, s.end) for e in doc.entities if e.type == "organization" for s in e.spans]
            defs = {normalize_name(d.short): normalize_name(d.full) for d in learn_definitions(doc.text, mentions)}
            if defs:
                self.local_defs[key] = defs
            for short, full in defs.items():
                everywhere[short].add(full)
            sectors = classify(f"{doc.title or ''}\n{doc.text}")
            self.spool.add("sectors", [(int(key), s, v) for s, v in sectors])
            if doc.events:
                self.event_doc_sectors[key] = {s for s, _v in sectors}
        self.learned = {short: next(iter(fulls)) for short, fulls in everywhere.items() if len(fulls) == 1}
        self._org_keys: dict[str, str] = {}  # name -> key, for documents without short forms of their own

    def _org_key(self, name: str, local: dict[str, str]) -> str:
        if local:  # the document defines short forms: its keys are its own
            return self.resolver._org_key(name, local, self.learned)
        key = self._org_keys.get(name)
        if key is None:
            key = self._org_keys[name] = self.resolver._org_key(name, local, self.learned)
        return key

    def _keys(self, doc_key: str, etype: str, names: list[str]) -> list[str]:
        if etype == "organization":
            local = self.local_defs.get(doc_key, {})
            return [self._org_key(n, local) for n in names]
        return [place_key(n) for n in names]

    # pass 2: organizations and places
    def groups(self) -> None:
        self.uf = {"organization": _UnionFind(), "place": _UnionFind()}
        first_names: dict[tuple[str, str], dict[str, list]] = {}  # (type, first key) -> name -> [(occ, pos), count]
        member_keys: dict[tuple[str, str], set[str]] = defaultdict(set)
        org_keys: set[str] = set()
        self.all_places = set(PROVINCES.values())
        occ = 0
        for key, doc in stream_documents(self.store, self.ids, text=False, spans=False, participants=False):
            for etype, name, aliases, _spans, _fallback in occurrence_names(doc):
                if etype not in self.uf:
                    occ += 1
                    continue
                names = [name, *aliases]
                ks = self._keys(key, etype, names)
                for k in ks[1:]:
                    self.uf[etype].union(ks[0], k)
                if etype == "organization":
                    org_keys.update(ks)
                else:
                    self.all_places.update(ks)
                stats = first_names.setdefault((etype, ks[0]), {})
                for pos, n in enumerate(names):
                    nn = normalize_name(n)
                    if nn in stats:
                        stats[nn][1] += 1
                    else:
                        stats[nn] = [(occ, pos), 1]
                member_keys[(etype, ks[0])].update(ks)
                occ += 1
        for short, full in Resolver._company_short_forms(org_keys, self.all_places, set(self.aliases.to_canonical)):
            self.uf["organization"].union(short, full)
        # groups in the order of their first occurrence (first_names keeps insertion order)
        groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for etype, first in first_names:
            groups[(etype, self.uf[etype].find(first))].append((etype, first))
        canonical_names = set(self.aliases.to_canonical.values())
        self.group_id: dict[tuple[str, str], str] = {}
        for (etype, root), members in groups.items():
            merged: dict[str, list] = {}
            keys: set[str] = set()
            for m in members:
                for nn, (first, count) in first_names[m].items():
                    if nn in merged:
                        merged[nn][0] = min(merged[nn][0], first)
                        merged[nn][1] += count
                    else:
                        merged[nn] = [first, count]
                keys |= member_keys[m]
            names = Counter({nn: c for nn, (_f, c) in sorted(merged.items(), key=lambda kv: kv[1][0])})
            name, eid = group_name(etype, root, names, keys, canonical_names)
            ent = self.entities.get(eid)
            if ent is None:
                ent = self.entities[eid] = EntityRecord(eid, etype, name, len(self.entities))
            ent.aliases = sorted(a for a in set(names) | keys if a != ent.name)
            self.group_id[(etype, root)] = eid

    def _mention(self, ent: EntityRecord, key: str, sources: list[Source], seen: set, rows: list[tuple]) -> None:
        for s in sources:
            mark = (ent.id, ent.gen, s.start, s.end, s.text)
            if mark in seen:
                continue
            seen.add(mark)
            rows.append((ent.ordinal, ent.gen, ent.id, key, int(key), s.start, s.end, s.text))
            ent.mentions += 1
            if ent.last_doc != key:
                ent.last_doc = key
                ent.documents += 1

    # pass 3: per document, names to entities, persons, mentions, careers, event reports
    def documents(self) -> list[EventReport]:
        clusters: dict[str, list[dict[str, Any]]] = defaultdict(list)
        reports: list[EventReport] = []
        self.sentences: dict[tuple[str, int, int], str] = {}
        for key, doc in stream_documents(self.store, self.ids):
            res = Resolution(by_doc={key: {}})
            table = res.by_doc[key]
            seen: set = set()
            mention_rows: list[tuple] = []
            doc_places: set[str] = set()
            persons = []
            local = self.local_defs.get(key, {})
            for o in self.resolver._occurrences([(key, doc)]):
                if o.type not in self.uf:
                    persons.append(o)
                    continue
                names = [o.name, *o.aliases]
                ks = self._keys(key, o.type, names)
                if o.type == "place":
                    doc_places.update(ks)
                ent = self.entities[self.group_id[(o.type, self.uf[o.type].find(ks[0]))]]
                self._mention(ent, key, o.sources, seen, mention_rows)
                for n in names:
                    k = place_key(n) if o.type == "place" else normalize_name(n)
                    table[(o.type, k)] = ent.id
                    if o.type == "organization":
                        table[(o.type, self._org_key(n, local))] = ent.id
            # a learned short form used in a document without its own entity still resolves there
            for short, full in local.items():
                full_key = self.aliases.to_canonical.get(full, full)
                eid = table.get(("organization", full)) or table.get(("organization", full_key))
                if eid:
                    table.setdefault(("organization", short), eid)
            # persons: context from this document's roles and places, clusters in document order
            ctx_orgs: dict[str, set[str]] = defaultdict(set)
            ctx_places: dict[str, set[str]] = defaultdict(set)
            for r in doc.roles:
                pk = normalize_name(r.person)
                if r.organization:
                    oid = res.lookup(key, r.organization, "organization")
                    if oid:
                        ctx_orgs[pk].add(oid)
                    ctx_places[pk].update(_places_inside(normalize_name(r.organization), self.all_places))
            for o in persons:
                pkey = normalize_name(o.name)
                orgs = ctx_orgs.get(pkey, set())
                places = ctx_places.get(pkey, set()) | doc_places
                chosen = next((c for c in clusters[pkey] if _same_person(c["orgs"], c["places"], orgs, places)), None)
                if chosen is None:
                    n = len(clusters[pkey])
                    eid = _stable_id("person", pkey if n == 0 else f"{pkey}#{self.content_keys.get(key, key)}")
                    chosen = {"id": eid, "orgs": set(), "places": set()}
                    clusters[pkey].append(chosen)
                    old = self.entities.get(eid)
                    self.entities[eid] = EntityRecord(eid, "person", normalize_name(o.name),
                                                      old.ordinal if old else len(self.entities), old.gen + 1 if old else 0)
                chosen["orgs"] |= orgs
                chosen["places"] |= places
                ent = self.entities[chosen["id"]]
                self._mention(ent, key, o.sources, seen, mention_rows)
                for a in o.aliases:
                    if normalize_name(a) != ent.name and normalize_name(a) not in ent.aliases:
                        ent.aliases.append(normalize_name(a))
                for n in [o.name, *o.aliases]:
                    table[("person", normalize_name(n))] = chosen["id"]
            self.spool.add("mentions", mention_rows)
            role_rows = []
            for r in doc.roles:
                person = res.lookup(key, r.person, "person")
                if person is None:
                    continue
                org = res.lookup(key, r.organization, "organization") if r.organization else None
                role_rows.append((person, r.title, org, doc.published, int(key), r.span.start, r.span.end,
                                  doc.text[r.span.start : r.span.end]))
            self.spool.add("roles", role_rows)
            story = self.duplicates.get(key, key)
            for ev in doc.events:
                place = res.lookup(key, ev.place, "place") if ev.place else None
                participants = frozenset(p for p in (res.lookup(key, n) for n in ev.participants) if p)
                src = Source(key, ev.span.start, ev.span.end, doc.text[ev.span.start : ev.span.end])
                reports.append(EventReport(key, ev.type, ev.date, place, ev.name, participants, src, story))
                self.sentences[(key, ev.span.start, ev.span.end)] = _sentence(doc.text, ev.span.start, ev.span.end)
        return reports

    def events(self, reports: list[EventReport]) -> list[KBEvent]:
        events = merge_events(reports, stable_keys=self.content_keys)
        for event in events:
            src = event.sources[0]
            event.sectors = classify_event(self.sentences[(src.doc, src.start, src.end)], event.name)
        # an event inherits the sectors its reports' documents agree on when its own sentence says none
        for event in events:
            if not event.sectors:
                shared = None
                for d in event.documents:
                    names = self.event_doc_sectors.get(d, set())
                    shared = names if shared is None else shared & names
                event.sectors = sorted(shared or [])
        return events


def build_from_store(store: Store, duplicates: dict[str, str], *, aliases: AliasTable | None = None) -> StreamedBase:
    """Run the pass over every document of ``store`` (call inside a read snapshot). The caller
    writes the result (``tables.write_streamed``) and closes its spool."""
    p = _Pass(store, aliases, duplicates)
    try:
        p.definitions_and_sectors()
        p.groups()
        reports = p.documents()
        events = p.events(reports)
    except BaseException:
        p.spool.close()
        raise
    return StreamedBase(p.entities, events, p.spool)
