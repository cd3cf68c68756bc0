"""Building real Documents with facts for knowledge-base tests (spans found in the text itself)."""

from __future__ import annotations

import re
from pathlib import Path

from zhnews.document import Document, Entity, Event, Role, Span

KB_DATA = Path(__file__).parent / "data" / "kb"
FORMATS = {".txt": "txt", ".md": "md", ".html": "html"}


def clean_file(path: Path) -> Document:
    """A file through the real pipeline up to extraction: decoded, cleaned, with its metadata."""
    from zhnews.pipeline import build_pipeline

    doc = build_pipeline(extract=False).process(
        Document(source=str(path), format=FORMATS.get(path.suffix, "txt"), raw=path.read_bytes())
    )
    assert isinstance(doc, Document), doc
    return doc


def spans_of(text: str, name: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]


def first_span(text: str, *needles: str) -> Span:
    for needle in needles:
        pos = text.find(needle)
        if pos >= 0:
            return Span(pos, pos + len(needle))
    raise AssertionError(f"none of {needles} in text")


def make_doc(
    source: str,
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    entities: list[tuple[str, str] | tuple[str, str, list[str]]] = (),
    roles: list[tuple[str, str, str | None]] = (),
    events: list[dict] = (),
) -> Document:
    """A Document whose facts point into ``text``; every name given must be written in it."""
    doc = Document(source=source, text=text, published=published, title=title)
    for item in entities:
        etype, name, *rest = item
        aliases = rest[0] if rest else []
        spans = spans_of(text, name) + [s for a in aliases for s in spans_of(text, a)]
        assert spans, f"{name} is not in the text of {source}"
        doc.entities.append(Entity(etype, name, list(aliases), sorted(spans, key=lambda s: s.start)))
    for person, title_, org in roles:
        doc.roles.append(Role(person, title_, org, first_span(text, person)))
    for ev in events:
        span = first_span(text, ev.get("anchor", ev.get("name") or ""))
        doc.events.append(
            Event(ev["type"], ev.get("date"), ev.get("place"), ev.get("name"), list(ev.get("participants", [])), span,
                  ev.get("trigger", ""))
        )
    return doc


def read(name: str) -> str:
    """The clean body text of a test document (read and cleaned by the zhnews pipeline, no extraction)."""
    from zhnews.pipeline import build_pipeline

    path = KB_DATA / name
    fmt = {".md": "md", ".html": "html"}.get(path.suffix, "txt")
    doc = build_pipeline(extract=False).process(Document(source=str(path), format=fmt, raw=path.read_bytes()))
    assert isinstance(doc, Document), doc
    return doc.text
