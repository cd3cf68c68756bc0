"""Which reader a file needs: by its name, or by sniffing its first bytes when the name says nothing."""

from __future__ import annotations

import re
from pathlib import Path

from zhnews.clean.encoding import sniff_binary, wide_text_codec

DOCUMENT_SUFFIXES = {
    ".txt": "txt", ".text": "txt",
    ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
}
CONTAINER_SUFFIXES = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl",
    ".warc": "warc", ".warc.gz": "warc", ".arc": "warc", ".arc.gz": "warc",
}
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|div|p|meta|title)\b", re.I | re.S)
_FRONT_MATTER = re.compile(rb"\A(?:\xef\xbb\xbf)?---\s*\n")


def format_by_name(path: Path) -> str | None:
    """``txt``/``md``/``html``/``jsonl``/``warc`` from the file name, or None when it gives no clue."""
    name = path.name.lower()
    for suffix, fmt in CONTAINER_SUFFIXES.items():
        if name.endswith(suffix):
            return fmt
    return DOCUMENT_SUFFIXES.get(path.suffix.lower())


def sniff_format(head: bytes) -> tuple[str | None, str | None]:
    """(format, None) for text that looks like HTML, Markdown or plain text; (None, reason) for binary."""
    if head.startswith(b"WARC/"):
        return "warc", None
    wide = wide_text_codec(head)
    if wide:  # UTF-16/32 text is full of NUL bytes: look at it decoded
        head = head.decode(wide, errors="ignore").lstrip("\ufeff").encode("utf-8")
    reason = sniff_binary(head)
    if reason:
        return None, reason
    if _HTML_START.match(head):
        return "html", None
    if _FRONT_MATTER.match(head):
        return "md", None
    return "txt", None
