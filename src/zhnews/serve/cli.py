"""Command line interface: thin wrappers over the library (``zhnews.api``).

    zhnews extract PATH...                      JSON record per document on stdout
    zhnews ingest PATH... [--db DB] [--workers N]
    zhnews search QUERY [--db DB] [--json] [--limit N] [--from DATE] [--to DATE] [--publisher P]
    zhnews stats [--db DB] [--json]
    zhnews show SOURCE [--db DB] [--json]

DB defaults to ``$ZHNEWS_DB`` or ``./zhnews.sqlite``; a ``postgresql://`` URL selects PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from zhnews.document import Document, Reject

if TYPE_CHECKING:
    from zhnews.dedup import NearDuplicateIndex


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _fail(exc: Exception) -> int:
    """Report an error that stops a command (no store, bad database) and give its exit status."""
    print(f"zhnews: {exc}", file=sys.stderr)
    return 2


def _reject_line(reject: Reject) -> str:
    stage = f" [{reject.stage}]" if reject.stage else ""
    return f"rejected {reject.source}{stage}: {reject.reason}"


class _RunDuplicates:
    """Near-duplicate links within one ``extract`` run.

    The MinHash index is built only when a second document
    arrives: a one-file run has nothing to link and starts fast.
    """

    def __init__(self) -> None:
        self._first: tuple[str, str] | None = None
        self._index: NearDuplicateIndex | None = None

    def check_and_add(self, key: str, text: str) -> str | None:
        if self._index is None:
            if self._first is None:
                self._first = (key, text)
                return None
            from zhnews.dedup import NearDuplicateIndex

            self._index = NearDuplicateIndex()
            self._index.check_and_add(*self._first)
        return self._index.check_and_add(key, text)


def cmd_extract(args: argparse.Namespace) -> int:
    import time

    from zhnews.pipeline import build_pipeline
    from zhnews.run.ingest import read_items
    from zhnews.run.local import LocalExecutor
    from zhnews.run.progress import RunReport, reason_group

    report = RunReport()
    started = time.perf_counter()
    read_ok = 0
    near_duplicates = _RunDuplicates()  # links copies within this run (duplicate_of)
    from zhnews.dedup.story import StoryIndex

    stories = StoryIndex()  # ... and retellings of one story in other words
    executor = LocalExecutor(workers=args.workers)
    for shard in executor.map(read_items(args.paths), build_pipeline()):
        for item in shard:
            report.read += 1
            if isinstance(item, Document):
                copy_of = item.duplicate_of or near_duplicates.check_and_add(item.source, item.text)
                retelling_of = stories.check_and_add(item.source, item)
                item.duplicate_of = copy_of or retelling_of
                sys.stdout.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
                report.stored += 1
                read_ok += 1
            elif isinstance(item, Reject):
                read_ok += item.stage != "read"
                report.rejected[reason_group(item.reason)] += 1
                print(_reject_line(item), file=sys.stderr)
        sys.stdout.flush()
    report.seconds = time.perf_counter() - started
    print("extract: " + report.summary().replace("stored", "extracted", 1), file=sys.stderr)
    return 0 if read_ok else 1


def cmd_ingest(args: argparse.Namespace) -> int:
    from zhnews import api
    from zhnews.run.ingest import count_inputs
    from zhnews.run.progress import Progress
    from zhnews.run.ray_executor import RayUnavailable

    workers, shard_size = args.workers, args.shard_size
    if args.limit_memory:
        from zhnews.run.local import default_workers
        from zhnews.run.memory import parse_size, plan

        try:
            fitted = plan(parse_size(args.limit_memory), workers or default_workers(), shard_size)
        except ValueError as exc:
            return _fail(exc)
        workers, shard_size = fitted.workers, fitted.shard_size
        print(fitted.describe(), file=sys.stderr)
    progress = Progress(count_inputs(args.paths))
    read_rejects = 0

    def on_reject(reject: Reject) -> None:
        nonlocal read_rejects
        read_rejects += reject.stage == "read"
        progress.write(_reject_line(reject))

    try:
        report = api.ingest(
            args.paths, args.db, workers, executor=args.executor, address=args.address,
            progress=progress, on_reject=on_reject, shard_size=shard_size,
        )
    except (api.StoreError, RayUnavailable) as exc:
        return _fail(exc)
    print(f"ingest into {args.db}: {report.summary()}", file=sys.stderr)
    return 0 if report.read > read_rejects else 1


def cmd_search(args: argparse.Namespace) -> int:
    from zhnews import api

    try:
        hits = api.search(
            args.query, args.db, limit=args.limit, date_from=args.date_from, date_to=args.date_to,
            publisher=args.publisher,
        )
    except api.StoreError as exc:
        return _fail(exc)
    if args.json:
        _print_json([hit.to_json() for hit in hits])
        return 0
    if not hits:
        print(f"no documents match {args.query!r}")
    for rank, hit in enumerate(hits, 1):
        meta = " · ".join(x for x in (hit.published, hit.publisher) if x)
        print(f"{rank:>2}. {hit.title or '(untitled)'}" + (f"  ({meta})" if meta else ""))
        print(f"    {hit.source}")
        print(f"    {hit.snippet}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from zhnews import api

    try:
        stats = api.stats(args.db)
    except api.StoreError as exc:
        return _fail(exc)
    if args.json:
        _print_json(stats)
        return 0
    for key, value in stats.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "-"
        elif isinstance(value, list):
            value = " .. ".join(str(v) for v in value)
        print(f"{key:<18} {value}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from zhnews import api

    try:
        view = api.show(args.source, args.db)
    except api.StoreError as exc:
        return _fail(exc)
    if view is None:
        print(f"zhnews: no document {args.source!r} in {args.db}", file=sys.stderr)
        return 1
    if args.json:
        _print_json(view)
        return 0
    print(_format_view(view))
    return 0


def _format_view(view: dict[str, Any]) -> str:
    lines = [f"# {view['title'] or '(untitled)'}"]
    for key in ("source", "published", "publisher", "url", "dateline_place", "duplicate_of", "content_key"):
        if view.get(key):
            lines.append(f"{key + ':':<15} {view[key]}")
    if view["authors"]:
        lines.append(f"{'authors:':<15} {'、'.join(view['authors'])}")
    if view["flags"]:
        lines.append(f"{'flags:':<15} {', '.join(view['flags'])}")
    if len(view["sources"]) > 1:
        lines.append(f"{'also from:':<15} {', '.join(s for s in view['sources'] if s != view['source'])}")
    lines += ["", "## Text", view["text"], ""]
    lines.append(f"## Entities ({len(view['entities'])})")
    for e in view["entities"]:
        aliases = f" (= {'、'.join(e['aliases'])})" if e["aliases"] else ""
        lines.append(f"- {e['type']}: {e['name']}{aliases} ×{len(e['spans'])}")
        for sentence in e["sentences"][:2]:
            lines.append(f"    「{sentence}」")
    lines.append(f"## Roles ({len(view['roles'])})")
    for r in view["roles"]:
        lines.append(f"- {r['person']} · {r['title']} · {r['organization'] or '-'}")
        lines.append(f"    「{r['sentence']}」")
    lines.append(f"## Events ({len(view['events'])})")
    for ev in view["events"]:
        where = " ".join(x for x in (ev["date"], ev["place"]) if x)
        who = "、".join(ev["participants"])
        lines.append(f"- {ev['type']}: {ev['name'] or ev['trigger']} {where}" + (f" [{who}]" if who else ""))
        lines.append(f"    「{ev['sentence']}」")
    lines.append(f"## Figures ({len(view['figures'])})")
    for f in view["figures"]:
        lines.append(f"- {f['text']} = {f['value']:g} {f['unit']}" + (f" ({f['approx']})" if f["approx"] else ""))
        lines.append(f"    「{f['sentence']}」")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    from zhnews.kb.store import default_db

    ap = argparse.ArgumentParser(prog="zhnews", description="Chinese industry news: read, clean, extract, search.")
    sub = ap.add_subparsers(dest="command", required=True)

    def db_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=default_db(),
                       help="SQLite file or postgresql:// URL (default: $ZHNEWS_DB or ./zhnews.sqlite; now %(default)s)")

    def workers_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--workers", type=int, default=0, help="worker processes (default 0: all cores; 1: in-process)")

    p = sub.add_parser("extract", help="print one JSON record per document")
    p.add_argument("paths", nargs="+", help="files, folders (recursive) or globs")
    workers_arg(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("ingest", help="read, process and store documents in the knowledge base")
    p.add_argument("paths", nargs="+", help="files, folders (recursive) or globs")
    db_arg(p)
    workers_arg(p)
    p.add_argument("--executor", choices=("local", "ray"), default="local", help="where documents are processed")
    p.add_argument("--address", default=None, help="Ray cluster address (with --executor ray)")
    p.add_argument("--shard-size", type=int, default=16, help="documents per shard sent to a worker (default 16)")
    p.add_argument("--limit-memory", default=None, metavar="SIZE",
                   help="fit workers and shard size to this budget (e.g. 800M, 1.5G; about 320 MB per process "
                        "with the models); the plan is printed, too small a budget is refused")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="full-text search over clean text (Simplified or Traditional queries)")
    p.add_argument("query", help="terms (all must match); 'A OR B' for either")
    db_arg(p)
    p.add_argument("--json", action="store_true", help="print a JSON array of hits")
    p.add_argument("--limit", type=int, default=10, help="hits to show (default 10)")
    p.add_argument("--from", dest="date_from", help="published on or after (YYYY[-MM[-DD]])")
    p.add_argument("--to", dest="date_to", help="published on or before (YYYY[-MM[-DD]])")
    p.add_argument("--publisher", help="only this publisher")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("stats", help="counts over the knowledge base")
    db_arg(p)
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("show", help="one document: metadata, clean text, facts with their sentences")
    p.add_argument("source", help="source path, file name, content key or document id")
    db_arg(p)
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_show)

    from zhnews.serve import cli_kb

    cli_kb.add_commands(sub)
    from zhnews.serve.cli_serve import add_serve_command

    add_serve_command(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
