"""WARC (and gzipped WARC) archives: every HTML or text response record is a document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from zhnews.document import Document, Reject

_RECORD_TYPES = ("response", "resource")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def read_warc(path: Path, max_bytes: int) -> Iterator[Document | Reject]:
    """Documents of a WARC file; ``source`` is ``PATH#N`` (record N), the target URI goes to ``hints['url']``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        stream = path.open("rb")
    except OSError as exc:
        yield Reject(str(path), f"unreadable: {exc.strerror or exc}", "read")
        return
    number = 0
    with stream:
        try:
            for record in ArchiveIterator(stream):
                number += 1
                if record.rec_type not in _RECORD_TYPES:
                    continue
                if record.http_headers is not None:
                    content_type = record.http_headers.get_header("Content-Type") or ""
                else:
                    content_type = record.rec_headers.get_header("Content-Type") or ""
                kind = content_type.split(";")[0].strip().lower()
                if kind and not (kind.startswith("text/") or "html" in kind):
                    continue
                source = f"{path}#{number}"
                payload = record.content_stream().read(max_bytes + 1)
                if len(payload) > max_bytes:
                    yield Reject(source, f"record larger than {max_bytes} bytes", "read")
                    continue
                if not payload.strip():
                    yield Reject(source, "empty record", "read")
                    continue
                hints = {
                    "markup": "txt" if kind == "text/plain" else "html",
                    "url": record.rec_headers.get_header("WARC-Target-URI"),
                    "fetched": record.rec_headers.get_header("WARC-Date"),
                    "charset": _charset(content_type),
                }
                yield Document(source=source, format="warc", raw=payload, hints={k: v for k, v in hints.items() if v})
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError, TypeError, KeyError) as exc:
            # warcio reports malformed archives with whatever its parser trips over
            yield Reject(f"{path}#{number + 1}" if number else str(path), f"broken WARC: {str(exc)[:160]}", "read")
