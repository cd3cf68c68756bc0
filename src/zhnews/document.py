"""The one document type that flows through the pipeline, and the records extracted from it.

Every extracted record points into ``Document.text`` (the clean, simplified body) by
character offsets: Chinese has no word boundaries, so offsets are the stable coordinate.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import Any


def fast_pickle(cls: type) -> type:
    """Pickle a slotted dataclass as ``cls(*fields)``. The ``__getstate__``/``__setstate__`` that
    ``dataclass(slots=True)`` adds call ``dataclasses.fields()`` for every object, which made
    unpickling the results of worker processes a seventh of the single writer's time."""
    names = cls.__match_args__
    get = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))

    def __reduce__(self):  # noqa: ANN202, N807 - the pickle protocol's name
        return (cls, get(self))

    cls.__reduce__ = __reduce__
    return cls


ENTITY_TYPES = ("person", "organization", "place")
EVENT_TYPES = ("meeting", "signing", "award", "release", "founding", "investment")


@fast_pickle
@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@fast_pickle
@dataclass(slots=True)
class Mention:
    """One occurrence of an entity in the text, as found by a recognizer."""

    type: str  # person | organization | place
    start: int
    end: int
    text: str
    score: float = 1.0


@fast_pickle
@dataclass(slots=True)
class Entity:
    """A distinct entity within one document: canonical name, its aliases and mentions."""

    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@fast_pickle
@dataclass(slots=True)
class Role:
    """A position a person holds, as stated in the text."""

    person: str
    title: str
    organization: str | None
    span: Span


@fast_pickle
@dataclass(slots=True)
class Event:
    type: str  # one of EVENT_TYPES
    date: str | None  # YYYY-MM-DD, YYYY-MM, YYYY, or XXXX-MM-DD (EDTF) when the year is unknown
    place: str | None
    name: str | None
    participants: list[str]
    span: Span
    trigger: str = ""


@fast_pickle
@dataclass(slots=True)
class Figure:
    value: float
    unit: str
    text: str
    span: Span
    approx: str | None = None  # 余, 近, 超, 突破 ...


@fast_pickle
@dataclass(slots=True)
class Reject:
    """A document that could not be processed, and why. Rejections are data, not exceptions."""

    source: str
    reason: str
    stage: str = ""


@fast_pickle
@dataclass(slots=True)
class Document:
    """A news document on its way from raw bytes to facts.

    ``raw`` holds the original bytes (dropped once decoded to save memory in workers),
    ``raw_text`` the decoded source (markup still in), ``text`` the clean simplified body.
    ``hints`` carries metadata found by the reader (front matter, JSONL fields, HTML meta)
    that the metadata stage turns into the typed fields below.
    """

    source: str
    format: str = "txt"  # txt | md | html | jsonl | warc
    raw: bytes | None = None
    raw_text: str = ""
    encoding: str | None = None
    text: str = ""
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    dateline_place: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    duplicate_of: str | None = None

    @property
    def content_key(self) -> str:
        """Identity of a document: a hash of its normalized clean text."""
        return content_key(self.text)

    def to_record(self) -> dict[str, Any]:
        """The JSON record of the contract in ../shared/eval/README.md (plus spans)."""
        return {
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "publisher": self.publisher,
            "url": self.url,
            "authors": self.authors,
            "text": self.text,
            "flags": self.flags,
            "duplicate_of": self.duplicate_of,
            "entities": [
                {"type": e.type, "name": e.name, "aliases": e.aliases, "spans": [[s.start, s.end] for s in e.spans]}
                for e in self.entities
            ],
            "roles": [
                {"person": r.person, "title": r.title, "organization": r.organization, "span": [r.span.start, r.span.end]}
                for r in self.roles
            ],
            "events": [
                {
                    "type": ev.type,
                    "date": ev.date,
                    "place": ev.place,
                    "name": ev.name,
                    "participants": ev.participants,
                    "trigger": ev.trigger,
                    "span": [ev.span.start, ev.span.end],
                }
                for ev in self.events
            ],
            "figures": [
                {"value": f.value, "unit": f.unit, "text": f.text, "approx": f.approx, "span": [f.span.start, f.span.end]}
                for f in self.figures
            ],
        }


def _dropped(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PZC"


def bmp_class_regex(dropped: Callable[[str], bool]) -> re.Pattern[str]:
    """A regex matching runs of Basic Multilingual Plane characters for which ``dropped`` is true
    (one character class of ranges: ``sub("", text)`` deletes them several times faster than
    ``str.translate`` with a table, which looks every character up in a dict)."""
    ranges: list[str] = []
    start = None
    for cp in range(0x10001):
        if cp < 0x10000 and dropped(chr(cp)):
            if start is None:
                start = cp
        elif start is not None:
            a, b = re.escape(chr(start)), re.escape(chr(cp - 1))
            ranges.append(a if start == cp - 1 else f"{a}-{b}")
            start = None
    return re.compile(f"[{''.join(ranges)}]+")


@lru_cache(maxsize=1)
def _bmp_dropped() -> re.Pattern[str]:
    """Runs of Basic Multilingual Plane characters ``_dropped`` drops."""
    return bmp_class_regex(_dropped)


def normalize_for_key(text: str) -> str:
    """NFKC, whitespace and punctuation removed: two copies of one text normalize alike."""
    text = _bmp_dropped().sub("", unicodedata.normalize("NFKC", text))  # C speed for the common case
    if text and max(text) > "\uffff":  # characters beyond the BMP: the same rule, per character
        text = "".join(ch for ch in text if not _dropped(ch))
    return text


def content_key(text: str) -> str:
    return hashlib.sha1(normalize_for_key(text).encode("utf-8")).hexdigest()


def record_asdict(obj: Any) -> dict[str, Any]:
    return asdict(obj)
