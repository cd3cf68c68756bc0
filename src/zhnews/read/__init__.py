"""Sources -> raw documents. (placeholder: helper A replaces with the real readers)"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from zhnews.document import Document, Reject

FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".shtml": "html"}


def iter_paths(paths: Iterable[str]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(q for q in path.rglob("*") if q.is_file())
        else:
            yield path


def iter_documents(paths: Iterable[str]) -> Iterator[Document | Reject]:
    for path in iter_paths(paths):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            yield Reject(str(path), f"unreadable: {exc}", "read")
            continue
        yield Document(source=str(path), format=FORMATS.get(path.suffix.lower(), "txt"), raw=raw)
