"""Command-line PATH arguments -> files: a file, a folder (walked recursively) or a glob."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from zhnews.document import Reject

_GLOB_CHARS = frozenset("*?[")


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in a stable order; hidden files and folders are skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Reject]:
    """Each argument as files; an argument that names nothing becomes a Reject with the reason."""
    for arg in paths:
        text = os.fspath(arg)
        path = Path(text)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path
        elif _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                yield Reject(text, "no file matches this pattern", "read")
            for match in matches:
                found = Path(match)
                if found.is_dir():
                    yield from _walk(found)
                elif found.is_file():
                    yield found
        elif path.exists():
            yield Reject(text, "not a regular file", "read")
        else:
            yield Reject(text, "no such file or folder", "read")
