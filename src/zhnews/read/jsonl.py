"""JSON Lines: one document per line, read as a stream (a line at a time, each under a size cap)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from zhnews.clean.encoding import Undecodable, decode_bytes
from zhnews.document import Document, Reject

_HINT_FIELDS = {
    "title": "title", "url": "url", "published": "published", "date": "published",
    "publisher": "publisher", "author": "authors", "authors": "authors",
}


def _open(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; ``None`` for a line over ``max_bytes`` (skipped without loading it)."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # skip the rest of the oversized line in bounded chunks
                chunk = stream.readline(1 << 20)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def _parse(line: bytes) -> Any:
    try:
        return json.loads(line)
    except UnicodeDecodeError:
        decoded = decode_bytes(line)
        if isinstance(decoded, Undecodable):
            raise ValueError(decoded.reason) from None
        return json.loads(decoded.text)


def record_to_document(obj: dict[str, Any], source: str, line: int) -> Document | Reject:
    """One JSON object -> a Document whose ``raw_text`` is its ``text`` (or ``html``) field."""
    text, html = obj.get("text"), obj.get("html")
    if isinstance(text, str) and text.strip():
        body, markup = text, "txt"
    elif isinstance(html, str) and html.strip():
        body, markup = html, "html"
    else:
        return Reject(source, f"line {line}: no non-empty 'text' or 'html' string field", "read")
    hints: dict[str, Any] = {"markup": markup, "line": line}
    for field, hint in _HINT_FIELDS.items():
        value = obj.get(field)
        if value in (None, "", []) or hint in hints:
            continue
        if hint == "authors":
            value = [value] if isinstance(value, str) else [str(v) for v in value] if isinstance(value, list) else None
            if not value:
                continue
        elif not isinstance(value, (str, int, float)):
            continue
        hints[hint] = value if hint == "authors" else str(value)
    if obj.get("id") not in (None, ""):
        hints["id"] = str(obj["id"])
    return Document(source=source, format="jsonl", raw_text=body, encoding="utf-8", hints=hints)


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Document | Reject]:
    """Documents of a JSON Lines file; ``source`` is ``PATH#id`` or ``PATH#N`` (line N) without an id."""
    try:
        stream = _open(path)
    except OSError as exc:
        yield Reject(str(path), f"unreadable: {exc.strerror or exc}", "read")
        return
    with stream:
        try:
            for number, line in _lines(stream, max_bytes):
                fallback = f"{path}#{number}"
                if line is None:
                    yield Reject(fallback, f"line {number} longer than {max_bytes} bytes", "read")
                    continue
                if not line.strip():
                    continue
                try:
                    obj = _parse(line)
                except ValueError as exc:
                    yield Reject(fallback, f"line {number}: bad JSON ({str(exc)[:120]})", "read")
                    continue
                if not isinstance(obj, dict):
                    yield Reject(fallback, f"line {number}: a JSON {type(obj).__name__}, not an object", "read")
                    continue
                ident = obj.get("id")
                source = f"{path}#{ident}" if ident not in (None, "") and not isinstance(ident, (dict, list)) else fallback
                yield record_to_document(obj, source, number)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            yield Reject(str(path), f"read failed: {exc}", "read")
