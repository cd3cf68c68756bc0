"""Ingest: read -> per-shard pipeline on an executor -> one writer in this process -> store."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

from zhnews.document import Document, Reject
from zhnews.kb.store import PreparedDocument, Store
from zhnews.pipeline import Pipeline, build_pipeline
from zhnews.run.local import LocalExecutor
from zhnews.run.progress import Progress, RunReport, estimate_documents, reason_group
from zhnews.run.shard import Processed

# Decides a stored document's near-duplicate (the source of an earlier document carrying the
# same story) or None. Exact duplicates (same content key) never reach it: the store keeps
# one copy and records the extra source.
NearDuplicateCheck = Callable[[PreparedDocument], "str | None"]

# Documents per write transaction (the executors' shards are smaller: they are the unit of work).
WRITE_BATCH = 256


class Executor(Protocol):
    def map(
        self, items: Iterable[Document | Reject], pipeline: Pipeline, *, prepare_for: str | None = None
    ) -> Iterator[list[Processed]]: ...


def read_items(paths: Sequence[str]) -> Iterator[Document | Reject]:
    from zhnews.read import iter_documents

    return iter_documents(paths)


def count_inputs(paths: Sequence[str]) -> int | None:
    """How many documents ``paths`` hold, for the progress bar's ETA (None: unknown)."""
    from pathlib import Path

    try:
        from zhnews.read.paths import expand_paths
    except ImportError:
        return None
    try:
        return estimate_documents(p for p in expand_paths(paths) if isinstance(p, Path))
    except Exception:  # noqa: BLE001 - an estimate only
        return None


def decide_duplicate_of(prepared: PreparedDocument, near_duplicates: NearDuplicateCheck | None) -> None:
    """The single place where a new document's ``duplicate_of`` is decided before it is written."""
    if near_duplicates is not None and prepared.doc.duplicate_of is None:
        prepared.doc.duplicate_of = near_duplicates(prepared)


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    executor: Executor | None = None,
    pipeline: Pipeline | None = None,
    near_duplicates: NearDuplicateCheck | None = None,
    progress: Progress | None = None,
    on_reject: Callable[[Reject], None] | None = None,
) -> RunReport:
    """Read ``paths``, process every document, and write the results to ``store``.

    Re-ingesting the same input changes nothing; each document is written all-or-nothing.
    """
    executor = executor or LocalExecutor()
    pipeline = pipeline or build_pipeline()
    progress = progress or Progress(count_inputs(paths))
    report = RunReport()
    started = time.perf_counter()

    def write(batch: list[PreparedDocument | Reject]) -> None:
        for item, outcome in zip(batch, store.write(batch), strict=True):
            report.read += 1
            if outcome.status == "stored":
                report.stored += 1
                report.characters += len(item.doc.text) if isinstance(item, PreparedDocument) else 0
                if outcome.near_duplicate_of:
                    report.near_duplicates += 1
            elif outcome.status == "duplicate":
                report.duplicates += 1
            elif outcome.status == "known":
                report.known += 1
            else:
                report.rejected[reason_group(outcome.reason)] += 1
                report.failed += outcome.status == "failed"
                if on_reject is not None:
                    on_reject(item if isinstance(item, Reject) else Reject(outcome.source, outcome.reason, "store"))

    batch: list[PreparedDocument | Reject] = []
    try:
        for shard in executor.map(read_items(paths), pipeline, prepare_for=store.dialect):
            for item in shard:
                if isinstance(item, Document):  # an executor that did not prepare
                    item = store.prepare(item)
                if isinstance(item, PreparedDocument):
                    decide_duplicate_of(item, near_duplicates)
                batch.append(item)
            progress.update(len(shard), f"stored {report.stored}, rejected {report.rejected_total}")
            # Several shards per transaction: a commit (and the full-text index flush it makes)
            # costs about as much as writing a shard, so the writer batches up to WRITE_BATCH.
            if len(batch) >= WRITE_BATCH:
                full, batch = batch, []
                write(full)
    finally:
        try:
            if batch:  # processed documents are kept also when the run stops (Ctrl-C): a rerun skips them
                write(batch)
        finally:
            progress.close()
        report.seconds = time.perf_counter() - started
    return report
