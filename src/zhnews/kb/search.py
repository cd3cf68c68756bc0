"""Chinese full-text search: query parsing (zhnews.kb.tokenize), ranking (the store) and
highlighted snippets cut from the real clean text."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from zhnews.kb.store import SearchFilters, Store
from zhnews.kb.tokenize import QueryTerm, query_groups

SNIPPET_CHARS = 100
MAX_LIMIT = 1000


@dataclass(slots=True)
class Snippet:
    """A window of a document's text as (text, matched) segments."""

    segments: list[tuple[str, bool]]
    clipped_start: bool = False
    clipped_end: bool = False

    def render(self, open_mark: str = "【", close_mark: str = "】") -> str:
        """Plain text with matched terms between ``open_mark`` and ``close_mark``."""
        body = "".join(f"{open_mark}{t}{close_mark}" if hit else t for t, hit in self.segments)
        return ("…" if self.clipped_start else "") + body.replace("\n", " ") + ("…" if self.clipped_end else "")

    def html(self) -> str:
        """HTML-escaped text with matched terms in ``<mark>``: safe to insert into a page."""
        body = "".join(
            f"<mark>{html.escape(t)}</mark>" if hit else html.escape(t) for t, hit in self.segments
        ).replace("\n", " ")
        return ("…" if self.clipped_start else "") + body + ("…" if self.clipped_end else "")


@dataclass(slots=True)
class Hit:
    """One search result."""

    source: str
    title: str | None
    published: str | None
    publisher: str | None
    score: float
    snippet: str
    snippet_html: str
    document_id: int
    content_key: str
    url: str | None = None
    duplicate_of: str | None = None
    sources: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source, "title": self.title, "published": self.published, "publisher": self.publisher,
            "url": self.url, "score": round(self.score, 4), "snippet": self.snippet, "snippet_html": self.snippet_html,
            "document_id": self.document_id, "content_key": self.content_key, "duplicate_of": self.duplicate_of,
        }


def match_ranges(text: str, terms: list[QueryTerm]) -> list[tuple[int, int]]:
    """Non-overlapping [start, end) ranges where any query term occurs in ``text`` (case-insensitive)."""
    lowered = text.lower()
    ranges: list[tuple[int, int]] = []
    for term in sorted(terms, key=lambda t: -len(t.text)):
        needle = term.text
        start = lowered.find(needle)
        count = 0
        while start >= 0 and count < 200:
            end = start + len(needle)
            if all(end <= s or start >= e for s, e in ranges):
                ranges.append((start, end))
            start = lowered.find(needle, end)
            count += 1
    return sorted(ranges)


def make_snippet(text: str, terms: list[QueryTerm], width: int = SNIPPET_CHARS) -> Snippet:
    """The window of ``width`` characters holding the most distinct matched terms."""
    ranges = match_ranges(text, terms)
    if not ranges:
        return Snippet([(text[:width], False)], False, len(text) > width)
    best_start, best_score = 0, (-1, 0)
    for anchor, _ in ranges:
        start = max(0, anchor - width // 4)
        inside = {text[s:e].lower() for s, e in ranges if s >= start and e <= start + width}
        score = (len(inside), -anchor)
        if score > best_score:
            best_start, best_score = start, score
    start, end = best_start, min(len(text), best_start + width)
    segments: list[tuple[str, bool]] = []
    pos = start
    for s, e in ranges:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s > pos:
            segments.append((text[pos:s], False))
        segments.append((text[s:e], True))
        pos = e
    if pos < end:
        segments.append((text[pos:end], False))
    return Snippet(segments, start > 0, end < len(text))


def search(
    store: Store,
    query: str,
    *,
    limit: int = 10,
    filters: SearchFilters | None = None,
    snippet_chars: int = SNIPPET_CHARS,
) -> list[Hit]:
    """Ranked hits for ``query`` (Simplified or Traditional; any string is safe), best first.

    Whitespace-separated terms must all occur; ``A OR B`` gives either. A term of one Han
    character matches that character, a longer one the exact character sequence.
    """
    groups = query_groups(query)
    if not groups:
        return []
    limit = max(0, min(limit, MAX_LIMIT))
    ranked = store.search_ids(groups, filters or SearchFilters(), limit)
    docs = store.documents_by_id([doc_id for doc_id, _ in ranked])
    terms = [t for g in groups for t in g]
    hits: list[Hit] = []
    for doc_id, score in ranked:
        doc = docs.get(doc_id)
        if doc is None:
            continue
        snip = make_snippet(doc.text, terms, snippet_chars)
        hits.append(
            Hit(
                source=doc.source, title=doc.title, published=doc.published, publisher=doc.publisher, score=score,
                snippet=snip.render(), snippet_html=snip.html(), document_id=doc.id, content_key=doc.content_key,
                url=doc.url, duplicate_of=doc.duplicate_of,
            )
        )
    return hits
