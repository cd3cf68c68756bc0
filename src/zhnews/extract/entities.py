"""Mentions -> the distinct entities of one document.

Candidates from the recognizer and the pattern rules are filtered (descriptive phrases that
name no body, generic heads, fragments), overlaps are resolved by confidence and length, every
further occurrence of an accepted name becomes a mention too, and mentions are grouped into
entities: the fullest form is the canonical name, short forms (工信部 for 工业和信息化部, 国资委
for 国务院国资委, 泸州 for 泸州市) and script variants (茍坪/苟坪) are its aliases.
"""

from __future__ import annotations

import re
from collections import defaultdict

from zhnews.document import Entity, Mention, Span
from zhnews.extract import lexicon
from zhnews.extract.ner import gazetteer

# Variant characters that survive Traditional->Simplified conversion; key form uses the right side.
_VARIANTS = str.maketrans({"茍": "苟", "裏": "里", "綫": "线"})
_NATIONAL_PREFIX = ("国家", "中国", "中央", "全国", "国务院", "中华", "中共", "人民")
_PLACE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "省", "市", "区", "县", "镇", "乡")
_COMPANY_TAILS = ("集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "股份")


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name).translate(_VARIANTS).replace("（", "(").replace("）", ")")


def place_key(name: str) -> str:
    """泸州市 and 泸州 are one place."""
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _has_proper_part(name: str) -> bool:
    if name.startswith(lexicon.CENTRAL_BODIES) or re.search(r"[A-Za-z]", name):
        return True
    if name[0] in "市省区县" and len(name) >= 5 and name.endswith(("局", "委", "厅", "办", "办公室")):
        return True  # 市数字经济发展局: the city's own bureau
    for prefix in _NATIONAL_PREFIX:
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            return rest not in lexicon.GENERIC_ORG_WORDS and len(rest) >= 2
    return any(gazetteer.is_place(name[:n]) for n in (2, 3, 4) if len(name) > n)


def keep_model_mention(m: Mention) -> bool:
    """Light filter for a trained recognizer's mentions: only what can name no entity at all."""
    t = m.text.strip()
    if not t or len(t) > 40 or not re.search(r"[\u4e00-\u9fffA-Za-z]", t) or "?" in t:
        return False
    if m.type == "organization":
        return not (lexicon.DESCRIPTIVE_ORG.match(t) or t in lexicon.GENERIC_ORG_WORDS)
    if m.type == "person":
        return not gazetteer.is_place(t)
    return m.type == "place"


def keep_mention(m: Mention) -> bool:
    """Whether a candidate mention of a pattern rule or the interim recognizer can name an entity."""
    t = m.text
    if m.type == "person":
        return 2 <= len(t) <= 5 and lexicon.is_surname_start(t) and not gazetteer.is_place(t) and not re.search(r"[^\u4e00-\u9fff·]", t)
    if m.type == "organization":
        if not 2 <= len(t) <= 30 or lexicon.DESCRIPTIVE_ORG.match(t) or t in lexicon.GENERIC_ORG_WORDS:
            return False
        if re.search(r"[了暨?？]|^[与和及、]|[与和及、]$|..的", t) or gazetteer.is_place(t):
            return False
        if lexicon.CONFERENCE_HEAD.search(t):
            return False
        return m.score >= 0.75 or _has_proper_part(t)
    if m.type == "place":
        return len(t) >= 2 and "?" not in t
    return False


def resolve_overlaps(cands: list[Mention]) -> list[Mention]:
    """Greedy: higher confidence first, then longer; an accepted span blocks overlapping ones.
    A place inside an organization's name (泸州 in 泸州市委) is part of that name, not a mention."""
    if not cands:
        return []
    size = max(m.end for m in cands) + 1
    org_cover = [0] * size  # longest organization candidate covering each character
    for m in cands:
        if m.type == "organization":
            length = m.end - m.start
            for i in range(m.start, m.end):
                if org_cover[i] < length:
                    org_cover[i] = length
    cands = [m for m in cands if m.type != "place" or min(org_cover[m.start : m.end]) <= m.end - m.start]
    order = sorted(cands, key=lambda m: (-m.score, -(m.end - m.start), m.start))
    taken = bytearray(size)
    out: list[Mention] = []
    for m in order:
        if any(taken[m.start : m.end]):
            continue
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        out.append(m)
    out.sort(key=lambda m: m.start)
    return out


def add_repeats(text: str, mentions: list[Mention]) -> list[Mention]:
    """Every further occurrence of an accepted name (not inside another mention) is a mention too."""
    names: dict[str, str] = {}
    for m in mentions:
        if len(m.text) >= 2 and m.text == text[m.start : m.end]:
            names.setdefault(m.text, m.type)
    if not names:
        return mentions
    taken = bytearray(len(text) + 1)
    for m in mentions:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    extra = []
    for hit in pattern.finditer(text):
        s, e = hit.span()
        if any(taken[s:e]):
            continue
        extra.append(Mention(names[hit.group()], s, e, hit.group(), 0.5))
    return sorted(mentions + extra, key=lambda m: m.start)


def _is_alias(short: str, long: str) -> bool:
    """工信部 of 工业和信息化部 (same first and last character, characters in order),
    国资委 of 国务院国资委 (a tail of at least three characters), 中国电子 of 中国电子集团."""
    if short == long or len(short) >= len(long) or len(short) < 2:
        return False
    if long.endswith(short) and len(short) >= 3:
        return True
    for tail in _COMPANY_TAILS:
        if long == short + tail:
            return True
    if short[0] != long[0] or short[-1] != long[-1] or len(short) > len(long) - 2:
        return False
    it = iter(long)
    return all(ch in it for ch in short)


def group_entities(mentions: list[Mention]) -> list[Entity]:
    """Group mentions of one document into entities with canonical names and aliases."""
    forms: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        key = place_key(_key(m.text)) if m.type == "place" else _key(m.text)
        forms[(m.type, key)].append(m)
    entities: list[Entity] = []
    for etype in ("person", "organization", "place"):
        groups = [(k, ms) for (t, k), ms in forms.items() if t == etype]
        # longest key first, so short forms find the full name they abbreviate
        groups.sort(key=lambda kv: -len(kv[0]))
        merged: list[tuple[str, list[Mention]]] = []
        for key, ms in groups:
            target = None
            if etype == "organization":
                matches = [g for g in merged if _is_alias(key, g[0])]
                target = matches[0] if len(matches) == 1 else None
            if target is not None:
                target[1].extend(ms)
            else:
                merged.append((key, list(ms)))
        for _, ms in merged:
            surface = sorted({m.text for m in ms}, key=lambda s: (-len(s), s))
            name = surface[0]
            if etype == "place":
                place = gazetteer.lookup_place(name)
                if place is not None and place.name.startswith(name) and place.name in surface:
                    name = place.name
            spans = sorted({(m.start, m.end) for m in ms})
            entities.append(Entity(etype, name, [s for s in surface if s != name], [Span(s, e) for s, e in spans]))
    entities.sort(key=lambda e: e.spans[0].start)
    return entities
