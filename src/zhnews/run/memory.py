"""``--limit-memory``: the number of worker processes and the shard size that fit a memory budget.

Memory of an ingest is mostly fixed per process, not per document (the corpus streams): each
worker process holding the models costs about ``WORKER_MB``, a run in one process about
``PROCESS_MB``; the main process that only writes, with workers doing the extraction, about
``WRITER_MB``; documents in flight (shards queued for the
workers) a few KB each. The figures are peaks measured with ``benchmarks/throughput.py`` and
``benchmarks/scale.py`` on 3,000 and 20,000 documents (292 MB for one in-process run, 172 MB
for the writer and 165 MB per worker with two workers), rounded up. The knowledge-base pass at
the end grows with the distinct names of the base (under 750 MB in all at 100,000 documents), so
the budget is a plan, not a hard cap: it is printed, and too small a budget is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROCESS_MB = 320  # the in-process run: models, writer and the knowledge-base pass in one process
WORKER_MB = 200  # one worker process with its models
WRITER_MB = 200  # the main process when workers extract
DOC_IN_FLIGHT_KB = 64  # one queued document with its processed record
IN_FLIGHT_PER_WORKER = 3
MIN_SHARD = 4  # smaller shards cost more in passing than they save in memory  # shards queued per worker (zhnews.run.local.LocalExecutor)

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.I)
_UNIT_MB = {"": 1.0, "k": 1 / 1024, "m": 1.0, "g": 1024.0, "t": 1024.0 * 1024}


def parse_size(text: str) -> float:
    """Megabytes in ``800M``, ``1.5G``, ``2GiB``, ``700`` (a bare number is MB)."""
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"not a memory size: {text!r} (write e.g. 800M or 1.5G)")
    return float(m.group(1)) * _UNIT_MB[m.group(2).lower()]


@dataclass(frozen=True, slots=True)
class MemoryPlan:
    workers: int  # 1: in this process
    shard_size: int
    estimate_mb: int

    def describe(self) -> str:
        where = "in this process" if self.workers == 1 else f"{self.workers} worker processes"
        return f"memory plan: {where}, shards of {self.shard_size} documents, about {self.estimate_mb} MB"


def estimate_mb(workers: int, shard_size: int) -> int:
    if workers <= 1:
        return PROCESS_MB
    in_flight = workers * IN_FLIGHT_PER_WORKER * shard_size * DOC_IN_FLIGHT_KB / 1024
    return round(WRITER_MB + workers * WORKER_MB + in_flight)


def plan(limit_mb: float, workers: int, shard_size: int) -> MemoryPlan:
    """The most workers (up to ``workers``) and the largest shards (up to ``shard_size``) whose
    estimate fits ``limit_mb``; ``ValueError`` when not even one in-process run fits."""
    if limit_mb < PROCESS_MB:
        raise ValueError(f"a memory limit of {limit_mb:.0f} MB is below what one ingest process needs "
                         f"(about {PROCESS_MB} MB with its models): raise --limit-memory")
    for n in range(max(1, workers), 1, -1):
        size = shard_size
        while size > MIN_SHARD and estimate_mb(n, size) > limit_mb:
            size = max(MIN_SHARD, size // 2)
        if estimate_mb(n, size) <= limit_mb:
            return MemoryPlan(n, size, estimate_mb(n, size))
    return MemoryPlan(1, shard_size, estimate_mb(1, shard_size))
