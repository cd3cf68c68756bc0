"""Script cleaning: Traditional -> Simplified (OpenCC), converter pinyin artefacts, lost-character damage.

Some converters that turn Simplified into Traditional annotate characters with their reading,
leaving ``戰(zhàn)`` in the text. The pinyin has to go *before* OpenCC runs: OpenCC converts
phrases, and the annotation breaks them apart (乾(qián)隆 -> 干隆).
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

# One pinyin syllable: optional initial + final (the grammar over-accepts a little, never under-accepts).
_INITIAL = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL = (
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un"
    r"|ue|ve|vn|a|o|e|i|u|v|ng|n|m)"
)
_SYLLABLE = re.compile(rf"{_INITIAL}{_FINAL}")
_TONE_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TO_PLAIN = str.maketrans(_TONE_MARKED + "ü", "aaaaeeeeiiiioooouuuuvvvvv")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A Han character followed by a parenthesised lowercase Latin word of pinyin shape.
_ANNOTATION = re.compile(rf"(?<=[{_HAN}])[(（]([a-z{_TONE_MARKED}ü]{{1,7}})[)）]")
_LOST = re.compile(rf"(?<=[{_HAN}])\?+|\?+(?=[{_HAN}])")


def is_pinyin_syllable(word: str) -> bool:
    """True when ``word`` (tone marks allowed) has the shape of one Mandarin syllable."""
    return _SYLLABLE.fullmatch(word.translate(_TO_PLAIN)) is not None


def strip_pinyin_artefacts(text: str) -> tuple[str, int]:
    """Remove ``字(zì)`` reading annotations left by converters; return the text and how many went.

    A tone-marked syllable is always an annotation. A toneless one (neutral tone, ``們(men)``)
    is removed only when the same text also carries tone-marked annotations, so a real
    ``(app)`` or ``(ai)`` in an undamaged text stays.
    """
    if "(" not in text and "（" not in text:
        return text, 0
    matches = [m for m in _ANNOTATION.finditer(text) if is_pinyin_syllable(m.group(1))]
    if not matches:
        return text, 0
    damaged = any(any(ch in _TONE_MARKED for ch in m.group(1)) for m in matches)
    drop = [m for m in matches if damaged or any(ch in _TONE_MARKED for ch in m.group(1))]
    if not drop:
        return text, 0
    parts, last = [], 0
    for m in drop:
        parts.append(text[last : m.start()])
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), len(drop)


def count_lost_characters(text: str) -> int:
    """ASCII ``?`` runs touching Han characters: bytes lost in an earlier bad conversion (``??低?``)."""
    if "?" not in text:
        return 0
    return sum(len(m.group(0)) for m in _LOST.finditer(text))


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str, config: str = "t2s") -> str:
    """Traditional -> Simplified with OpenCC (converter created once per process and cached).

    ``t2s`` converts characters and the phrases whose simplified form differs; it is used
    rather than ``tw2sp`` because the latter also swaps Taiwan vocabulary for mainland
    vocabulary (線上 -> 在线, 資訊 -> 信息), which rewrites what an article said.

    A text already in Simplified script is returned as it is: OpenCC also maps a few characters
    that are standard Simplified in their own right (乾 of 乾县 and of names, 於 as a surname)
    to their commoner forms, which would rewrite a name. A text counts as Simplified when every
    character the converter changes is one of the GB2312 set (the Simplified standard).
    """
    if not text:
        return text
    converted = _converter(config).convert(text)
    if converted == text or set(text).difference(converted) <= _simplified_too(config):
        return text
    return converted


@lru_cache(maxsize=4)
def _simplified_too(config: str) -> frozenset[str]:
    """Characters of the Simplified standard (GB2312) that the converter still changes (乾 -> 干)."""
    convert = _converter(config).convert
    out = set()
    for code in range(0x4E00, 0xA000):
        ch = chr(code)
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if convert(ch) != ch:
            out.add(ch)
    return frozenset(out)
