"""The per-shard function every executor runs (in-process, worker processes, or Ray tasks).

A shard is a short list of read documents (or read-time rejects). It is processed by the
document pipeline and, when it is bound for a store, prepared for writing (content key and
index tokens), so the single writer does nothing but write.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

from zhnews.document import Document, Reject
from zhnews.kb.store import PreparedDocument, prepare_document
from zhnews.pipeline import Pipeline

Processed = Document | Reject | PreparedDocument


_models_frozen = False  # per process: see freeze_loaded_models


def freeze_loaded_models() -> None:
    """Once per process, after its first shard (the stages load their models lazily): move every
    object alive now (models, lexicons, caches) out of the garbage collector's generations, so
    that the collections the per-document garbage triggers no longer walk them (about 0.5 ms
    of CPU per document). Those objects live as long as the process anyway."""
    global _models_frozen
    if not _models_frozen:
        _models_frozen = True
        gc.freeze()  # no collection first: it would cost a one-file run ~0.1 s; the little garbage frozen stays


def process_shard(items: Sequence[Document | Reject], pipeline: Pipeline, *, prepare_for: str | None = None) -> list[Processed]:
    """Run ``pipeline`` over ``items``; with ``prepare_for`` (a store dialect), prepare each
    document for that store. Raw bytes and markup are dropped before results travel back."""
    out = _process_shard(items, pipeline, prepare_for=prepare_for)
    freeze_loaded_models()
    return out


def _process_shard(items: Sequence[Document | Reject], pipeline: Pipeline, *, prepare_for: str | None) -> list[Processed]:
    out: list[Processed] = []
    for item in items:
        result = pipeline.process(item)
        if isinstance(result, Document):
            result.raw = None
            result.raw_text = ""
            if not result.text.strip():
                result = Reject(result.source, "no text left after cleaning", "clean")
            elif prepare_for:
                try:
                    prepared = prepare_document(result, prepare_for)
                    prepared.fingerprint = near_duplicate_fingerprint(result.text)
                    out.append(prepared)
                except Exception as exc:  # noqa: BLE001 - bad input is data
                    out.append(Reject(result.source, f"prepare: {type(exc).__name__}: {exc}"[:300], "prepare"))
                continue
        out.append(result)
    return out


def near_duplicate_fingerprint(text: str) -> object | None:
    """The fingerprint the writer's near-duplicate check needs (made here, in the worker, so the
    single writer does not); None without ``zhnews.dedup``."""
    try:
        from zhnews.dedup import DedupSettings, NearDuplicateIndex
    except ImportError:
        return None
    return NearDuplicateIndex.fingerprint_with(DedupSettings(), text)


def source_of(item: Processed) -> str:
    return item.doc.source if isinstance(item, PreparedDocument) else item.source
