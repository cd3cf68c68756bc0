"""JSON Lines: sources, hints, bad lines as rejects with reasons, streaming with a per-line cap."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

from zhnews.document import Document, Reject
from zhnews.pipeline import build_pipeline
from zhnews.read import iter_documents

TEXT = "某省今年将新建5G基站两万个，推动千兆光网覆盖所有县城，数字基础设施建设提速。"


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_documents_sources_and_hints(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "feed.jsonl",
        [
            json.dumps({"id": "a1", "text": TEXT, "title": "标题", "url": "https://x/1", "published": "2023-01-02", "publisher": "某网"}, ensure_ascii=False),
            json.dumps({"html": f"<p>{TEXT}</p>", "author": "张某"}, ensure_ascii=False),
            "",
            "{not json",
            "[1, 2]",
            json.dumps({"id": 7, "title": "no body"}),
            json.dumps({"id": 8, "text": 123}),
        ],
    )
    items = list(iter_documents([path]))
    sources = [i.source for i in items]
    assert sources == [f"{path}#a1", f"{path}#2", f"{path}#4", f"{path}#5", f"{path}#7", f"{path}#8"]
    first, second = items[0], items[1]
    assert isinstance(first, Document) and first.format == "jsonl" and first.raw_text == TEXT
    assert first.hints["title"] == "标题" and first.hints["publisher"] == "某网" and first.hints["markup"] == "txt"
    assert isinstance(second, Document) and second.hints["markup"] == "html" and second.hints["authors"] == ["张某"]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert len(rejects) == 4 and all(r.reason and r.stage == "read" for r in rejects)
    assert "bad JSON" in rejects[0].reason and "not an object" in rejects[1].reason and "no non-empty" in rejects[2].reason


def test_jsonl_through_the_pipeline(tmp_path: Path) -> None:
    path = _write(tmp_path / "f.jsonl", [json.dumps({"id": "x", "html": f"<html><body><p>{TEXT}</p><script>bad()</script></body></html>", "title": "標題"}, ensure_ascii=False)])
    doc = build_pipeline(extract=False).process(next(iter_documents([path])))
    assert isinstance(doc, Document)
    assert doc.text == TEXT and doc.title == "标题" and "bad()" not in doc.text


def test_gzipped_and_gbk_lines(tmp_path: Path) -> None:
    gz = tmp_path / "f.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as stream:
        stream.write(json.dumps({"text": TEXT}, ensure_ascii=False) + "\n")
    gbk = tmp_path / "g.jsonl"
    gbk.write_bytes(json.dumps({"text": TEXT}, ensure_ascii=False).encode("gbk") + b"\n")
    docs = list(iter_documents([gz, gbk]))
    assert [d.raw_text for d in docs] == [TEXT, TEXT]


def test_oversized_line_is_rejected_and_the_next_line_still_read(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "长" * 5000}) + "\n" + json.dumps({"text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    items = list(iter_documents([path], max_bytes=2000))
    assert isinstance(items[0], Reject) and "longer than" in items[0].reason
    assert isinstance(items[1], Document) and items[1].raw_text == TEXT


def test_large_jsonl_is_streamed(tmp_path: Path) -> None:
    """100,000 lines (~19 MB): the first document arrives without the file being loaded, then all arrive."""
    path = tmp_path / "many.jsonl"
    line = json.dumps({"text": TEXT * 2}, ensure_ascii=False) + "\n"
    with path.open("w", encoding="utf-8") as stream:
        for _ in range(100):
            stream.write(line * 1000)
    size = path.stat().st_size
    documents = iter_documents([path])
    tracemalloc.start()
    first = next(documents)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert isinstance(first, Document)
    assert peak < size / 100
    assert 1 + sum(1 for doc in documents if isinstance(doc, Document)) == 100_000
