"""The local executor: the per-shard function on N worker processes, streaming, in order.

``workers=1`` runs in this process. Otherwise a process pool receives shards with a bounded
number in flight (memory stays bounded however large the corpus), and results come back in
input order. A worker that dies (killed, out of memory) costs only its documents: the pool is
restarted, the shards in flight are retried one document at a time, and a document that kills
a worker again is rejected with that reason.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Any

from zhnews.document import Document, Reject
from zhnews.pipeline import Pipeline
from zhnews.run.shard import Processed, process_shard

# The pipeline a worker process runs, set once by the pool initializer (per-process state,
# so the pipeline is pickled once per worker, not once per shard).
_worker_pipeline: Pipeline | None = None


def _init_worker(pipeline: Pipeline) -> None:
    global _worker_pipeline
    _worker_pipeline = pipeline


def _run_in_worker(items: list[Document | Reject], prepare_for: str | None) -> list[Processed]:
    assert _worker_pipeline is not None, "worker not initialized"
    return process_shard(items, _worker_pipeline, prepare_for=prepare_for)


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def shards(items: Iterable[Document | Reject], size: int) -> Iterator[list[Document | Reject]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def top_up(
    pending: deque[tuple[list[Document | Reject], Any]],
    feed: Iterator[list[Document | Reject]],
    limit: int,
    submit: Callable[[list[Document | Reject]], Any],
) -> None:
    """Submit shards from ``feed`` until ``limit`` are in flight (backpressure for every executor)."""
    while len(pending) < limit:
        shard = next(feed, None)
        if shard is None:
            return
        pending.append((shard, submit(shard)))


@dataclass
class LocalExecutor:
    """Runs shards in this process (``workers=1``) or on a pool of worker processes."""

    workers: int = 0  # 0: all cores
    shard_size: int = 16
    in_flight_per_worker: int = 3

    def map(
        self, items: Iterable[Document | Reject], pipeline: Pipeline, *, prepare_for: str | None = None
    ) -> Iterator[list[Processed]]:
        """Processed shards, in input order."""
        workers = self.workers or default_workers()
        feed = shards(items, self.shard_size)
        first = next(feed, None)
        second = next(feed, None) if first is not None else None
        if workers <= 1 or second is None:  # one shard only: a pool would only add start-up time
            for shard in itertools.chain((s for s in (first, second) if s is not None), feed):
                yield process_shard(shard, pipeline, prepare_for=prepare_for)
            return
        rest = (item for shard in itertools.chain((first, second), feed) for item in shard)
        yield from self._map_pool(rest, pipeline, workers, prepare_for)

    def _new_pool(self, pipeline: Pipeline, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(pipeline,))

    def _map_pool(
        self, items: Iterable[Document | Reject], pipeline: Pipeline, workers: int, prepare_for: str | None
    ) -> Iterator[list[Processed]]:
        pool = self._new_pool(pipeline, workers)
        pending: deque[tuple[list[Document | Reject], Future[list[Processed]]]] = deque()
        feed = shards(items, self.shard_size)
        limit = workers * self.in_flight_per_worker
        try:
            while True:
                top_up(pending, feed, limit, lambda shard, pool=pool: pool.submit(_run_in_worker, shard, prepare_for))
                if not pending:
                    return
                shard, future = pending.popleft()
                try:
                    yield future.result()
                except BrokenProcessPool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = self._new_pool(pipeline, workers)
                    retry = [shard] + [s for s, _ in pending]
                    pending.clear()
                    for again in retry:
                        results, pool = self._one_by_one(again, pool, pipeline, workers, prepare_for)
                        yield results
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _one_by_one(
        self, shard: list[Document | Reject], pool: ProcessPoolExecutor, pipeline: Pipeline, workers: int,
        prepare_for: str | None,
    ) -> tuple[list[Processed], ProcessPoolExecutor]:
        out: list[Processed] = []
        for item in shard:
            try:
                out.extend(pool.submit(_run_in_worker, [item], prepare_for).result())
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = self._new_pool(pipeline, workers)
                out.append(Reject(item.source, "worker process died processing this document", "run"))
        return out, pool
