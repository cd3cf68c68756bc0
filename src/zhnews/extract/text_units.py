"""Sentences and paragraphs of a clean text, as character ranges.

Chinese news ends sentences with 。！？； (and their ASCII forms) and paragraphs with line
breaks. Extraction rules work sentence by sentence but keep offsets into the whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE = re.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;]+[”’」』]?)?|\n+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its range in the text, and the index of the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int
    index: int

    def text(self, text: str) -> str:
        return text[self.start : self.end]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in order; a run of line breaks ends a paragraph. Blank pieces are dropped."""
    out: list[Sentence] = []
    paragraph = 0
    for m in _SENTENCE.finditer(text):
        piece = m.group()
        if piece.startswith("\n"):
            paragraph += 1
            continue
        start, end = m.start(), m.end()
        while start < end and text[start] in " \t\u3000":
            start += 1
        if start < end:
            out.append(Sentence(start, end, paragraph, len(out)))
    return out
