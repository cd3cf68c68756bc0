"""Decode, markup to text, boilerplate and script cleaning, metadata. (placeholder)"""

from __future__ import annotations

from zhnews.document import Document


class Decode:
    def __call__(self, doc: Document) -> Document:
        if doc.raw is not None:
            doc.raw_text = doc.raw.decode("utf-8", errors="replace")
            doc.encoding = "utf-8"
            doc.raw = None
        return doc


class ToText:
    def __call__(self, doc: Document) -> Document:
        doc.text = doc.raw_text
        return doc


class Clean:
    def __call__(self, doc: Document) -> Document:
        return doc


class Metadata:
    def __call__(self, doc: Document) -> Document:
        return doc
