"""WARC archives: HTML responses become documents; other records are skipped; broken archives rejected."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from zhnews.document import Document, Reject
from zhnews.pipeline import build_pipeline
from zhnews.read import iter_documents

TEXT = "某开发区今年引进重点项目十二个，计划总投资超过八十亿元，涉及新能源和新材料产业。"


def _write_warc(path: Path, gzip: bool) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        page = f"<html><head><meta charset='gbk'><title>某开发区新闻</title></head><body><p>{TEXT}</p><p>{TEXT}</p></body></html>"
        records = [
            ("https://news.example/a.html", "text/html; charset=gbk", page.encode("gbk")),
            ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        ]
        for uri, ctype, payload in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers))
        writer.write_record(writer.create_warc_record("https://news.example/a.html", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))


def test_warc_and_warc_gz(tmp_path: Path) -> None:
    for name, gz in (("a.warc", False), ("b.warc.gz", True)):
        path = tmp_path / name
        _write_warc(path, gz)
        docs = list(iter_documents([path]))
        assert len(docs) == 1
        doc = docs[0]
        assert isinstance(doc, Document) and doc.format == "warc" and doc.source.startswith(f"{path}#")
        assert doc.hints["url"] == "https://news.example/a.html" and doc.hints["charset"] == "gbk"
        out = build_pipeline(extract=False).process(doc)
        assert isinstance(out, Document) and TEXT in out.text and out.encoding == "gb18030"
        assert out.url == "https://news.example/a.html"


def test_broken_warc_is_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    items = list(iter_documents([path]))
    assert items and all(isinstance(i, Reject) for i in items)
    assert "WARC" in items[0].reason or "empty" in items[0].reason
