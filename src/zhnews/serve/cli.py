"""Command line interface: thin wrappers over library functions. (first cut; extended by the store/executor work)"""

from __future__ import annotations

import argparse
import json
import sys

from zhnews.document import Document
from zhnews.pipeline import build_pipeline
from zhnews.read import iter_documents


def cmd_extract(args: argparse.Namespace) -> int:
    pipeline = build_pipeline()
    n_ok = 0
    for item in pipeline.process_many(iter_documents(args.paths)):
        if isinstance(item, Document):
            sys.stdout.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
            n_ok += 1
        else:
            print(f"rejected {item.source}: {item.reason}", file=sys.stderr)
    return 0 if n_ok else 1


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="zhnews", description="Chinese industry news: read, clean, extract, search.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="print one JSON record per document")
    p.add_argument("paths", nargs="+")
    p.set_defaults(func=cmd_extract)
    from zhnews.serve import cli_kb

    cli_kb.add_commands(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
