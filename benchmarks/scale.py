"""Scale run: a large ingest with its peak memory, search latency over the result, CLI startup.

    .venv/bin/python benchmarks/scale.py [--docs 100000] [--keep DIR] [--workers N]
        [--executor local|ray] [--db URL] [--queries 200] [--skip-ingest]

1. Builds ``--docs`` documents as one JSON Lines file with ../shared/bench/make_corpus.py
   (streamed input: nothing about the corpus needs to fit in memory).
2. Runs ``zhnews ingest CORPUS --db DB`` as a child process and samples the resident memory
   (RSS) of its whole process tree (driver, worker processes, a Ray runtime it starts) every
   0.2 s: the peak is the figure (target < 2 GB). Prints documents/s over the whole command.
3. Times 200 searches over the base (1-, 2- and 4-character terms taken from stored text;
   a third with a published-date range, a third with a publisher, a third with none) and prints
   p50/p95/p99 (target p95 < 50 ms), overall and by term length.
4. Times ``zhnews extract one-file.txt`` (a fresh interpreter each time; target well under 2 s).

The machine is shared: figures are noisy; run more than once before believing a change.
Never run from the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ZHNEWS_SHARED", ROOT.parent / "shared")).resolve()
MAKE_CORPUS = SHARED / "bench" / "make_corpus.py"
ZHNEWS = [sys.executable, "-m", "zhnews.serve.cli"]


# -- memory of a process tree (Linux /proc) --------------------------------------------------

def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def tree_rss_mb(root: int) -> float:
    """Resident memory (MB) of ``root`` and all its descendants, now."""
    kids = _children()
    total_kb, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += kids.get(pid, [])
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
                        break
        except OSError:
            continue
    return total_kb / 1024


class PeakMemory:
    """Samples a process tree's RSS on a thread until stopped; ``peak_mb`` and ``samples``."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every = pid, every
        self.peak_mb = 0.0
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = time.perf_counter()
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = tree_rss_mb(self.pid)
            self.peak_mb = max(self.peak_mb, rss)
            self.samples.append((time.perf_counter() - self._started, rss))
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


# -- phases ------------------------------------------------------------------------------------

def build_corpus(docs: int, path: Path) -> None:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(MAKE_CORPUS), "--docs", str(docs), "--jsonl", str(path)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"corpus: {docs} documents -> {path} ({path.stat().st_size / 2**20:.0f} MB) in {time.perf_counter() - started:.0f}s")


