"""Character- and line-level normalization shared by the cleaning stages.

Full-width Chinese punctuation is kept as is (no NFKC): it is part of the text.
"""

from __future__ import annotations

import re

_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\ufffc]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f]+")
# Two or more ideographic spaces open a new paragraph in text copied from Chinese portals.
_INDENT = re.compile("[ \t]*\u3000[\u3000 \t]*\u3000[\u3000 \t]*")
_LINE_SEPS = re.compile("\r\n?|[\u2028\u2029\x85]")
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SENTENCE_END = "。！？!?…"
CLAUSE_PUNCT = "，、；：,;:" + SENTENCE_END + "．"


def normalize_text(text: str) -> str:
    """Newlines, invisible and control characters, space runs, ideographic indents -> one form.

    Returns paragraphs separated by a single ``\\n`` with each line stripped; idempotent.
    """
    if "\r" in text or not text.isascii():  # str tests run at C speed; the regexes only when needed
        text = _LINE_SEPS.sub("\n", text)
        text = _INVISIBLE.sub("", text)
        if "\u3000" in text:
            text = _INDENT.sub("\n", text)
    text = _CONTROL.sub("", text)
    if "  " in text or "\t" in text or not text.isascii():
        text = _SPACES.sub(" ", text)
    lines = (line.strip(" \u3000") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def paragraphs(text: str) -> list[str]:
    """Non-empty lines of a normalized text."""
    return [p for p in text.split("\n") if p]


_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*(?:[{SENTENCE_END}]+[”’」』）)\]]*|$)\s*")


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph after sentence-final punctuation (closing quotes stay with their sentence).

    Joining the pieces gives back the paragraph exactly.
    """
    out = [m.group(0) for m in _SENTENCE.finditer(paragraph) if m.group(0)]
    return out or [paragraph]


def han_count(text: str) -> int:
    """Han characters in ``text``, estimated fast: non-ASCII characters minus the frequent punctuation.

    (Rare punctuation and full-width letters count as Han; for the length thresholds it serves, fine.)
    """
    wide = len(text) - len(text.encode("ascii", "ignore"))
    if not wide:
        return 0
    count = text.count
    return wide - (count("，") + count("。") + count("、") + count("“") + count("”") + count("：") + count("（") + count("）"))
