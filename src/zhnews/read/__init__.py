"""Sources -> raw documents: files (txt, Markdown, HTML), JSON Lines and WARC archives, streamed.

``iter_documents`` yields a ``Document`` (bytes in ``raw``, or already-decoded ``raw_text`` for
JSON Lines fields) or a ``Reject`` with the reason a source could not be read. Nothing is
loaded whole that does not need to be: container files are read a record at a time, and no
single document may exceed ``max_bytes``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from zhnews.document import Document, Reject
from zhnews.read.formats import format_by_name, sniff_format
from zhnews.read.jsonl import read_jsonl
from zhnews.read.paths import expand_paths
from zhnews.read.warc import read_warc

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # far above any article; a 20 MB "article" is not one
SNIFF_BYTES = 4096

__all__ = ["MAX_DOCUMENT_BYTES", "expand_paths", "iter_documents", "read_file"]


def read_file(path: Path, fmt: str | None = None, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document | Reject:
    """One file that holds one document; format from the name, else sniffed from its first bytes."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            return Reject(source, "empty file", "read")
        if size > max_bytes:
            return Reject(source, f"too large: {size} bytes (limit {max_bytes})", "read")
        raw = path.read_bytes()
    except OSError as exc:
        return Reject(source, f"unreadable: {exc.strerror or exc}", "read")
    if fmt is None:
        fmt, reason = sniff_format(raw[:SNIFF_BYTES])
        if fmt is None:
            return Reject(source, reason or "not a text document", "read")
    return Document(source=source, format=fmt, raw=raw)


def iter_documents(paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[Document | Reject]:
    """Every document under ``paths`` (files, folders walked recursively, globs), in a stable order."""
    for item in expand_paths(paths):
        if isinstance(item, Reject):
            yield item
            continue
        fmt = format_by_name(item)
        if fmt is None:
            try:
                with item.open("rb") as stream:
                    head = stream.read(SNIFF_BYTES)
            except OSError as exc:
                yield Reject(str(item), f"unreadable: {exc.strerror or exc}", "read")
                continue
            if not head:
                yield Reject(str(item), "empty file", "read")
                continue
            fmt, reason = sniff_format(head)
            if fmt is None:
                yield Reject(str(item), reason or "not a text document", "read")
                continue
        if fmt == "jsonl":
            yield from read_jsonl(item, max_bytes)
        elif fmt == "warc":
            yield from read_warc(item, max_bytes)
        else:
            yield read_file(item, fmt, max_bytes)
