"""One stored document as a reader sees it: metadata, clean text, and every fact with the
sentence it was taken from (found from the fact's character span)."""

from __future__ import annotations

from typing import Any

from zhnews.kb.store import Store

SENTENCE_END = "。！？!?；;\n"
MAX_SENTENCE = 300


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` that contain ``[start, end)``, at most ``MAX_SENTENCE`` characters."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    left = max((text.rfind(ch, 0, start) for ch in SENTENCE_END), default=-1) + 1
    rights = [i for i in (text.find(ch, max(end - 1, start)) for ch in SENTENCE_END) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    while left < start and text[left].isspace():
        left += 1
    if right - left > MAX_SENTENCE:
        left = max(left, start - MAX_SENTENCE // 2)
        right = min(right, end + MAX_SENTENCE // 2)
    return text[left:right].strip()


def document_view(store: Store, ref: str) -> dict[str, Any] | None:
    """The document ``ref`` (a source, a file name, a content key or an id) with its facts, or None."""
    doc = store.find_document(ref)
    if doc is None:
        return None
    facts = store.facts(doc.id)
    for entity in facts["entities"]:
        entity["sentences"] = list(dict.fromkeys(sentence_around(doc.text, s, e) for s, e in entity["spans"]))
    for kind in ("roles", "events", "figures"):
        for fact in facts[kind]:
            fact["sentence"] = sentence_around(doc.text, *fact["span"])
    return {
        "id": doc.id,
        "source": doc.source,
        "sources": doc.sources,
        "content_key": doc.content_key,
        "title": doc.title,
        "published": doc.published,
        "publisher": doc.publisher,
        "url": doc.url,
        "authors": doc.authors,
        "dateline_place": doc.dateline_place,
        "format": doc.format,
        "encoding": doc.encoding,
        "flags": doc.flags,
        "duplicate_of": doc.duplicate_of,
        "ingested_at": doc.ingested_at,
        "text": doc.text,
        **facts,
    }
