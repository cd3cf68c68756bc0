"""Knowledge-base commands (entity, events, export): registered into the main parser by cli.py."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:  # noqa: SLF001 - argparse has no public type
    """Add the knowledge-base subcommands to the ``zhnews`` parser (filled in by the KB work)."""
