"""The command line: ingest, search, stats, show, extract; JSON shapes, defaults, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zhnews.document import Document, Entity, Event, Figure, Role, Span
from zhnews.kb.store import open_store
from zhnews.serve.cli import main

TEXT = "远山集团董事长陈光表示，集团今年研发投入超过3亿元。随后，远山集团与北辰大学签署合作协议。"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def kb_with_facts(tmp_path: Path) -> Path:
    db = tmp_path / "facts.sqlite"
    i = TEXT.index
    doc = Document(
        source="news/yuanshan.txt", title="远山集团加大研发投入", published="2024-04-01", publisher="星城日报", text=TEXT,
        entities=[Entity("person", "陈光", [], [Span(i("陈光"), i("陈光") + 2)]),
                  Entity("organization", "远山集团", [], [Span(0, 4), Span(i("远山集团与"), i("远山集团与") + 4)])],
        roles=[Role("陈光", "董事长", "远山集团", Span(0, i("陈光") + 2))],
        events=[Event("signing", "2024-04-01", None, "合作协议", ["远山集团", "北辰大学"], Span(i("签署"), i("签署") + 6), "签署")],
        figures=[Figure(3e8, "元", "3亿元", Span(i("3亿元"), i("3亿元") + 4), "超过")],
    )
    with open_store(db) as store:
        assert store.write([store.prepare(doc)])[0].status == "stored"
    return db


def test_ingest_search_stats_show(seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "kb.sqlite")
    code, out, err = run(capsys, "ingest", str(seeds_dir), "--db", db, "--workers", "1")
    assert code == 0 and out == ""
    assert "read 5, stored 5" in err

    code, out, _ = run(capsys, "search", "网络安全", "--db", db, "--json", "--limit", "3")
    hits = json.loads(out)
    assert code == 0 and isinstance(hits, list) and 1 <= len(hits) <= 3
    for hit in hits:
        assert {"source", "title", "published", "snippet"} <= hit.keys()
        assert "【网络安全】" in hit["snippet"]

    code, out, _ = run(capsys, "search", "网络安全", "--db", db)
    assert code == 0 and "【网络安全】" in out and "seeds/" in out

    code, out, _ = run(capsys, "stats", "--db", db, "--json")
    stats = json.loads(out)
    assert code == 0 and stats["documents"] == 5
    assert {"rejects", "entities", "roles", "events", "figures", "duplicates"} <= stats.keys()

    source = hits[0]["source"]
    code, out, _ = run(capsys, "show", Path(source).name, "--db", db, "--json")
    view = json.loads(out)
    assert code == 0 and view["source"] == source and view["text"]
    assert {"entities", "roles", "events", "figures", "sources"} <= view.keys()


def test_show_prints_facts_with_their_sentences(kb_with_facts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "yuanshan.txt", "--db", str(kb_with_facts))
    assert code == 0
    assert "# 远山集团加大研发投入" in out
    assert "- 陈光 · 董事长 · 远山集团\n    「远山集团董事长陈光表示，集团今年研发投入超过3亿元。」" in out
    assert "「随后，远山集团与北辰大学签署合作协议。」" in out
    assert "- 3亿元 = 3e+08 元 (超过)" in out
    code, out, _ = run(capsys, "show", "news/yuanshan.txt", "--db", str(kb_with_facts), "--json")
    view = json.loads(out)
    assert view["events"][0]["sentence"] == "随后，远山集团与北辰大学签署合作协议。"
    assert view["events"][0]["participants"] == ["远山集团", "北辰大学"]
    org = next(e for e in view["entities"] if e["name"] == "远山集团")
    assert len(org["spans"]) == 2 and len(org["sentences"]) == 2


def test_show_unknown_source(kb_with_facts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "nothing.txt", "--db", str(kb_with_facts))
    assert code == 1 and "no document" in err


def test_search_filters_on_the_command_line(kb_with_facts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(kb_with_facts)
    assert len(json.loads(run(capsys, "search", "研发", "--db", db, "--json", "--publisher", "星城日报")[1])) == 1
    assert json.loads(run(capsys, "search", "研发", "--db", db, "--json", "--from", "2024-05")[1]) == []
    assert len(json.loads(run(capsys, "search", "研發", "--db", db, "--json", "--to", "2024-04")[1])) == 1


def test_read_commands_do_not_create_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "none.sqlite"
    for argv in (["search", "人工"], ["stats"], ["show", "x"]):
        code, _, err = run(capsys, *argv, "--db", str(db))
        assert code == 2 and "no knowledge base" in err
    assert not db.exists()


def test_default_database_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kb_with_facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZHNEWS_DB", str(kb_with_facts))
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["documents"] == 1
    monkeypatch.delenv("ZHNEWS_DB")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.txt").write_text("企业发布新产品，销量增长。", encoding="utf-8")
    code, _, err = run(capsys, "ingest", "in.txt", "--workers", "1")
    assert code == 0 and (tmp_path / "zhnews.sqlite").exists()


def test_extract_reports_rejects_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text("企业发布新产品，销量增长。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = run(capsys, "extract", str(good), str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"), "--workers", "1")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["source"] for r in records] == [str(good)]
    assert "empty.txt" in err and "missing.txt" in err and "rejected 2" in err
    code, out, err = run(capsys, "extract", str(tmp_path / "missing.txt"))
    assert code == 1 and out == "" and "missing.txt" in err


def test_extract_with_workers_keeps_input_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(12):
        (tmp_path / f"{i:02d}.txt").write_text(f"第{i}篇：企业发布新产品。", encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(tmp_path), "--workers", "2")
    assert code == 0
    assert [Path(json.loads(line)["source"]).name for line in out.splitlines()] == [f"{i:02d}.txt" for i in range(12)]


def test_installed_command_runs(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("企业发布新产品，销量增长。", encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "zhnews.serve.cli", "ingest", str(tmp_path / "a.txt"), "--db", str(db)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "stored 1" in done.stderr


def test_ingest_survives_hostile_inputs_on_two_workers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = "今年三月，星河科技在成都发布了新一代工业软件，首批客户超过二十家。"
    (folder / "good.txt").write_text(good, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "nul.txt").write_bytes(good.replace("首批", "首\x00批").encode())
    (folder / "broken.txt").write_bytes(good.encode()[:-5] + b"\xff\xfe" + good.encode())
    (folder / "deep.html").write_text("<div>" * 60_000 + good + "</div>" * 10, encoding="utf-8")
    (folder / "unclosed.html").write_text(f"<html><body><p>{good}<p><b>未闭合<i>", encoding="utf-8")
    (folder / "front.md").write_text(f"---\ntitle: [unclosed\n: : :\n---\n{good}", encoding="utf-8")
    (folder / "lines.jsonl").write_text(f'{{"text": "{good}"}}\n{{broken json\n\n[1, 2]\n', encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    code, out, err = run(capsys, "ingest", str(folder), "--db", str(db), "--workers", "2")
    assert code == 0 and out == ""
    summary = err.strip().splitlines()[-1]
    stats = json.loads(run(capsys, "stats", "--db", str(db), "--json")[1])
    assert stats["documents"] >= 1
    read = int(summary.split("read ")[1].split(",")[0])
    rejected_lines = [line for line in err.splitlines() if line.startswith("rejected ")]
    assert read >= 11
    assert len(rejected_lines) == stats["rejects"] >= 3  # empty, binary, broken JSON line at least
    assert all(": " in line and line.split(": ", 1)[1].strip() for line in rejected_lines)
    assert f"rejected {stats['rejects']}" in summary
