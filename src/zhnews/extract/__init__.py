"""Entities, roles, events, figures. (placeholder)"""

from __future__ import annotations

from zhnews.document import Document


class Extract:
    def __call__(self, doc: Document) -> Document:
        return doc
