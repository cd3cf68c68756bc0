"""The knowledge base as plain data: entities, roles, events across documents, each fact with its sources.

These records are what the global pass (:mod:`zhnews.kb.build`) computes from the per-document
facts, what is stored in the ``kb_*`` tables, and what queries return. Every fact carries
``Source`` records: the document key and the character span in that document's clean text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact is stated: document key and the half-open character span in its clean text."""

    doc: str
    start: int
    end: int
    text: str = ""  # the stated words (the span's text), for display


@dataclass(slots=True)
class KBEntity:
    """One real-world body, person or place across the base."""

    id: str
    type: str  # person | organization | place
    name: str  # canonical name
    aliases: list[str] = field(default_factory=list)
    mentions: list[Source] = field(default_factory=list)

    @property
    def documents(self) -> list[str]:
        return sorted({m.doc for m in self.mentions})


@dataclass(slots=True)
class KBRole:
    """A title a person holds at an organization (None when unstated), as of a document's date."""

    person: str  # entity id
    title: str
    organization: str | None  # entity id
    date: str | None  # the stating document's publication date
    source: Source


@dataclass(slots=True)
class KBEvent:
    """One happening, merged over all the reports that describe it."""

    id: str
    type: str
    date: str | None
    place: str | None  # entity id of the place
    name: str | None
    participants: list[str] = field(default_factory=list)  # entity ids
    sources: list[Source] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)

    @property
    def documents(self) -> list[str]:
        return sorted({s.doc for s in self.sources})


@dataclass(slots=True)
class KnowledgeBase:
    """Everything the global pass knows: resolved entities, roles, merged events, sectors, duplicates."""

    entities: dict[str, KBEntity] = field(default_factory=dict)
    roles: list[KBRole] = field(default_factory=list)
    events: list[KBEvent] = field(default_factory=list)
    doc_sectors: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    duplicates: dict[str, str] = field(default_factory=dict)  # doc key -> first report's key

    def find(self, name: str, type: str | None = None) -> list[KBEntity]:
        """Entities whose canonical name or an alias equals ``name`` (after normalization)."""
        from zhnews.kb.aliases import normalize_name

        key = normalize_name(name)
        out = []
        for e in self.entities.values():
            if type and e.type != type:
                continue
            if key == normalize_name(e.name) or key in {normalize_name(a) for a in e.aliases}:
                out.append(e)
        return out


def to_plain(obj: Any) -> Any:
    """A dataclass record as JSON-ready data (lists for tuples)."""
    return asdict(obj)
