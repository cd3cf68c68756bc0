"""The Ray executor: the same per-shard function as the local executor, as tasks on a Ray cluster.

    zhnews ingest corpus/ --executor ray                          # a local Ray runtime, started here
    zhnews ingest corpus/ --executor ray --address auto           # the cluster this machine belongs to
    zhnews ingest corpus/ --executor ray --address ray://HEAD:10001 --db postgresql://user@db/news

The driver reads the input (so worker nodes need no shared file system), cuts it into shards
and submits each shard as a Ray task running :func:`zhnews.run.shard.process_shard` (clean,
extract, prepare for the store). Results come back in input order to the single writer in the
driver, exactly as from :class:`zhnews.run.local.LocalExecutor`, so the global passes
(near-duplicates, knowledge-base resolution) run unchanged after it. At most ``in_flight``
shards are submitted and not yet written (backpressure): memory stays flat however large the
corpus.

The pipeline is put in the object store once; each Ray worker process unpickles it on its first
shard and keeps it, so models load lazily once per worker process, not once per shard (a
pipeline passed as a plain task argument would be unpickled, models and all, for every task).
A task whose worker dies is retried by Ray (``max_retries``); a shard that still fails is run
again one document per task, and a document that fails alone is rejected with the reason.

Needs the extra ``zhnews[ray]`` on the driver and on every node (the same zhnews version).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from zhnews.document import Document, Reject
from zhnews.pipeline import Pipeline
from zhnews.run.local import shards, top_up
from zhnews.run.shard import Processed, process_shard

INSTALL_HINT = "the Ray executor needs Ray: pip install 'zhnews[ray]'"

# Per Ray worker process: the pipeline of the current run, by the id of its object-store entry.
_worker_pipelines: dict[str, Pipeline] = {}


class RayUnavailable(RuntimeError):
    """Ray is not installed, or no Ray runtime can be started or reached."""


def import_ray() -> Any:
    """The ``ray`` module, or ``RayUnavailable`` carrying the install command."""
    try:
        import ray
    except ImportError as exc:
        raise RayUnavailable(INSTALL_HINT) from exc
    return ray


def _pipeline_in_worker(boxed_ref: list[Any]) -> Pipeline:
    """The pipeline behind ``boxed_ref`` (a one-item list, so that Ray does not resolve it per task)."""
    ref = boxed_ref[0]
    key = ref.hex()
    pipeline = _worker_pipelines.get(key)
    if pipeline is None:
        import ray

        pipeline = ray.get(ref)
        _worker_pipelines.clear()  # one run at a time per worker process: drop an older run's models
        _worker_pipelines[key] = pipeline
    return pipeline


def run_shard_task(items: list[Document | Reject], boxed_ref: list[Any], prepare_for: str | None) -> list[Processed]:
    """The body of a Ray task: :func:`process_shard` with this worker process's cached pipeline."""
    return process_shard(items, _pipeline_in_worker(boxed_ref), prepare_for=prepare_for)


@dataclass
class RayExecutor:
    """Runs shards as Ray tasks; ``map`` yields processed shards in input order.

    ``address``: None starts a local Ray runtime of ``num_cpus`` (default all cores) unless this
    process joined one already or ``$RAY_ADDRESS`` names a cluster; ``auto`` joins the cluster
    this machine belongs to; ``ray://HOST:10001`` connects through the Ray client.
    ``in_flight`` bounds the shards submitted and not yet written (0: ``in_flight_per_cpu``
    per CPU of the cluster).
    """

    address: str | None = None
    shard_size: int = 16
    num_cpus: int | None = None
    in_flight_per_cpu: int = 2
    in_flight: int = 0
    max_retries: int = 3
    init_options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        import_ray()  # fail fast: before any input is read or a store is opened

    def map(
        self, items: Iterable[Document | Reject], pipeline: Pipeline, *, prepare_for: str | None = None
    ) -> Iterator[list[Processed]]:
        """Processed shards, in input order."""
        ray = import_ray()
        started_here = self._connect(ray)
        try:
            yield from self._map(ray, items, pipeline, prepare_for)
        finally:
            if started_here:
                ray.shutdown()

    def _connect(self, ray: Any) -> bool:
        """Join or start a Ray runtime; True when this call started it (and so shuts it down)."""
        if ray.is_initialized():
            return False
        address = self.address or os.environ.get("RAY_ADDRESS") or None
        options: dict[str, Any] = {"log_to_driver": False, "logging_level": "WARNING"}
        if address is None:  # a runtime of our own on this machine
            from zhnews.run.local import default_workers

            options |= {"num_cpus": self.num_cpus or default_workers(), "include_dashboard": False}
        options |= self.init_options
        try:
            ray.init(address=address, **options)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RayUnavailable(f"cannot start or reach Ray at {address or 'a local runtime'}: {exc}") from exc
        return True

    def _limit(self, ray: Any) -> int:
        if self.in_flight > 0:
            return self.in_flight
        return max(2, int(ray.cluster_resources().get("CPU", 1)) * self.in_flight_per_cpu)

    def _map(
        self, ray: Any, items: Iterable[Document | Reject], pipeline: Pipeline, prepare_for: str | None
    ) -> Iterator[list[Processed]]:
        task = ray.remote(max_retries=self.max_retries)(run_shard_task)
        single = task.options(max_retries=0)
        boxed = [ray.put(pipeline)]
        limit = self._limit(ray)
        pending: deque[tuple[list[Document | Reject], Any]] = deque()
        feed = shards(items, self.shard_size)
        try:
            while True:
                top_up(pending, feed, limit, lambda shard: task.remote(shard, boxed, prepare_for))
                if not pending:
                    return
                shard, ref = pending.popleft()
                try:
                    result = ray.get(ref)
                except ray.exceptions.RayError:
                    result = self._one_by_one(ray, single, shard, boxed, prepare_for)
                del ref  # the result leaves the object store once the writer has it
                yield result
        finally:
            for _, ref in pending:
                ray.cancel(ref, force=True)

    @staticmethod
    def _one_by_one(
        ray: Any, single: Any, shard: list[Document | Reject], boxed: list[Any], prepare_for: str | None
    ) -> list[Processed]:
        out: list[Processed] = []
        for item in shard:
            try:
                out.extend(ray.get(single.remote([item], boxed, prepare_for)))
            except ray.exceptions.RayError as exc:
                out.append(Reject(item.source, f"ray task failed processing this document: {type(exc).__name__}", "run"))
        return out
