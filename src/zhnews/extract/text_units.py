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


# No news sentence runs this long (the longest in our corpora is ~200 characters); a longer
# "sentence" (a table, a list without stops, hostile input) is cut into pieces of at most this
# many characters, at a comma or an enumeration mark when there is one, so that every rule
# working sentence by sentence stays linear in the text.
MAX_SENTENCE = 400
_SOFT_BREAK = re.compile(r"[，,、：:\s][^，,、：:\s]*$")


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
        while end - start > MAX_SENTENCE:
            cut = start + MAX_SENTENCE
            soft = _SOFT_BREAK.search(text, start + MAX_SENTENCE // 2, cut)
            if soft:
                cut = soft.start() + 1
            out.append(Sentence(start, cut, paragraph, len(out)))
            start = cut
        if start < end:
            out.append(Sentence(start, end, paragraph, len(out)))
    return out