def run_ingest(corpus: Path, db: str, workers: int, executor: str, shard_size: int) -> dict[str, float]:
    cmd = [*ZHNEWS, "ingest", str(corpus), "--db", db, "--workers", str(workers), "--executor", executor,
           "--shard-size", str(shard_size)]
    print("running:", " ".join(cmd[2:]), flush=True)
    started = time.perf_counter()
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as proc:
        memory = PeakMemory(proc.pid)
        _, err = proc.communicate()
        memory.stop()
    seconds = time.perf_counter() - started
    summary = err.strip().splitlines()[-1] if err.strip() else ""
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}):\n{err[-3000:]}")
    # the memory curve, coarsely: where the peak is (streaming, or the global pass at the end)
    curve = memory.samples[:: max(1, len(memory.samples) // 12)]
    return {"seconds": seconds, "peak_mb": memory.peak_mb, "summary": summary,
            "curve": " ".join(f"{t:.0f}s:{mb:.0f}" for t, mb in curve)}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def han_runs(text: str, n: int, rng: random.Random) -> str | None:
    """A random run of ``n`` Han characters from ``text``."""
    starts = list(range(0, max(1, len(text) - n)))
    rng.shuffle(starts)
    for i in starts[:200]:
        run = text[i : i + n]
        if len(run) == n and all("\u4e00" <= c <= "\u9fff" for c in run):
            return run
    return None


def run_searches(db: str, queries: int, seed: int = 11) -> dict[str, object]:
    from zhnews import api

    rng = random.Random(seed)
    with api.open_kb(db) as kb:
        total = kb._execute("SELECT count(*) FROM documents").fetchone()[0]
        top = kb._execute("SELECT max(id) FROM documents").fetchone()[0] or 0
        sample_ids = sorted({rng.randint(1, top) for _ in range(300)}) if top else []
        marks = ",".join("?" for _ in sample_ids) or "NULL"
        rows = kb._execute(f"SELECT text FROM documents WHERE id IN ({marks})", tuple(sample_ids)).fetchall()
        texts = [r[0] for r in rows]
        dates = [r[0] for r in kb._execute(
            "SELECT published FROM documents WHERE published IS NOT NULL ORDER BY published").fetchall()]
        publishers = [r[0] for r in kb._execute(
            "SELECT publisher, count(*) FROM documents WHERE publisher IS NOT NULL GROUP BY publisher "
            "ORDER BY count(*) DESC LIMIT 50").fetchall()]
        plan = []
        for i in range(queries):
            n = (1, 2, 4)[i % 3]
            term = None
            while term is None and texts:
                term = han_runs(rng.choice(texts), n, rng)
            filters: dict[str, str] = {}
            kind = (i // 3) % 3
            if kind == 1 and dates:
                a, b = sorted(rng.sample(range(len(dates)), 2)) if len(dates) > 1 else (0, 0)
                filters = {"date_from": dates[a][:10], "date_to": dates[b][:10]}
            elif kind == 2 and publishers:
                filters = {"publisher": rng.choice(publishers)}
            plan.append((n, term or "中国"[:n], filters))
        for _n, term, filters in plan[:10]:  # warm the page cache and the query path
            api.search(term, kb=kb, limit=10, **filters)
        by_len: dict[int, list[float]] = {1: [], 2: [], 4: []}
        by_filter: dict[str, list[float]] = {"none": [], "date": [], "publisher": []}
        hits = 0
        for n, term, filters in plan:
            started = time.perf_counter()
            found = api.search(term, kb=kb, limit=10, **filters)
            ms = (time.perf_counter() - started) * 1000
            hits += bool(found)
            by_len[n].append(ms)
            by_filter["publisher" if "publisher" in filters else "date" if filters else "none"].append(ms)
    every = [x for v in by_len.values() for x in v]
    return {
        "documents": total, "queries": len(every), "with_hits": hits, "dates": len(dates), "publishers": len(publishers),
        "p50": statistics.median(every) if every else float("nan"), "p95": pct(every, 0.95), "p99": pct(every, 0.99),
        "p95_by_length": {n: pct(v, 0.95) for n, v in by_len.items()},
        "p95_by_filter": {k: pct(v, 0.95) for k, v in by_filter.items()},
    }


def time_extract_startup(corpus: Path, work: Path, runs: int = 5) -> list[float]:
    with corpus.open(encoding="utf-8") as fh:
        text = json.loads(fh.readline())["text"]
    one = work / "one-file.txt"
    one.write_text(text, encoding="utf-8")
    exe = shutil.which("zhnews", path=str(Path(sys.executable).parent)) or ""
    cmd = [exe, "extract", str(one)] if exe else [*ZHNEWS, "extract", str(one)]
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000, help="documents to build and ingest (default 100000)")
    ap.add_argument("--keep", type=Path, help="build or reuse the corpus (and the base) in this folder")
    ap.add_argument("--db", help="knowledge base (SQLite path or postgresql:// URL; default: a file in the work folder)")
    ap.add_argument("--workers", type=int, default=0, help="ingest worker processes (default 0: all cores)")
    ap.add_argument("--executor", choices=("local", "ray"), default="local")
    ap.add_argument("--shard-size", type=int, default=16)
    ap.add_argument("--queries", type=int, default=200, help="search queries to time (0: none)")
    ap.add_argument("--skip-ingest", action="store_true", help="reuse the base from an earlier run (with --keep)")
    opts = ap.parse_args()

    work = opts.keep or Path(tempfile.mkdtemp(prefix="zhnews-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"corpus-{opts.docs}.jsonl"
    db = opts.db or str(work / f"kb-{opts.docs}.sqlite")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (shared machine: figures are noisy)")
    if not corpus.exists():
        build_corpus(opts.docs, corpus)

    if not opts.skip_ingest:
        if not db.startswith(("postgresql://", "postgres://")):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        r = run_ingest(corpus, db, opts.workers, opts.executor, opts.shard_size)
        print(f"ingest: {opts.docs / r['seconds']:.1f} docs/s over the whole command ({r['seconds']:.0f}s), "
              f"peak RSS of the process tree {r['peak_mb']:.0f} MB (target < 2048)")
        print(f"  {r['summary']}")
        print(f"  memory over time (s:MB): {r['curve']}")

    if opts.queries:
        s = run_searches(db, opts.queries)
        by_len = ", ".join(f"{n} char: {v:.1f}" for n, v in s["p95_by_length"].items())
        by_filter = ", ".join(f"{k}: {v:.1f}" for k, v in s["p95_by_filter"].items())
        print(f"search over {s['documents']} documents, {s['queries']} queries ({s['with_hits']} with hits; "
              f"{s['dates']} dated documents, {s['publishers']} publishers to filter by): "
              f"p50 {s['p50']:.1f} ms, p95 {s['p95']:.1f} ms, p99 {s['p99']:.1f} ms (target p95 < 50)")
        print(f"  p95 by term length: {by_len}; by filter: {by_filter}")

    startup = time_extract_startup(corpus, work)
    print(f"startup: zhnews extract one-file.txt: median {statistics.median(startup):.2f}s, "
          f"min {min(startup):.2f}s over {len(startup)} runs (target well under 2 s)")


if __name__ == "__main__":
    main()
