"""The global knowledge-base pass: per-document facts in, resolved entities, careers, merged events out.

A separate pass over all stored documents (not hidden state in a stage): it resolves entities
(:mod:`zhnews.kb.resolve`), turns roles into careers, merges events (:mod:`zhnews.kb.merge`)
and tags sectors (:mod:`zhnews.kb.sectors`). Documents go in a fixed order (publication date,
then key), so the same documents always give the same base: re-ingesting changes nothing, and
ingesting new documents updates resolution and merged events everywhere they touch.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from zhnews.document import Document
from zhnews.kb.aliases import AliasTable
from zhnews.kb.merge import EventReport, merge_events
from zhnews.kb.model import KBRole, KnowledgeBase, Source
from zhnews.kb.resolve import Resolution, resolve
from zhnews.kb.sectors import classify, classify_event


def _sentence(text: str, start: int, end: int) -> str:
    stops = "。！？!?；;\n"
    left = max((text.rfind(ch, 0, start) for ch in stops), default=-1) + 1
    rights = [i for i in (text.find(ch, max(start, end - 1)) for ch in stops) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def order_documents(docs: Sequence[tuple[str, Document]], content_keys: dict[str, str]) -> list[tuple[str, Document]]:
    """The order the pass reads documents in: earlier publication first, undated last, then by content
    (not by storage id, which depends on the order files were ingested in)."""
    return sorted(docs, key=lambda kd: (kd[1].published or "9999", content_keys[kd[0]], kd[0]))


def build_knowledge_base(
    docs: Sequence[tuple[str, Document]],
    *,
    aliases: AliasTable | None = None,
    duplicates: dict[str, str] | None = None,
    content_keys: dict[str, str] | None = None,
) -> KnowledgeBase:
    """Compute the knowledge base of ``docs`` ((key, Document) pairs with extracted facts).

    ``duplicates`` maps a document key to the key of the first report it copies; a duplicate's
    facts are kept as extra sources of the same entities and events, never as a new story.
    ``content_keys`` (key -> content key) may be given when known (the store has them).
    """
    ckeys = dict(content_keys or {})
    for key, doc in docs:
        if key not in ckeys:
            ckeys[key] = doc.content_key
    ordered = order_documents(docs, ckeys)
    res = resolve(ordered, aliases, ckeys)
    kb = KnowledgeBase(entities=res.entities, duplicates=dict(duplicates or {}))
    kb.roles = _roles(ordered, res)
    reports = _event_reports(ordered, res, kb.duplicates)
    kb.events = merge_events(reports, stable_keys=ckeys)
    texts = {key: doc for key, doc in ordered}
    for event in kb.events:
        src = event.sources[0]
        sentence = _sentence(texts[src.doc].text, src.start, src.end)
        event.sectors = classify_event(sentence, event.name)
    for key, doc in ordered:
        kb.doc_sectors[key] = classify(f"{doc.title or ''}\n{doc.text}")
    # an event inherits the sectors its reports' documents agree on when its own sentence says none
    for event in kb.events:
        if not event.sectors:
            shared = None
            for d in event.documents:
                names = {s for s, _v in kb.doc_sectors.get(d, [])}
                shared = names if shared is None else shared & names
            event.sectors = sorted(shared or [])
    return kb


def _roles(ordered: list[tuple[str, Document]], res: Resolution) -> list[KBRole]:
    roles: list[KBRole] = []
    for key, doc in ordered:
        for r in doc.roles:
            person = res.lookup(key, r.person, "person")
            if person is None:
                continue
            org = res.lookup(key, r.organization, "organization") if r.organization else None
            text = doc.text[r.span.start : r.span.end]
            roles.append(KBRole(person, r.title, org, doc.published, Source(key, r.span.start, r.span.end, text)))
    return roles


def _event_reports(ordered: list[tuple[str, Document]], res: Resolution, duplicates: dict[str, str]) -> list[EventReport]:
    reports: list[EventReport] = []
    for key, doc in ordered:
        story = duplicates.get(key, key)
        for ev in doc.events:
            place = res.lookup(key, ev.place, "place") if ev.place else None
            participants = frozenset(p for p in (res.lookup(key, n) for n in ev.participants) if p)
            text = doc.text[ev.span.start : ev.span.end]
            reports.append(
                EventReport(key, ev.type, ev.date, place, ev.name, participants, Source(key, ev.span.start, ev.span.end, text),
                            story)
            )
    return reports


def rebuild(store, *, force: bool = False) -> bool:  # noqa: ANN001 - zhnews.kb.store.Store (import kept lazy)
    """Recompute the derived knowledge-base tables from the stored documents, when they changed.

    Returns True when the tables were rewritten. Idempotent: the same documents give the same
    rows, and an unchanged base is not touched at all. Streams (``zhnews.kb.passes``): the
    documents are read in chunks, so memory does not grow with the number of documents stored.
    """
    from zhnews.kb import tables
    from zhnews.kb.passes import build_from_store

    with _collector_paused():
        store._begin_snapshot()  # one consistent view, even while another ingest writes
        try:
            state = tables.corpus_state(store)
            if not force and tables.built_state(store) == state:
                return False
            base = build_from_store(store, tables.duplicate_keys(store))
        finally:
            store._rollback_quietly()  # a read-only transaction: nothing to keep
        try:
            return tables.write_streamed(store, base, state)
        finally:
            base.spool.close()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The pass makes millions of short-lived records and no reference cycles: reference counting
    frees them, and the cyclic collector, which they would trigger again and again over a process
    holding models, only costs time (a third of the pass after an ingest)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def rebuild_in_memory(store, *, force: bool = False) -> bool:  # noqa: ANN001 - zhnews.kb.store.Store
    """``rebuild`` holding every document in memory (``build_knowledge_base``): the reference
    the streaming pass is tested against."""
    from zhnews.kb import tables

    store._begin_snapshot()
    try:
        state = tables.corpus_state(store)
        if not force and tables.built_state(store) == state:
            return False
        docs = tables.load_documents(store)
        duplicates, content_keys = tables.duplicate_keys(store), tables.content_keys(store)
    finally:
        store._rollback_quietly()
    kb = build_knowledge_base(docs, duplicates=duplicates, content_keys=content_keys)
    return tables.write_knowledge_base(store, kb, state)
