"""Fact extraction: entities, roles, events and figures, each with its span in ``Document.text``.

``Extract`` is the pipeline stage. It combines the entity recognizer's mentions with pattern
rules (``patterns``, ``roles``), groups mentions into entities (``entities``), and reads events
(``events``, dates resolved by ``dates``) and figures (``figures``).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from zhnews.document import Document, Mention

Recognizer = Callable[[str], list[Mention]]


def default_recognizer() -> Recognizer:
    """The trained recognizer of ``zhnews.extract.ner`` when it loads, else the interim one.

    ``ZHNEWS_NER=interim`` forces the interim recognizer (for comparisons).
    """
    from zhnews.extract.interim_ner import recognize as interim

    if os.environ.get("ZHNEWS_NER") == "interim":
        return interim
    try:
        from zhnews.extract.ner import recognize  # type: ignore[attr-defined]

        recognize("新华社北京电")  # loads the model once; a missing model file falls back
        return recognize
    except Exception:  # noqa: BLE001 - any failure to load the model means: use the interim recognizer
        return interim


class Extract:
    """Pipeline stage ``Document -> Document`` filling entities, roles, events and figures.

    Holds no model itself: the recognizer is looked up on first use, so the stage pickles.
    """

    __name__ = "Extract"

    def __init__(self, recognizer: Recognizer | None = None, max_chars: int = 200_000) -> None:
        self._recognizer = recognizer
        self.max_chars = max_chars

    def __getstate__(self) -> dict:
        return {"max_chars": self.max_chars, "_recognizer": None}

    def __setstate__(self, state: dict) -> None:
        self.max_chars = state["max_chars"]
        self._recognizer = None

    def recognizer(self) -> Recognizer:
        if self._recognizer is None:
            self._recognizer = default_recognizer()
        return self._recognizer

    def __call__(self, doc: Document) -> Document:
        from zhnews.extract.facts import extract_facts

        text = doc.text[: self.max_chars]
        if not text.strip():
            return doc
        facts = extract_facts(text, self.recognizer(), published=doc.published, publisher=doc.publisher)
        doc.entities, doc.roles, doc.events, doc.figures = facts.entities, facts.roles, facts.events, facts.figures
        return doc


__all__ = ["Extract", "default_recognizer"]
