"""Event merging: one happening reported by several documents becomes one event with all its sources.

Two reports are the same event when they have the same type, compatible dates (equal where
both are stated; a conference's neighbouring days when the names agree), no contradicting
place, and enough shared identity: similar names (character-bigram overlap), or shared
participants (two for signings and investments, whose parties repeat across deals; one with
the same place otherwise). Merging is transitive (union-find) and deterministic.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from zhnews.kb.aliases import normalize_name
from zhnews.kb.model import KBEvent, Source

_PAIRWISE_TYPES = ("signing", "investment")
MAX_BUCKET = 500


@dataclass(frozen=True, slots=True)
class EventReport:
    """One event as one document states it, with entities already resolved to base-wide ids."""

    doc: str
    type: str
    date: str | None
    place: str | None  # place entity id
    name: str | None
    participants: frozenset[str]
    source: Source
    story: str | None = None  # key of the first report of the document's duplicate group


@lru_cache(maxsize=65536)
def parse_date(date: str | None) -> tuple[int | None, int | None, int | None]:
    """``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``--MM-DD`` -> (year, month, day), None where unknown."""
    if not date:
        return (None, None, None)
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", date) or re.match(r"^(?:--|XXXX-)()(\d{2})-(\d{2})$", date)
    if not m:
        return (None, None, None)
    y, mo, d = m.groups()
    return (int(y) if y else None, int(mo) if mo else None, int(d) if d else None)


def dates_compatible(a: str | None, b: str | None, *, day_slack: int = 0) -> bool:
    """Equal wherever both dates state a part; days may differ by ``day_slack``. Unknown dates are compatible."""
    pa, pb = parse_date(a), parse_date(b)
    for i, (x, y) in enumerate(zip(pa, pb, strict=True)):
        if x is None or y is None:
            continue
        if i == 2:
            if abs(x - y) > day_slack:
                return False
        elif x != y:
            return False
    return True


@lru_cache(maxsize=65536)  # merging compares each report with many: names and dates repeat
def _bigrams(name: str | None) -> frozenset[str]:
    n = normalize_name(name or "")
    n = re.sub(r"[^\w]", "", n)
    return frozenset({n[i : i + 2] for i in range(len(n) - 1)} if len(n) > 1 else ({n} if n else set()))


def name_similarity(a: str | None, b: str | None) -> float:
    """Character-bigram Jaccard of two event names (0 when either is missing)."""
    ga, gb = _bigrams(a), _bigrams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def same_event(a: EventReport, b: EventReport) -> bool:
    """The rule above, for one pair of reports."""
    if a.type != b.type:
        return False
    if a.story is not None and a.story == b.story and a.source.text == b.source.text:
        return True  # the same sentence in two copies of one story
    sim = name_similarity(a.name, b.name)
    if not dates_compatible(a.date, b.date, day_slack=1 if sim >= 0.6 else 0):
        return False
    if a.date is None and b.date is None and sim < 0.7:
        return False
    place_conflict = a.place is not None and b.place is not None and a.place != b.place
    same_place = a.place is not None and a.place == b.place
    shared = len(a.participants & b.participants)
    if place_conflict:
        return sim >= 0.7
    if sim >= 0.5:
        return True
    if a.type in _PAIRWISE_TYPES:
        return shared >= 2
    return shared >= 2 or (shared >= 1 and same_place)


def _buckets(r: EventReport) -> list[tuple]:
    """Blocking keys: a pair is compared only when it shares one (same type, nearby date, or same name)."""
    y, m, d = parse_date(r.date)
    keys: list[tuple] = []
    if m is not None and d is not None:
        keys += [(r.type, m, d + k) for k in (-1, 0, 1)] + [(r.type, m, None)]
    elif m is not None:
        keys.append((r.type, m, None))
    if r.story is not None:
        keys.append((r.type, "story", r.story, r.source.text))
    name = normalize_name(r.name or "")
    if name:
        keys.append((r.type, "name", name))
        # character 4-grams of the name: an undated report meets dated reports of a similar name
        keys += [(r.type, "g4", name[i : i + 4]) for i in range(max(0, len(name) - 3))]
    return keys


def merge_events(reports: Sequence[EventReport], *, stable_keys: dict[str, str] | None = None) -> list[KBEvent]:
    """Merge reports of the same happening; returns events ordered by date, then first source.

    ``stable_keys`` maps document keys to keys that do not depend on storage order (content
    keys); event ids are made from them, so the same reports give the same ids in any base.
    """
    parent = list(range(len(reports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        own = _buckets(r)
        y, m, d = parse_date(r.date)
        # compare against earlier reports in my exact-day bucket's neighbours, my month bucket and my name
        probe = set(own)
        if m is not None and d is None:
            probe |= {(r.type, m, dd) for dd in range(1, 32)}
        seen: set[int] = set()
        for key in probe:
            if key[1] == "g4" and (r.date is not None or len(index.get(key, ())) > MAX_BUCKET):
                continue  # name grams are probed by undated reports only, and not when common
            for j in index.get(key, ()):
                if j in seen:
                    continue
                seen.add(j)
                if find(i) != find(j) and same_event(r, reports[j]):
                    a, b = find(i), find(j)
                    parent[max(a, b)] = min(a, b)
        for key in own:
            if isinstance(key[1], int) and key[2] is not None and key[2] != d:
                continue  # neighbour-day keys are for probing only
            index[key].append(i)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(reports)):
        groups[find(i)].append(i)
    events = [_combine([reports[i] for i in members], stable_keys or {}) for members in groups.values()]
    events.sort(key=lambda e: (e.date or "9999", e.sources[0].doc if e.sources else "", e.id))
    return events


def _combine(rs: list[EventReport], stable_keys: dict[str, str]) -> KBEvent:
    def most_common(values: list, tie=len):  # noqa: ANN001, ANN202
        counts = Counter(v for v in values if v)
        if not counts:
            return None
        return max(counts, key=lambda v: (counts[v], tie(v), str(v)))

    # the most specific date most reports agree on
    date = most_common([r.date for r in rs], tie=lambda v: (len(v.lstrip("-")), v[:1] != "-"))
    name = most_common([r.name for r in rs])
    place = most_common([r.place for r in rs], tie=lambda v: 0)
    participants = sorted(set().union(*(r.participants for r in rs)))
    sources = sorted({r.source for r in rs}, key=lambda s: (s.doc, s.start, s.end))
    first = min(sources, key=lambda s: (stable_keys.get(s.doc, s.doc), s.start, s.end))
    anchor = stable_keys.get(first.doc, first.doc)
    eid = "event:" + hashlib.sha1(f"{rs[0].type}|{anchor}|{first.start}|{first.end}".encode()).hexdigest()[:12]
    return KBEvent(id=eid, type=rs[0].type, date=date, place=place, name=name, participants=participants, sources=sources)
