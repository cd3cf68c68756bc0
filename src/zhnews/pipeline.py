"""Stages and the short loop that runs them.

A stage is a plain callable ``Document -> Document | Reject``. Stage objects hold their
configuration and load models lazily, so a pipeline pickles and ships to worker processes.
Executors (``zhnews.run``) are not stages: they decide where ``Pipeline.process`` runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from zhnews.document import Document, Reject

Stage = Callable[[Document], "Document | Reject"]


@dataclass
class Pipeline:
    stages: list[Stage] = field(default_factory=list)

    def process(self, doc: Document | Reject) -> Document | Reject:
        """Run one document through every stage; a stage error becomes a Reject, never a crash."""
        for stage in self.stages:
            if isinstance(doc, Reject):
                return doc
            name = getattr(stage, "__name__", type(stage).__name__)
            try:
                doc = stage(doc)
            except RecursionError:
                return Reject(doc.source, "document too deeply nested", name)
            except MemoryError:
                return Reject(doc.source, "document too large for memory", name)
            except Exception as exc:  # noqa: BLE001 - nothing a document contains may stop a run
                return Reject(doc.source, f"{type(exc).__name__}: {exc}"[:300], name)
        return doc

    def process_many(self, docs: Iterable[Document | Reject]) -> Iterator[Document | Reject]:
        for doc in docs:
            yield self.process(doc)


def build_pipeline(*, extract: bool = True) -> Pipeline:
    """The default pipeline: decode, markup to text, clean, metadata, (extract)."""
    from zhnews.clean import Clean, Decode, Metadata, ToText

    stages: list[Stage] = [Decode(), ToText(), Clean(), Metadata()]
    if extract:
        from zhnews.extract import Extract

        stages.append(Extract())
    return Pipeline(stages)
