"""The ``zhnews serve`` command: the HTTP API and web UI over one knowledge base."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the app with uvicorn until interrupted; binds loopback unless ``--host`` says otherwise."""
    from zhnews.kb.store import StoreError, is_postgres_url

    db = Path(args.db)
    if not is_postgres_url(str(args.db)) and not db.exists():
        print(f"zhnews serve: no knowledge base at {db}; create one with `zhnews ingest PATH --db {db}`", file=sys.stderr)
        return 2
    import uvicorn

    from zhnews.serve.api import create_app

    try:
        app = create_app(str(args.db))
    except StoreError as exc:
        print(f"zhnews serve: {exc}", file=sys.stderr)
        return 2
    print(f"zhnews: serving {args.db} at http://{args.host}:{args.port}/  (API docs at /docs; Ctrl-C to stop)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return 0


def add_serve_command(sub: argparse._SubParsersAction) -> None:  # noqa: SLF001 - argparse has no public type
    """Add ``zhnews serve --db PATH [--host H] [--port N]`` to the ``zhnews`` parser."""
    from zhnews.kb.store import default_db

    p = sub.add_parser("serve", help="web UI and JSON API over a knowledge base (http://127.0.0.1:8000/)")
    p.add_argument("--db", default=default_db(), help="knowledge base (SQLite file or PostgreSQL URL)")
    p.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default loopback: %(default)s)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default %(default)s)")
    p.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=cmd_serve)
