"""The same story told in other words: a rewrite by another outlet shares its facts, not its text.

Character shingles (``zhnews.dedup.index``) find copies and light edits. A wire story rewritten
by a portal, or a report retold by a second outlet, keeps the happening and its figures but
changes most sentences, so MinHash sees two texts. Here two documents carry the same story when
their extracted facts agree:

* they report a happening of the same type on the same day (an unknown year matches any year);
* they share at least ``MIN_FIGURES`` figures (value and unit: 总投资286亿元 is one story's);
* and the persons, organizations and figures of the two overlap by a Jaccard of at least
  ``MIN_JACCARD`` with at least ``MIN_SHARED`` facts in common.

Two reports of one conference from different angles (the opening and the closing day) share
the event and its people but few figures; they stay apart, as the record contract wants (a
duplicate link is for the same story, the knowledge base merges the events).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from zhnews.document import Document

MIN_SHARED = 6
MIN_FIGURES = 2
MIN_JACCARD = 0.45


@dataclass(frozen=True, slots=True)
class StoryFacts:
    facts: frozenset[tuple]  # ("p", name), ("o", name), ("f", value, unit)
    days: frozenset[tuple[str, str]]  # (event type, MM-DD) of the dated happenings

    @property
    def figures(self) -> int:
        return sum(1 for f in self.facts if f[0] == "f")


def story_facts(doc: Document) -> StoryFacts:
    facts: set[tuple] = set()
    for e in doc.entities:
        if e.type == "person":
            facts.add(("p", e.name))
        elif e.type == "organization":
            facts.add(("o", e.name))
    for f in doc.figures:
        facts.add(("f", round(float(f.value), 6), f.unit))
    days = {(ev.type, ev.date[5:10]) for ev in doc.events if ev.date and len(ev.date) >= 10}
    return StoryFacts(frozenset(facts), frozenset(days))


def same_story(a: StoryFacts, b: StoryFacts) -> bool:
    if not a.days & b.days:
        return False
    shared = a.facts & b.facts
    if len(shared) < MIN_SHARED or sum(1 for f in shared if f[0] == "f") < MIN_FIGURES:
        return False
    return len(shared) / len(a.facts | b.facts) >= MIN_JACCARD


class StoryIndex:
    """The stories of one run: ``check_and_add`` answers the source of the first document that
    carries the same story, else None, and remembers the document."""

    def __init__(self) -> None:
        self._stories: list[tuple[str, StoryFacts]] = []
        self._by_figure: dict[tuple, list[int]] = defaultdict(list)  # candidates share a figure

    def check_and_add(self, source: str, doc: Document) -> str | None:
        facts = story_facts(doc)
        if facts.figures < MIN_FIGURES or not facts.days:
            return None  # too little to tell a story by; and nothing to find it by later
        counts: dict[int, int] = defaultdict(int)
        for f in facts.facts:
            if f[0] == "f":
                for i in self._by_figure.get(f, ()):
                    counts[i] += 1
        match = next((self._stories[i][0] for i in sorted(counts) if counts[i] >= MIN_FIGURES
                      and same_story(facts, self._stories[i][1])), None)
        index = len(self._stories)
        self._stories.append((match or source, facts))  # a retelling points at the first report
        for f in facts.facts:
            if f[0] == "f":
                self._by_figure[f].append(index)
        return match
