"""Knowledge-base commands, registered into the main parser by cli.py:

    zhnews entity NAME [--type T] [--db DB] [--json]
    zhnews events [--type T] [--from D] [--to D] [--place P] [--entity E] [--sector S] [--db DB] [--json]
    zhnews export --format jsonl|csv|graphml [--out PATH] [--db DB]

Thin wrappers over :mod:`zhnews.kb.queries`; ``--json`` prints the same data the library returns.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from zhnews.serve.cli import _fail, _print_json


def _open(db: str):  # noqa: ANN202
    from zhnews.kb.store import open_store

    return open_store(db, create=False)


def _src(s: dict[str, Any]) -> str:
    return f"{s.get('source', s.get('id'))}@{s['span'][0]}-{s['span'][1]}"


def cmd_entity(args: argparse.Namespace) -> int:
    from zhnews.kb import queries
    from zhnews.kb.store import StoreError

    try:
        with _open(args.db) as store:
            profiles = queries.entity_profiles(store, args.name, args.type)
    except StoreError as exc:
        return _fail(exc)
    if args.json:
        _print_json(profiles)
        return 0 if profiles else 1
    if not profiles:
        print(f"zhnews: no entity named {args.name!r} in {args.db}", file=sys.stderr)
        return 1
    for p in profiles:
        print(_format_profile(p))
        print()
    return 0


def _format_profile(p: dict[str, Any]) -> str:
    lines = [f"# {p['name']}  ({p['type']}, {p['documents']} documents, {p['mentions']} mentions)  [{p['id']}]"]
    if p["aliases"]:
        lines.append("aliases: " + "、".join(p["aliases"]))
    if p.get("roles"):
        lines.append("## Roles over time")
        for r in p["roles"]:
            org = r["organization"] or "-"
            lines.append(f"- {r['date'] or '?'}  {r['title']} · {org}   「{r['source']['text']}」 {_src(r['source'])}")
    if p.get("people"):
        lines.append("## People")
        for r in p["people"]:
            lines.append(f"- {r['date'] or '?'}  {r['name']} · {r['title']}")
    if p["events"]:
        lines.append("## Events")
        for ev in p["events"]:
            lines.append(f"- {_format_event_line(ev)}")
    if p["partners"]:
        lines.append("## Partners (shared events)")
        lines.append("  " + "、".join(f"{x['name']}×{x['events']}" for x in p["partners"][:20]))
    if p["cooccurring"]:
        lines.append("## Co-occurring (shared documents)")
        lines.append("  " + "、".join(f"{x['name']}×{x['documents']}" for x in p["cooccurring"]))
    lines.append("## Documents")
    for d in p["document_list"]:
        lines.append(f"- {d.get('published') or '?'}  {d.get('title') or '(untitled)'}  {d.get('source')}")
    return "\n".join(lines)


def _format_event_line(ev: dict[str, Any]) -> str:
    who = "、".join(x["name"] for x in ev["participants"])
    sectors = f" #{' #'.join(ev['sectors'])}" if ev["sectors"] else ""
    head = " ".join(x for x in (ev["date"] or "?", ev["type"], ev["name"] or "", f"@{ev['place']}" if ev["place"] else "") if x)
    return f"{head}" + (f" [{who}]" if who else "") + f"{sectors}  ({len(ev['sources'])} sources)"


def cmd_events(args: argparse.Namespace) -> int:
    from zhnews.kb import queries
    from zhnews.kb.store import StoreError

    try:
        with _open(args.db) as store:
            found = queries.events(
                store, type=args.type, date_from=args.date_from, date_to=args.date_to, place=args.place,
                entity=args.entity, sector=args.sector, limit=args.limit,
            )
    except StoreError as exc:
        return _fail(exc)
    if args.json:
        _print_json(found)
        return 0
    if not found:
        print("no events match")
    for ev in found:
        print(_format_event_line(ev))
        for s in ev["sources"]:
            print(f"    「{s['text']}」 {s.get('title') or ''} {_src(s)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from zhnews.kb import queries
    from zhnews.kb.store import StoreError

    try:
        with _open(args.db) as store:
            if args.format == "csv":
                folder = Path(args.out or "zhnews-export")
                written = queries.export_csv(store, folder)
                print(f"export: wrote {', '.join(str(p) for p in written)}", file=sys.stderr)
                return 0
            if args.format == "jsonl":
                if args.out:
                    with open(args.out, "w", encoding="utf-8") as f:
                        n = queries.export_jsonl(store, f)
                else:
                    n = queries.export_jsonl(store, sys.stdout)
                print(f"export: {n} records", file=sys.stderr)
                return 0
            text = queries.graphml(store)
            if args.out:
                Path(args.out).write_text(text, encoding="utf-8")
            else:
                sys.stdout.write(text)
            return 0
    except StoreError as exc:
        return _fail(exc)


def add_commands(sub: argparse._SubParsersAction) -> None:  # noqa: SLF001 - argparse has no public type
    """Add the knowledge-base subcommands (entity, events, export) to the ``zhnews`` parser."""
    from zhnews.kb.store import default_db

    def db_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=default_db(), help="SQLite file or postgresql:// URL (default %(default)s)")

    p = sub.add_parser("entity", help="one entity across all documents: aliases, roles over time, events, relations")
    p.add_argument("name", help="a name or alias, any script (工信部, 泸州市, a person)")
    p.add_argument("--type", choices=("person", "organization", "place"), help="only entities of this type")
    db_arg(p)
    p.add_argument("--json", action="store_true", help="print a JSON array of profiles")
    p.set_defaults(func=cmd_entity)

    p = sub.add_parser("events", help="a timeline of merged events, each with all its reports")
    p.add_argument("--type", choices=("meeting", "signing", "award", "release", "founding", "investment"))
    p.add_argument("--from", dest="date_from", help="on or after (YYYY[-MM[-DD]])")
    p.add_argument("--to", dest="date_to", help="on or before (YYYY[-MM[-DD]])")
    p.add_argument("--place", help="held at this place (any alias)")
    p.add_argument("--entity", help="with this participant (or at this place)")
    p.add_argument("--sector", help="about this sector (网络安全, 数据安全, 算力, ...)")
    p.add_argument("--limit", type=int, default=200, help="events to show (default 200)")
    db_arg(p)
    p.add_argument("--json", action="store_true", help="print a JSON array of events")
    p.set_defaults(func=cmd_events)

    p = sub.add_parser("export", help="documents, entities, roles and events as JSON Lines, CSV or GraphML")
    p.add_argument("--format", choices=("jsonl", "csv", "graphml"), required=True)
    p.add_argument("--out", help="file (jsonl, graphml; default stdout) or folder (csv; default ./zhnews-export)")
    db_arg(p)
    p.set_defaults(func=cmd_export)
