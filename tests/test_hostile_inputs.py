"""Nothing a document contains stops a run: every bad input is processed or rejected with a reason."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhnews.document import Document, Reject
from zhnews.pipeline import build_pipeline
from zhnews.read import iter_documents

# Sentences written for these tests (fictional news).
P1 = "3月12日，某市人工智能产业园正式开园，首批入驻企业三十二家，涵盖算法、芯片和智能制造等方向。"
P2 = "园区负责人介绍，今年将新建算力中心一座，并设立规模十亿元的产业基金，支持初创企业发展。"
P3 = "业内人士认为，产业园的建成将进一步完善当地数字经济产业链，带动上下游企业集聚发展。"
TRAD = "3月12日，某市人工智慧產業園正式開園，首批進駐企業三十二家，涵蓋演算法、晶片和智慧製造等方向。"
SCRIPT_MARK = "SCRIPT_SHOULD_NOT_LEAK"
STYLE_MARK = "STYLE_SHOULD_NOT_LEAK"


def _page(body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>某市产业园开园</title><script>var x='{SCRIPT_MARK}';</script>"
        f"<style>.a{{content:'{STYLE_MARK}'}}</style></head><body>{body}"
        f"<script>document.write('{SCRIPT_MARK}')</script></body></html>"
    )


# name -> (content, expectation): "ok" must be processed (with the snippet, when given), "reject" must be
# rejected, "either" may be processed or rejected -- but always with a reason.
def _corpus(root: Path) -> dict[str, tuple[str, str | None]]:
    files: dict[str, tuple[bytes, str, str | None]] = {
        "normal.txt": ("\n".join([P1, P2, P3]).encode(), "ok", P2),
        "normal.md": (f"---\ntitle: 某市产业园开园\nsource: 某公众号\n---\n\n# 某市产业园开园\n\n{P1}\n\n{P2}\n".encode(), "ok", P1),
        "normal.html": (_page(f"<article><h1>某市产业园开园</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></article>").encode(), "ok", P3),
        "gbk.txt": ("\n".join([P1, P2, P3]).encode("gbk"), "ok", P2),
        "gb18030.html": (_page(f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>").replace("<head>", '<head><meta charset="gb2312">').encode("gb18030"), "ok", P1),
        "big5.txt": (TRAD.encode("big5"), "ok", "人工智慧产业园正式开园"),
        "utf16.txt": (("\n".join([P1, P2])).encode("utf-16"), "ok", P1),
        "empty.txt": (b"", "reject", None),
        "blank.md": (b"   \n\n  ", "reject", None),
        "binary.bin": (bytes((i * 131 + 7) % 256 for i in range(5000)), "reject", None),
        "fake.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "reject", None),
        "nul_bytes.txt": (P1.encode()[:30] + b"\x00" + P1.encode()[30:] + P2.encode(), "ok", P2),
        "mostly_nul.txt": (b"\x00" * 4000 + P1.encode(), "reject", None),
        "broken_utf8.txt": (P1.encode()[:31] + P1.encode()[33:] + b"\xff\xfe" + P2.encode(), "ok", P2),
        "deep.html": (_page(f"<p>{P1}</p>" + "<div>" * 60_000 + P2 + "</div>" * 60_000).encode(), "either", None),
        "unclosed.html": (f"<html><body><div><p>{P1}<p>{P2}<div><b>{P3}<script>var y='{SCRIPT_MARK}'".encode(), "ok", P1),
        "broken_front_matter.md": (f"---\ntitle: [未闭合\nsource: {{坏\n---\n{P1}\n{P2}".encode(), "ok", P1),
        "unclosed_front_matter.md": (f"---\ntitle: 没有结束的前言\n\n{P1}\n{P2}".encode(), "ok", P2),
        "script_in_markdown.md": (f"{P1}\n<script>alert('{SCRIPT_MARK}')</script>\n<style>p{{x:'{STYLE_MARK}'}}</style>\n{P2}".encode(), "ok", P2),
        "mojibake.txt": ((P1 + P2).encode("utf-8").decode("latin-1").encode("utf-8"), "ok", P1),
        "big.txt": (P1.encode() * (20 * 1024 * 1024 // len(P1.encode()) + 1), "either", None),
        "unknown.xyz": (f"<html><body><p>{P1}</p><p>{P2}</p></body></html>".encode(), "ok", P1),
    }
    expectations = {}
    for name, (data, expect, snippet) in files.items():
        (root / name).write_bytes(data)
        expectations[name] = (expect, snippet)
    lines = [
        json.dumps({"id": "good", "text": P1 + P2}, ensure_ascii=False),
        "{broken json",
        json.dumps({"id": "nohtml"}),
        json.dumps({"html": _page(f"<p>{P3}</p><p>{P1}</p>")}, ensure_ascii=False),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "nul", "text": "\x00" * 100}),
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expectations.update({
        "feed.jsonl#good": ("ok", P2), "feed.jsonl#2": ("reject", None), "feed.jsonl#nohtml": ("reject", None),
        "feed.jsonl#4": ("ok", P3), "feed.jsonl#5": ("reject", None), "feed.jsonl#nul": ("reject", None),
    })
    return expectations


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, str | None]]]:
    root = tmp_path_factory.mktemp("hostile")
    return root, _corpus(root)


def test_every_input_is_processed_or_rejected_with_reason(hostile) -> None:
    root, expectations = hostile
    pipeline = build_pipeline(extract=False)
    results = {Path(item.source).name: item for item in pipeline.process_many(iter_documents([root]))}
    assert set(results) == set(expectations)
    for name, (expect, snippet) in expectations.items():
        item = results[name]
        if isinstance(item, Reject):
            assert expect != "ok", f"{name} rejected: {item.reason}"
            assert item.reason.strip(), name
            continue
        assert expect != "reject", f"{name} should have been rejected"
        assert isinstance(item, Document) and item.text, name
        if snippet:
            assert snippet in item.text, name
        assert SCRIPT_MARK not in item.text and STYLE_MARK not in item.text, name
        assert "\x00" not in item.text


def test_specific_outcomes(hostile) -> None:
    root, _ = hostile
    pipeline = build_pipeline(extract=False)
    results = {Path(item.source).name: item for item in pipeline.process_many(iter_documents([root]))}
    assert results["gbk.txt"].encoding == "gb18030"
    assert results["big5.txt"].encoding == "cp950"
    assert results["normal.md"].title == "某市产业园开园" and results["normal.md"].publisher == "某公众号"
    assert "front_matter_invalid" in results["broken_front_matter.md"].flags
    assert "nul_bytes_removed" in results["nul_bytes.txt"].flags
    assert "mojibake_repaired" in results["mojibake.txt"].flags
    assert isinstance(results["big.txt"], Reject) and "too large" in results["big.txt"].reason
    assert isinstance(results["empty.txt"], Reject) and "empty" in results["empty.txt"].reason


def test_cli_extract_on_hostile_folder(hostile) -> None:
    root, expectations = hostile
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "zhnews.serve.cli", "extract", str(root)],
        capture_output=True, text=True, timeout=300, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    names = {Path(r["source"]).name for r in records}
    must = {n for n, (expect, _) in expectations.items() if expect == "ok"}
    assert must <= names
    rejected = [line for line in proc.stderr.splitlines() if line.startswith("rejected ")]
    assert len(records) + len(rejected) == len(expectations)
    assert all(": " in line and line.split(": ", 1)[1].strip() for line in rejected)
    assert not any(SCRIPT_MARK in r["text"] for r in records)


def test_cli_exit_status_when_nothing_readable(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    proc = subprocess.run(
        [sys.executable, "-m", "zhnews.serve.cli", "extract", str(tmp_path), str(tmp_path / "missing.txt")],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode != 0
    assert "rejected" in proc.stderr
