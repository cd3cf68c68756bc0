"""Sectors of the field a document or event is about: a taxonomy and a weighted-keyword classifier.

The taxonomy (``data/sectors.tsv``, written for zhnews) lists, per sector, terms with weights:
3 for a term that names the sector (网络安全, 商用密码, 云计算), 2 for a term typical of it
(漏洞, 数据中心), 1 for weak support, negative for senses that are not it (账号密码). A text's
score for a sector is the sum of weight × min(occurrences, 3); the sector is assigned when the
score reaches the threshold (documents: 5, i.e. a naming term twice or with support; an
event's sentence: 3). Longer terms win over the terms they contain (商用密码 is not also 密码).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

DOCUMENT_THRESHOLD = 5.0
EVENT_THRESHOLD = 3.0
MAX_COUNT = 3


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Sector -> [(term, weight)], and the regexes finding the terms (Han terms; ASCII terms)."""

    terms: dict[str, list[tuple[str, float]]]
    patterns: tuple[re.Pattern[str], ...]
    owners: dict[str, list[tuple[str, float]]]  # term -> [(sector, weight)]

    @property
    def sectors(self) -> list[str]:
        return list(self.terms)


def parse_taxonomy(lines: list[str]) -> Taxonomy:
    terms: dict[str, list[tuple[str, float]]] = defaultdict(list)
    owners: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        sector, weight, term = line.rstrip("\n").split("\t")
        terms[sector].append((term, float(weight)))
        owners[term].append((sector, float(weight)))
    # ASCII terms (AI, GPU, 5G) must not match inside longer Latin words or numbers (AIR, 15G)
    ascii_terms = sorted((t for t in owners if t.isascii()), key=len, reverse=True)
    others = [t for t in owners if not t.isascii()]
    patterns = []
    if others:
        patterns.append(re.compile(_trie_regex(others)))  # one character dispatch per position, longest first
    if ascii_terms:
        patterns.append(re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(re.escape(t) for t in ascii_terms) + r")(?![A-Za-z])"))
    return Taxonomy(dict(terms), tuple(patterns), dict(owners))


def _trie_regex(words: list[str]) -> str:
    """A regex matching any of ``words``, preferring the longest, built from their prefix tree."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def render(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return render(trie)


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The taxonomy shipped with zhnews."""
    text = resources.files("zhnews.kb").joinpath("data", "sectors.tsv").read_text(encoding="utf-8")
    return parse_taxonomy(text.splitlines())


def sector_scores(text: str, tax: Taxonomy | None = None) -> dict[str, float]:
    """Score of every sector with any evidence in ``text`` (non-overlapping, longest terms first)."""
    tax = tax or taxonomy()
    counts: dict[str, int] = defaultdict(int)
    for pattern in tax.patterns:
        for m in pattern.finditer(text):
            counts[m.group(0)] += 1
    scores: dict[str, float] = defaultdict(float)
    for term, n in counts.items():
        for sector, weight in tax.owners.get(term, ()):
            scores[sector] += weight * min(n, MAX_COUNT)
    return {s: v for s, v in scores.items() if v > 0}


def classify(text: str, *, threshold: float = DOCUMENT_THRESHOLD, tax: Taxonomy | None = None) -> list[tuple[str, float]]:
    """Sectors ``text`` is about, best first, with their scores."""
    scores = sector_scores(text, tax)
    return sorted(((s, v) for s, v in scores.items() if v >= threshold), key=lambda x: (-x[1], x[0]))


def classify_event(sentence: str, name: str | None = None, *, tax: Taxonomy | None = None) -> list[str]:
    """Sectors of an event, from its name and the sentence that states it."""
    return [s for s, _v in classify(f"{name or ''}。{sentence}", threshold=EVENT_THRESHOLD, tax=tax)]
