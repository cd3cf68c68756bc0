"""Alias tables for organizations: a curated table of national bodies, and definitions learned from text.

The curated table (``data/aliases.tsv``, written for zhnews) maps common short forms to the
full name (工信部 → 工业和信息化部). Texts define their own short forms too:
``中国电子信息产业集团有限公司（以下简称“中国电子”）``; :func:`learn_definitions` finds those.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_DEFINITION = re.compile(
    r"[（(]\s*(?:以下|下文)?(?:简称|简称为|称)\s*[：:]?\s*[“\"「『‘']?([^”\"」』’'）)，,、；;]{1,16})[”\"」』’']?\s*[）)]"
)


@lru_cache(maxsize=200_000)
def normalize_name(name: str) -> str:
    """A comparable form of a name: simplified, NFKC (full-width to half-width), no spaces, no quotes."""
    from zhnews.dedup.fingerprint import _t2s

    name = unicodedata.normalize("NFKC", _t2s().convert(name))
    return "".join(ch for ch in name if not ch.isspace() and ch not in "“”\"'‘’「」《》").strip()


@dataclass(frozen=True, slots=True)
class AliasTable:
    """Alias → canonical name, both normalized. Canonical names map to themselves."""

    to_canonical: dict[str, str]

    def canonical(self, name: str) -> str | None:
        """The canonical name a (normalized) name is an alias of, or None when unknown."""
        return self.to_canonical.get(normalize_name(name))

    def aliases_of(self, canonical: str) -> list[str]:
        key = normalize_name(canonical)
        return sorted(a for a, c in self.to_canonical.items() if c == key and a != key)

    def __len__(self) -> int:
        return len(self.to_canonical)


def parse_alias_lines(lines: Iterable[str]) -> AliasTable:
    """Parse ``canonical<TAB>alias...`` lines (``#`` comments, blank lines skipped)."""
    table: dict[str, str] = {}
    for line in lines:
        line = line.strip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        names = [normalize_name(n) for n in line.split("\t") if n.strip()]
        canonical = names[0]
        table.setdefault(canonical, canonical)
        for alias in names[1:]:
            table.setdefault(alias, canonical)
    return AliasTable(table)


@lru_cache(maxsize=1)
def curated_aliases() -> AliasTable:
    """The curated table shipped with zhnews (national bodies, central enterprises, media)."""
    text = resources.files("zhnews.kb").joinpath("data", "aliases.tsv").read_text(encoding="utf-8")
    return parse_alias_lines(text.splitlines())


@dataclass(frozen=True, slots=True)
class Definition:
    """A short form a text defines for a fuller name, with where the definition stands."""

    full: str
    short: str
    start: int  # start of the full name in the text
    end: int  # end of the definition's closing parenthesis


def learn_definitions(text: str, names: Iterable[tuple[str, int, int]] = ()) -> list[Definition]:
    """Short forms defined in a text: ``X（以下简称“Y”）``, ``X(简称Y)``.

    ``names`` are (name, start, end) mentions found by the extractor; the full name is the
    mention that ends right before the parenthesis. Without such a mention, the run of
    characters since the last punctuation mark is taken when it is short enough to be a name.
    """
    by_end: dict[int, tuple[str, int]] = {}
    for name, start, end in names:
        if end not in by_end or start < by_end[end][1]:
            by_end[end] = (name, start)
    out: list[Definition] = []
    for m in _DEFINITION.finditer(text):
        short = m.group(1).strip()
        pos = m.start()
        if pos in by_end:
            full, start = by_end[pos]
        else:
            j = pos
            while j > 0 and j > pos - 40 and not _is_break(text[j - 1]):
                j -= 1
            while j < pos and text[j].isspace():
                j += 1
            # a leading function word ("由", "与", "同") is not part of the name
            lead = re.match(r"(?:会同|由|与|和|同|及|是|为|在|对|向|将|经|据)?", text[j:pos])
            start = j + (lead.end() if lead else 0)
            full = text[start:pos].strip()
        if not full or len(full) < 2 or len(full) > 40 or short == full or len(short) >= len(full):
            continue
        out.append(Definition(full=full, short=short, start=start, end=m.end()))
    return out


def _is_break(ch: str) -> bool:
    return ch in "，。；：、！？,.;:!?“”\"（）()《》\n 　" or ch.isspace()
