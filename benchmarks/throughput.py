"""Ingest throughput against bare jieba, on a corpus from ../shared/bench/make_corpus.py.

    .venv/bin/python benchmarks/throughput.py [--docs 3000] [--keep DIR] [--queries 200]

Builds the corpus, then in one run: bare ``jieba.lcut`` over the same texts, the whole ingest
(read -> clean -> dedup -> extract -> store and index) on 1 worker and on 2 workers, each into
a fresh SQLite file, and search latency over the result (1-, 2- and 4-character queries, half
with filters). Each ingest runs in its own process so its peak memory (main process and its
worker processes) is its own. Prints documents/s, characters/s, peak memory and the ratios.
Timings on a shared machine are noisy: run it more than once before believing a small change.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ZHNEWS_SHARED", ROOT.parent / "shared")).resolve()
MAKE_CORPUS = SHARED / "bench" / "make_corpus.py"


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child (Linux: KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: on a busy machine, docs per CPU-second
    is steadier than docs per wall-second."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def build_corpus(docs: int, out: Path) -> None:
    subprocess.run([sys.executable, str(MAKE_CORPUS), "--docs", str(docs), "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL)


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def phase_ingest(folder: str, db: str, workers: int) -> dict[str, float]:
    """Runs in a child process: one ingest, its figures as JSON on stdout."""
    from zhnews import api

    started, cpu_started = time.perf_counter(), cpu_seconds()
    report = api.ingest([folder], db, workers=workers)
    seconds = time.perf_counter() - started
    own, kids = peak_mb()
    return {"seconds": seconds, "cpu_seconds": cpu_seconds() - cpu_started, "read": report.read, "stored": report.stored, "duplicates": report.duplicates,
            "near_duplicates": report.near_duplicates, "rejected": report.rejected_total,
            "peak_main_mb": own, "peak_worker_mb": kids}


def phase_jieba(folder: str) -> dict[str, float]:
    import jieba

    jieba.setLogLevel(60)
    t0 = time.perf_counter()
    jieba.initialize()
    load = time.perf_counter() - t0
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in corpus_files(Path(folder))]
    started, cpu_started = time.perf_counter(), cpu_seconds()
    tokens = 0
    for text in texts:
        tokens += len(jieba.lcut(text))
    seconds = time.perf_counter() - started
    own, _ = peak_mb()
    return {"seconds": seconds, "cpu_seconds": cpu_seconds() - cpu_started, "load_seconds": load, "tokens": tokens, "peak_main_mb": own}


def phase_search(db: str, queries: int) -> dict[str, float]:
    from zhnews import api

    rng = random.Random(7)
    with api.open_kb(db) as kb:
        rows = kb._execute("SELECT text, published, publisher FROM documents ORDER BY id LIMIT 2000").fetchall()
        dates = sorted(p for _, p, _ in rows if p)
        publishers = sorted({p for _, _, p in rows if p})
        latencies: dict[int, list[float]] = {1: [], 2: [], 4: []}
        api.search("预热", kb=kb)  # warm-up: the Traditional->Simplified converter loads on first use
        for i in range(queries):
            n = (1, 2, 4)[i % 3]
            text = rng.choice(rows)[0]
            runs = [r for r in (text[j : j + n] for j in range(0, max(1, len(text) - n), 7)) if len(r) == n and all("\u4e00" <= c <= "\u9fff" for c in r)]
            query = rng.choice(runs) if runs else "中国"[:n]
            filters: dict[str, str] = {}
            if i % 2 and dates:
                filters["date_from"] = dates[len(dates) // 3]
            if i % 4 == 3 and publishers:
                filters["publisher"] = rng.choice(publishers)
            started = time.perf_counter()
            api.search(query, kb=kb, limit=10, **filters)
            latencies[n].append((time.perf_counter() - started) * 1000)
    every = sorted(x for v in latencies.values() for x in v)

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")

    out = {"p50_ms": statistics.median(every), "p95_ms": pct(every, 0.95), "p99_ms": pct(every, 0.99)}
    for n, values in latencies.items():
        out[f"p95_ms_{n}char"] = pct(sorted(values), 0.95)
    return out


def run_phase(name: str, *args: str) -> dict[str, float]:
    """A phase in a fresh interpreter, so its memory peak and imports are its own."""
    done = subprocess.run([sys.executable, __file__, "--phase", name, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--keep", type=Path, help="build or reuse the corpus and databases in this folder")
    ap.add_argument("--queries", type=int, default=200, help="search queries to time (0: none)")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    opts = ap.parse_args()
    if opts.phase:
        fn = {"ingest": lambda a: phase_ingest(a[0], a[1], int(a[2])), "jieba": lambda a: phase_jieba(a[0]),
              "search": lambda a: phase_search(a[0], int(a[1]))}[opts.phase]
        print(json.dumps(fn(opts.args)))
        return

    work = opts.keep or Path(tempfile.mkdtemp(prefix="zhnews-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"corpus-{opts.docs}"
    if not corpus.exists():
        build_corpus(opts.docs, corpus)
    files = corpus_files(corpus)
    chars = sum(len(p.read_text(encoding="utf-8", errors="replace")) for p in files)
    print(f"corpus: {len(files)} documents, {chars:,} characters ({chars / len(files):.0f}/doc), {corpus}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (shared machine: figures are noisy)")

    jb = run_phase("jieba", str(corpus))
    jieba_rate = len(files) / jb["seconds"]
    print(f"jieba.lcut      {jieba_rate:8.1f} docs/s {chars / jb['seconds']:12,.0f} chars/s   "
          f"peak {jb['peak_main_mb']:.0f} MB  (dictionary load {jb['load_seconds']:.1f}s not counted; "
          f"{len(files) / jb['cpu_seconds']:.1f} docs per CPU-second)")

    results = {}
    for workers in (1, 2):
        db = work / f"kb-{workers}w.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        r = run_phase("ingest", str(corpus), str(db), str(workers))
        results[workers] = r
        rate = r["read"] / r["seconds"]
        print(f"ingest {workers} worker{'s' if workers > 1 else ' '} {rate:8.1f} docs/s {chars / r['seconds']:12,.0f} chars/s   "
              f"peak main {r['peak_main_mb']:.0f} MB, worker {r['peak_worker_mb']:.0f} MB   "
              f"(stored {r['stored']}, duplicates {r['duplicates']}+{r['near_duplicates']} near, rejected {r['rejected']}; "
              f"{r['read'] / r['cpu_seconds']:.1f} docs per CPU-second, all processes)")

    one = results[1]["read"] / results[1]["seconds"]
    two = results[2]["read"] / results[2]["seconds"]
    print(f"ratio ingest-1w / jieba = {one / jieba_rate:.2f}  (target >= 2.0; per CPU-second: "
          f"{(results[1]['read'] / results[1]['cpu_seconds']) / (len(files) / jb['cpu_seconds']):.2f})")
    print(f"ratio ingest-2w / 1w    = {two / one:.2f}  (target >= 1.8)")
    if opts.queries:
        s = run_phase("search", str(work / "kb-1w.sqlite"), str(opts.queries))
        print(f"search over {results[1]['stored']} documents, {opts.queries} queries (1/2/4 chars, half filtered): "
              f"p50 {s['p50_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms; "
              f"p95 by length 1: {s['p95_ms_1char']:.1f}, 2: {s['p95_ms_2char']:.1f}, 4: {s['p95_ms_4char']:.1f} ms")


if __name__ == "__main__":
    main()
