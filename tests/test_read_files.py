"""Readers: paths (file, folder, glob), formats by name and by sniffing, size caps."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhnews.document import Document, Reject
from zhnews.read import iter_documents, read_file
from zhnews.read.formats import format_by_name, sniff_format
from zhnews.read.paths import expand_paths

TEXT = "某市发布数字经济三年行动计划，提出到2025年核心产业增加值占比达到百分之十。"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "txt"), ("a.md", "md"), ("a.markdown", "md"), ("a.html", "html"), ("a.HTM", "html"),
        ("a.shtml", "html"), ("a.jsonl", "jsonl"), ("a.jsonl.gz", "jsonl"), ("a.warc", "warc"),
        ("a.warc.gz", "warc"), ("a.dat", None), ("README", None),
    ],
)
def test_format_by_name(name: str, fmt: str | None) -> None:
    assert format_by_name(Path(name)) == fmt


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"<!DOCTYPE html><html>", "html"),
        (b"  <html><body>", "html"),
        (b"---\ntitle: x\n---\n", "md"),
        (TEXT.encode("utf-8"), "txt"),
        (TEXT.encode("gbk"), "txt"),
        (b"WARC/1.0\r\n", "warc"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", None),
        ("<html><body>正文</body></html>".encode("utf-16"), "html"),
        (TEXT.encode("utf-16-le"), "txt"),
    ],
)
def test_sniff_format(head: bytes, fmt: str | None) -> None:
    found, reason = sniff_format(head)
    assert found == fmt
    assert (reason is None) == (fmt is not None)


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("---\ntitle: t\n---\n" + TEXT, encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "c.html").write_text(f"<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / ".dotfile").write_text(TEXT, encoding="utf-8")
    return tmp_path


def test_folder_is_walked_recursively_in_order_skipping_hidden(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    found = [p.relative_to(root).as_posix() for p in expand_paths([root]) if isinstance(p, Path)]
    assert found == ["a.txt", "sub/b.md", "sub/deeper/c.html"]


def test_glob_and_missing_paths(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    items = list(expand_paths([str(root / "**" / "*.md"), str(root / "nope.txt"), str(root / "*.none")]))
    assert [p.name for p in items if isinstance(p, Path)] == ["b.md"]
    reasons = sorted(r.reason for r in items if isinstance(r, Reject))
    assert reasons == ["no file matches this pattern", "no such file or folder"]


def test_iter_documents_sets_format_and_keeps_bytes(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    docs = list(iter_documents([root]))
    assert [d.format for d in docs if isinstance(d, Document)] == ["txt", "md", "html"]
    assert all(isinstance(d, Document) and d.raw for d in docs)


def test_unknown_extension_is_sniffed_or_rejected(tmp_path: Path) -> None:
    (tmp_path / "page.dat").write_bytes(f"<html><body>{TEXT}</body></html>".encode())
    (tmp_path / "note").write_bytes(TEXT.encode("gbk"))
    (tmp_path / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "zero.dat").write_bytes(b"")
    items = {Path(d.source).name: d for d in iter_documents([tmp_path])}
    assert items["page.dat"].format == "html"
    assert items["note"].format == "txt"
    assert isinstance(items["image.bin"], Reject) and "PNG" in items["image.bin"].reason
    assert isinstance(items["zero.dat"], Reject) and items["zero.dat"].reason == "empty file"


def test_size_cap_rejects_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(TEXT.encode() * 100)
    result = read_file(big, "txt", max_bytes=1000)
    assert isinstance(result, Reject) and "too large" in result.reason
    assert isinstance(read_file(big, "txt"), Document)
