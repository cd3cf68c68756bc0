"""Named-entity recognition for Chinese news: persons, organizations, places.

    from zhnews.extract.ner import recognize
    for m in recognize("四川省密码管理局局长张卫东出席会议。"):
        print(m.type, m.text, m.start, m.end)

The model (a CRF trained on CLUENER2020 by ``scripts/train_ner.py``, shipped as
``ner_model.npz`` with its measured scores in ``ner_model.json``) loads on the first call, once
per process; importing this package does no work. Lexicons are in :mod:`.gazetteer`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zhnews.document import Mention
    from zhnews.extract.ner.recognizer import Recognizer

__all__ = ["recognize", "recognize_many", "get_recognizer"]

_lock = threading.Lock()
_recognizer: Recognizer | None = None


def get_recognizer() -> Recognizer:
    """The process-wide recognizer, loading the shipped model on first use (thread safe)."""
    global _recognizer
    if _recognizer is None:
        with _lock:
            if _recognizer is None:
                from zhnews.extract.ner.model import CrfModel
                from zhnews.extract.ner.recognizer import Recognizer

                _recognizer = Recognizer(CrfModel.load())
    return _recognizer


def recognize(text: str) -> list[Mention]:
    """Person, organization and place mentions in ``text``, in order.

    Offsets are character offsets into ``text``: ``text[m.start:m.end] == m.text``.
    """
    return get_recognizer().recognize(text)


def recognize_many(texts: Sequence[str]) -> list[list[Mention]]:
    """``recognize`` for many texts at once (sentences share decoding batches: faster)."""
    return get_recognizer().recognize_many(texts)
