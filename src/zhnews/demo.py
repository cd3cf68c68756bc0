"""``make demo``: ingest the bundled sample corpus into a fresh knowledge base and show what was found.

    python -m zhnews.demo [--db demo.sqlite] [--corpus examples/news]

Everything goes through the library (``zhnews.api`` and ``zhnews.kb``), the same functions the
CLI and the web UI call. The database is recreated on every run.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

DEFAULT_DB = "demo.sqlite"
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT / "examples" / "news"
TOP = 8


@dataclass(slots=True)
class DemoSummary:
    """What the demo found: counts, the most mentioned names, and events by date."""

    db: str
    stats: dict[str, Any]
    ingest: dict[str, Any]
    top_persons: list[tuple[str, int]] = field(default_factory=list)
    top_organizations: list[tuple[str, int]] = field(default_factory=list)
    top_places: list[tuple[str, int]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    rejects: list[dict[str, str]] = field(default_factory=list)


def _remove_database(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def run_demo(db: str | Path = DEFAULT_DB, corpus: str | Path = DEFAULT_CORPUS, *, workers: int = 0,
             progress: Any = None) -> DemoSummary:
    """Recreate ``db``, ingest ``corpus`` into it and gather the summary (no printing)."""
    from zhnews import api
    from zhnews.run.progress import Progress

    db = Path(db)
    _remove_database(db)
    report = api.ingest([str(corpus)], db=str(db), workers=workers,
                        progress=progress if progress is not None else Progress(None, enabled=False))
    return summarize(db, report.to_json())


def summarize(db: str | Path, ingest: dict[str, Any] | None = None) -> DemoSummary:
    """What the knowledge base at ``db`` holds: counts, top names, events, duplicates, rejects."""
    from zhnews import api

    summary = DemoSummary(db=str(db), stats=api.stats(db=str(db)), ingest=ingest or {})
    _gather_facts(summary)
    return summary


def _gather_facts(summary: DemoSummary) -> None:
    """Top names, events and duplicate links, read back from the knowledge base."""
    from zhnews.kb import browse, queries

    with api_open(summary.db) as store:
        queries.ensure_current(store)
        for type_, field_name in (("person", "top_persons"), ("organization", "top_organizations"), ("place", "top_places")):
            rows = browse.list_entities(store, type=type_, limit=TOP)
            setattr(summary, field_name, [(r["name"], r["documents"]) for r in rows])
        summary.events = queries.events(store)
        summary.duplicates = [(d["source"], d["duplicate_of"]) for d in browse.list_documents(store, limit=100_000)
                              if d["duplicate_of"]]
        summary.rejects = store.rejects(limit=1000)
        summary.stats.update(kb_entities=len(browse.list_entities(store, limit=1_000_000)),
                             kb_events=len(queries.events(store, limit=1_000_000)))


def api_open(db: str) -> Any:
    from zhnews import api

    return api.open_kb(db)


def _short(source: str) -> str:
    path, _, frag = source.partition("#")
    name = Path(path).name
    return f"{name}#{frag}" if frag else name


def print_summary(summary: DemoSummary, out: TextIO | None = None) -> None:
    """The human-readable report of a demo run (on stdout unless ``out`` is given)."""
    out = out or sys.stdout
    st = summary.stats
    w = out.write
    w("\n== zhnews demo: what the sample corpus holds ==\n")
    w(
        f"documents stored: {st.get('documents', 0)}   sources read: {st.get('sources', 0)}   "
        f"duplicates: {st.get('duplicates', 0)}   rejected: {st.get('rejects', 0)}\n"
    )
    w(
        f"facts: {st.get('entities', 0)} entities in documents -> {st.get('kb_entities', 0)} resolved, "
        f"{st.get('events', 0)} event reports -> {st.get('kb_events', 0)} merged events, "
        f"{st.get('roles', 0)} roles, {st.get('figures', 0)} figures\n"
    )
    for label, rows in (
        ("top persons 人物", summary.top_persons),
        ("top organizations 机构", summary.top_organizations),
        ("top places 地点", summary.top_places),
    ):
        w(f"\n{label}:\n")
        for name, n in rows:
            w(f"  {name}  ({n} 篇)\n")
    w("\nevents by date 事件时间线:\n")
    for ev in sorted(summary.events, key=lambda e: (e.get("date") or "9999", e.get("type") or "")):
        place = f" @{ev['place']}" if ev.get("place") else ""
        name = ev.get("name") or "、".join(p["name"] for p in ev.get("participants") or [])[:40]
        n_src = len(ev.get("sources") or []) or 1
        w(f"  {ev.get('date') or '????-??-??'}  {ev.get('type', ''):<10}{place}  {name}  [{n_src} 篇报道]\n")
    if summary.duplicates:
        w("\nduplicates 重复稿件:\n")
        for source, original in summary.duplicates:
            w(f"  {_short(source)}  =  {_short(original)}\n")
    if summary.rejects:
        w("\nrejected 未能处理:\n")
        for r in summary.rejects:
            w(f"  {_short(r['source'])}: {r['reason']}\n")
    w(
        "\nOpen the web UI 打开网页界面:\n"
        f"  .venv/bin/zhnews serve --db {summary.db}\n"
        "  then open http://127.0.0.1:8000/ in a browser (API docs: http://127.0.0.1:8000/docs)\n"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m zhnews.demo", description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=DEFAULT_DB, help="demo knowledge base, recreated (default %(default)s)")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="folder of sample articles")
    ap.add_argument("--workers", type=int, default=0, help="worker processes (default 0: all cores)")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"zhnews demo: no sample corpus at {corpus}", file=sys.stderr)
        return 2
    from zhnews.run.progress import Progress

    summary = run_demo(args.db, corpus, workers=args.workers, progress=Progress(None))
    print(f"ingest: {summary.ingest['read']} read, {summary.ingest['stored']} stored, "
          f"{summary.ingest['duplicates']} duplicates (+{summary.ingest['near_duplicates']} near), "
          f"{summary.ingest['rejected']} rejected", file=sys.stderr)
    print_summary(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
