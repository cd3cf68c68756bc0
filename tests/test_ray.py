"""The Ray executor on a real local Ray runtime: it stores exactly what the local executor stores,
keeps a bounded number of shards in flight, survives a dying worker, and without Ray installed
the command fails at once with the install command.

Ray is started once for this module (``ray.init(num_cpus=2)``) and shut down after. Without
Ray installed these tests skip with the reason, or fail when ``ZHNEWS_REQUIRE_RAY`` is set (CI).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kb_backends import database
from kb_dump import differences, dump
from zhnews import api
from zhnews.document import Document
from zhnews.kb.store import open_store
from zhnews.pipeline import Pipeline, build_pipeline
from zhnews.run.ingest import ingest, read_items
from zhnews.run.local import LocalExecutor

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "news"


def need_ray() -> Any:
    try:
        import ray
    except ImportError:
        msg = "Ray is not installed (pip install 'zhnews[ray]')"
        if os.environ.get("ZHNEWS_REQUIRE_RAY"):
            pytest.fail(msg)
        pytest.skip(msg)
    return ray


@pytest.fixture(scope="module")
def ray_runtime() -> Iterator[Any]:
    ray = need_ray()
    # stages defined in this file travel to the workers by value (the workers cannot import tests/)
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    try:
        yield ray
    finally:
        ray.shutdown()
        ray.cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


def corpus(seeds_dir: Path) -> list[Path]:
    """The seeds, and the bundled demo corpus when present (every input form and encoding)."""
    return [seeds_dir, *([EXAMPLES] if EXAMPLES.is_dir() else [])]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_ray_stores_the_same_facts_as_the_local_executor(
    ray_runtime: Any, seeds_dir: Path, tmp_path: Path, backend: str
) -> None:
    paths = corpus(seeds_dir)
    with database(backend, tmp_path) as local_db, database(backend, tmp_path) as ray_db:
        local = api.ingest(paths, local_db, workers=1)
        remote = api.ingest(paths, ray_db, executor="ray", shard_size=3)
        assert remote.to_json() | {"seconds": 0} == local.to_json() | {"seconds": 0}
        assert remote.stored >= 5 + (10 if EXAMPLES.is_dir() else 0)
        with open_store(local_db) as a, open_store(ray_db) as b:
            left, right = dump(a), dump(b)
    assert differences(left, right) == []
    assert left == right
    # the comparison is not vacuous: the seeds carry facts of every kind
    facts = [d["facts"] for d in left["documents"]]
    for kind in ("entities", "roles", "events", "figures"):
        assert sum(len(f[kind]) for f in facts) > 0, f"no {kind} stored: the comparison proves little"
    assert left["kb_entities"] and left["kb_events"]


class CountingFeed:
    """The input of a run, counting how many items the executor has pulled so far."""

    def __init__(self, items: list[Document]) -> None:
        self.items = items
        self.pulled = 0

    def __iter__(self) -> Iterator[Document]:
        for item in self.items:
            self.pulled += 1
            yield item


def small_docs(n: int) -> list[Document]:
    return [Document(source=f"mem://{i}", text=f"第{i}号：某公司发布新产品，销量增长{i}成。", format="txt") for i in range(n)]


def test_shards_in_flight_are_bounded_and_come_back_in_order(ray_runtime: Any) -> None:
    from zhnews.run.ray_executor import RayExecutor

    feed = CountingFeed(small_docs(120))
    executor = RayExecutor(shard_size=4, in_flight=3)
    seen: list[str] = []
    lead = []
    for shard in executor.map(feed, build_pipeline(extract=False)):
        seen += [item.source for item in shard]
        lead.append(feed.pulled - len(seen))
    assert seen == [d.source for d in feed.items]
    # pulled but not yet returned: the shards in flight (3) plus at most the next one being cut
    assert max(lead) <= 4 * 4
    assert min(lead[:-3]) >= 4  # and the executor did keep shards in flight (it is not serial)


class KillWorkerOn:
    """A stage that kills the Ray worker process running it when the text holds ``marker``."""

    driver = os.getpid()

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __call__(self, doc: Document) -> Document:
        if self.marker in doc.text and os.getpid() != self.driver:
            os.kill(os.getpid(), signal.SIGKILL)
        return doc


def test_a_dying_worker_costs_only_its_document(ray_runtime: Any, tmp_path: Path) -> None:
    from zhnews.run.ray_executor import RayExecutor

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i:02d}.txt").write_text(f"第{i}号文件：企业发布了新产品，销量增长{i}成。", encoding="utf-8")
    (folder / "05_poison.txt").write_text("这份文件会让进程崩溃。毒丸", encoding="utf-8")
    pipeline = Pipeline([*build_pipeline(extract=False).stages, KillWorkerOn("毒丸")])
    rejected: list[tuple[str, str]] = []
    with open_store(tmp_path / "kb.sqlite") as store:
        report = ingest(
            [str(folder)], store, pipeline=pipeline, executor=RayExecutor(shard_size=4, max_retries=0),
            on_reject=lambda r: rejected.append((Path(r.source).name, r.reason)),
        )
        assert (report.read, report.stored, report.rejected_total) == (13, 12, 1)
        assert [name for name, _ in rejected] == ["05_poison.txt"]
        assert rejected[0][1].startswith("ray task failed processing this document")
        assert store.stats()["documents"] == 12


def test_ray_executor_matches_local_on_an_in_memory_feed(ray_runtime: Any, seeds_dir: Path) -> None:
    """The executors' outputs, before any store: same records, same order."""
    from zhnews.run.ray_executor import RayExecutor

    pipeline = build_pipeline()
    local = [item for shard in LocalExecutor(workers=1).map(read_items([str(seeds_dir)]), pipeline) for item in shard]
    remote = [item for shard in RayExecutor(shard_size=2).map(read_items([str(seeds_dir)]), pipeline) for item in shard]
    assert [d.to_record() for d in remote] == [d.to_record() for d in local]


def test_without_ray_the_ingest_fails_fast_with_the_install_command(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "kb.sqlite"
    code = (
        "import sys; sys.modules['ray'] = None\n"  # as if Ray were not installed
        "from zhnews.serve.cli import main\n"
        f"sys.exit(main(['ingest', {str(seeds_dir)!r}, '--db', {str(db)!r}, '--executor', 'ray']))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "pip install 'zhnews[ray]'" in run.stderr
    assert "Traceback" not in run.stderr
    assert not db.exists()  # failed before opening (or creating) the store
