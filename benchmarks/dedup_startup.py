"""The start of an ingest against a large base: what opening the near-duplicate check costs.

    .venv/bin/python benchmarks/dedup_startup.py [--docs 200000] [--keep DIR] [--db URL] [--runs 3]

1. Builds a base of ``--docs`` synthetic documents (600 random common Han characters each, one
   in ten a near-copy of an earlier one) through the store's writer and the near-duplicate
   check, as an ingest stores them but without reading files or extracting facts (about a
   millisecond per document, so 10^5-10^6 documents take minutes).
2. ``--runs`` times, each in a fresh interpreter: ``zhnews.api.ingest`` of 10 new files (3 of
   them near-copies of stored documents) with one worker. Prints the time from the interpreter's
   start until the near-duplicate check is open (imports, opening the store, the check), the
   check's opening alone in wall and CPU seconds and the resident memory it added, the
   near-duplicates found, and the rest of the command (writing, the knowledge-base pass).

It runs whatever ``zhnews`` is importable: ``PYTHONPATH=../other-checkout/src`` measures another
version (use another ``--keep`` folder: a base made by one version is upgraded by a newer one).
Timings on a shared machine are noisy: compare CPU seconds and repeat.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

BATCH = 256


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def random_text(rng: np.random.Generator, chars: int = 600) -> str:
    """About ``chars`` random common Han characters in sentences and paragraphs (the cleaner
    keeps them as body text)."""
    han = np.asarray(rng.integers(0x4E00, 0x4E00 + 3000, chars), dtype="<u4").tobytes().decode("utf-32-le")
    out, i = [], 0
    while i < len(han):
        n = int(rng.integers(12, 30))
        out.append(han[i : i + n // 2] + "，" + han[i + n // 2 : i + n] + "。" + ("\n" if rng.random() < 0.25 else ""))
        i += n
    return "".join(out)


def build_base(db: str, docs: int) -> None:
    from zhnews.dedup import near_duplicate_check
    from zhnews.document import Document
    from zhnews.kb.store import open_store

    rng = np.random.default_rng(1)
    recent: list[str] = []
    started = time.perf_counter()
    with open_store(db) as store:
        check = near_duplicate_check(store)
        batch = []
        for i in range(docs):
            if recent and i % 10 == 9:
                text = recent[int(rng.integers(len(recent)))][:-40] + random_text(rng, 30)
            else:
                text = random_text(rng)
            recent = [*recent[-999:], text]
            prepared = store.prepare(Document(source=f"synthetic/{i:07d}.txt", text=text, title=f"第{i}号"))
            prepared.doc.duplicate_of = check(prepared)
            batch.append(prepared)
            if len(batch) >= BATCH:
                store.write(batch)
                batch = []
            if i and i % 50_000 == 0:
                print(f"  {i} documents, {time.perf_counter() - started:.0f}s", flush=True)
        store.write(batch)
        check.close()
    print(f"base: {docs} documents in {time.perf_counter() - started:.0f}s", flush=True)


def ten_new_files(db: str, folder: Path, seed: int) -> None:
    from zhnews.kb.store import open_store

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(100 + seed)
    with open_store(db) as store:
        top = store._execute("SELECT max(id) FROM documents").fetchone()[0]
        copies = [store._execute("SELECT text FROM documents WHERE id = ?", (i,)).fetchone()[0]
                  for i in (1, top // 2, top)]
    texts = [c[:-40] + random_text(rng, 30) for c in copies] + [random_text(rng) for _ in range(7)]
    for i, text in enumerate(texts):
        (folder / f"new-{i}.txt").write_text(text, encoding="utf-8")


def phase_ingest(folder: str, db: str, started: float) -> dict[str, float]:
    """Runs in a fresh interpreter: one ingest, timed around its near-duplicate check."""
    from zhnews import api

    marks: dict[str, float] = {}
    open_check, after_ingest = api._near_duplicate_check, api._after_ingest

    def timed_check(store):  # noqa: ANN001, ANN202 - wraps the private hook of this version
        marks["rss_before"], marks["cpu_before"], t0 = rss_mb(), cpu_seconds(), time.perf_counter()
        check = open_check(store)
        marks["open_seconds"], marks["open_cpu"] = time.perf_counter() - t0, cpu_seconds() - marks["cpu_before"]
        marks["rss_after"], marks["ready"] = rss_mb(), time.time() - started
        return check

    def timed_after(store, check):  # noqa: ANN001, ANN202
        marks["kb_pass_from"] = time.perf_counter()
        after_ingest(store, check)
        marks["kb_pass_seconds"] = time.perf_counter() - marks["kb_pass_from"]

    api._near_duplicate_check, api._after_ingest = timed_check, timed_after
    t0 = time.perf_counter()
    report = api.ingest([folder], db, workers=1)
    total = time.perf_counter() - t0
    return {
        "ready_seconds": marks["ready"], "open_seconds": marks["open_seconds"], "open_cpu": marks["open_cpu"],
        "open_rss_mb": marks["rss_after"] - marks["rss_before"], "ingest_seconds": total,
        "kb_pass_seconds": marks["kb_pass_seconds"], "stored": report.stored,
        "near_duplicates": report.near_duplicates, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200_000)
    ap.add_argument("--keep", type=Path, help="build or reuse the base in this folder")
    ap.add_argument("--db", help="knowledge base (SQLite path or postgresql:// URL; default: a file in the folder)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    opts = ap.parse_args()
    if opts.phase == "ingest":
        print(json.dumps(phase_ingest(opts.args[0], opts.args[1], float(opts.args[2]))))
        return

    work = opts.keep or Path(tempfile.mkdtemp(prefix="zhnews-dedup-startup-"))
    work.mkdir(parents=True, exist_ok=True)
    db = opts.db or str(work / f"kb-{opts.docs}.sqlite")
    marker = work / f"built-{opts.docs}"
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (shared machine: figures are noisy)")
    if not marker.exists():
        build_base(db, opts.docs)
        marker.touch()
    results = []
    for run in range(opts.runs):
        folder = work / f"ten-{run}"
        if not folder.exists():
            ten_new_files(db, folder, run)
        done = subprocess.run([sys.executable, __file__, "--phase", "ingest", str(folder), db, str(time.time())],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"ingest failed:\n{done.stderr[-3000:]}")
        r = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"run {run + 1}: check ready {r['ready_seconds']:.2f}s after start (opening it: {r['open_seconds']:.2f}s, "
              f"{r['open_cpu']:.2f} CPU-s, +{r['open_rss_mb']:.0f} MB RSS); stored {r['stored']}, "
              f"{r['near_duplicates']} near-duplicates; whole ingest {r['ingest_seconds']:.1f}s "
              f"(knowledge-base pass {r['kb_pass_seconds']:.1f}s), peak {r['peak_mb']:.0f} MB")
    print(f"median over {len(results)} runs: opening the check {statistics.median(r['open_seconds'] for r in results):.2f}s, "
          f"{statistics.median(r['open_cpu'] for r in results):.2f} CPU-s, "
          f"+{statistics.median(r['open_rss_mb'] for r in results):.0f} MB")


if __name__ == "__main__":
    main()
