"""The knowledge base over a real SQLite store: ingest, near duplicates, resolution, merged events,
idempotence, incremental updates, and the CLI commands entity / events / export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest

from zhnews import api
from zhnews.kb import queries
from zhnews.kb.store import open_store
from zhnews.serve.cli import main

KB_DATA = Path(__file__).parent / "data" / "kb"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
KB_TABLES = ("kb_entities", "kb_entity_names", "kb_mentions", "kb_roles", "kb_events", "kb_event_participants",
             "kb_event_sources", "kb_document_sectors")


def snapshot(db: Path) -> dict[str, list]:
    """Every derived row, with document ids replaced by sources (ids depend on arrival order)."""
    with open_store(db) as store:
        queries.ensure_current(store)
        source = dict(store._execute("SELECT id, source FROM documents").fetchall())
        out = {}
        for table in KB_TABLES:
            cur = store._execute(f"SELECT * FROM {table}")
            cols = [c[0] for c in cur.description]
            rows = []
            for row in cur.fetchall():
                rec = dict(zip(cols, row, strict=True))
                rec.pop("id", None) if table == "kb_roles" else None
                if "document_id" in rec:
                    rec["document_id"] = source[rec["document_id"]]
                rows.append(json.dumps(rec, ensure_ascii=False, sort_keys=True))
            out[table] = sorted(rows)
        return out


@pytest.fixture(scope="module")
def kb_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    api.ingest([str(KB_DATA)], db, workers=1)
    return db


def test_traditional_repost_is_a_near_duplicate_in_the_store(kb_db: Path) -> None:
    with open_store(kb_db) as store:
        dups = dict(store._execute("SELECT source, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL").fetchall())
        signatures = store._execute("SELECT count(*) FROM dedup_signatures").fetchone()[0]
        documents = store._execute("SELECT count(*) FROM documents").fetchone()[0]
    assert dups == {str(KB_DATA / "pair_traditional.txt"): str(KB_DATA / "pair_simplified.md")}
    assert signatures == documents == 5


def test_three_reports_of_one_conference_are_one_event(kb_db: Path) -> None:
    with open_store(kb_db) as store:
        meetings = [e for e in queries.events(store, type="meeting") if e["name"] and "西部算力" in e["name"]]
    assert len(meetings) == 1
    sources = {Path(s["source"]).name for s in meetings[0]["sources"]}
    assert sources == {"conf_report_a.md", "conf_report_b.md", "conf_report_c.md"}
    for s in meetings[0]["sources"]:
        assert s["text"] and s["span"][1] > s["span"][0]


def test_events_filters(kb_db: Path) -> None:
    with open_store(kb_db) as store:
        assert queries.events(store, place="贵阳")  # 贵阳 = 贵阳市
        assert queries.events(store, place="貴陽市") == queries.events(store, place="贵阳")  # any script
        assert all(e["date"] is None or e["date"] >= "2026-04" for e in queries.events(store, date_from="2026-04"))
        assert queries.events(store, date_from="2030") == []
        with_org = queries.events(store, entity="中国信通院")  # curated alias of 中国信息通信研究院
        assert with_org and all(any("信息通信研究院" in p["name"] for p in e["participants"]) for e in with_org)
        assert queries.events(store, sector="算力")
        assert queries.events(store, entity="不存在的机构") == []


def test_entity_profile_has_roles_events_and_sources(kb_db: Path) -> None:
    with open_store(kb_db) as store:
        [han] = queries.entity_profiles(store, "韩立峰")
    assert han["type"] == "person"
    assert {r["title"] for r in han["roles"]} == {"局长"}
    assert {r["organization"] for r in han["roles"]} == {"贵州省大数据发展管理局"}
    assert all(r["source"]["text"] and r["source"]["published"] for r in han["roles"])
    assert any(e["type"] == "meeting" for e in han["events"])
    assert {d["title"] for d in han["document_list"]} >= {"2026西部算力产业发展大会在贵阳开幕"}


def test_reingesting_changes_nothing(kb_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "again.sqlite"
    shutil.copy(kb_db, db)
    before = snapshot(db)
    report = api.ingest([str(KB_DATA)], db, workers=1)
    assert report.stored == 0
    assert snapshot(db) == before


def test_incremental_ingest_gives_the_same_base_as_one_run(kb_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "steps.sqlite"
    first = tmp_path / "first"
    first.mkdir()
    for name in ("conf_report_a.md", "pair_simplified.md"):
        shutil.copy(KB_DATA / name, first / name)
    api.ingest([str(first)], db, workers=1)
    with open_store(db) as store:
        assert len([e for e in queries.events(store, type="meeting") if "西部算力" in (e["name"] or "")]) == 1
    api.ingest([str(KB_DATA)], db, workers=1)
    with open_store(db) as store:
        dups = [r[0] for r in store._execute("SELECT source FROM documents WHERE duplicate_of IS NOT NULL")]
        meetings = [e for e in queries.events(store, type="meeting") if "西部算力" in (e["name"] or "")]
    assert [Path(d).name for d in dups] == ["pair_traditional.txt"]  # the index continued from the stored signatures
    assert len(meetings) == 1 and len(meetings[0]["sources"]) == 3

    def names(snap: dict[str, list]) -> dict[str, list]:
        # sources differ by folder; compare by file name
        return {t: sorted(r.replace(str(first) + "/", "").replace(str(KB_DATA) + "/", "") for r in rows)
                for t, rows in snap.items()}

    assert names(snapshot(db)) == names(snapshot(kb_db))


def test_cli_entity_events_export(kb_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entity", "中国信通院", "--db", str(kb_db), "--json"]) == 0
    [profile] = json.loads(capsys.readouterr().out)
    assert profile["name"] == "中国信息通信研究院"
    assert main(["entity", "贵阳", "--db", str(kb_db)]) == 0
    assert "贵阳" in capsys.readouterr().out
    assert main(["entity", "无此人", "--db", str(kb_db)]) == 1
    capsys.readouterr()

    assert main(["events", "--type", "meeting", "--from", "2026-04-01", "--to", "2026-04", "--db", str(kb_db), "--json"]) == 0
    timeline = json.loads(capsys.readouterr().out)
    assert timeline and all(e["type"] == "meeting" and e["date"].startswith("2026-04") for e in timeline)

    out = tmp_path / "kb.jsonl"
    assert main(["export", "--format", "jsonl", "--out", str(out), "--db", str(kb_db)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["kind"] for r in records} == {"document", "entity", "role", "event"}

    assert main(["export", "--format", "csv", "--out", str(tmp_path / "csv"), "--db", str(kb_db)]) == 0
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["documents.csv", "entities.csv", "events.csv", "roles.csv"]

    graph_file = tmp_path / "kb.graphml"
    assert main(["export", "--format", "graphml", "--out", str(graph_file), "--db", str(kb_db)]) == 0
    graph = nx.read_graphml(graph_file)
    kinds = {d.get("kind") for _n, d in graph.nodes(data=True)}
    assert kinds >= {"document", "person", "organization", "place", "event"}
    labels = {d.get("label") for _a, _b, d in graph.edges(data=True)}
    assert labels >= {"MENTIONS", "REPORTS", "PARTICIPATES_IN", "HOLDS_ROLE"}


def test_missing_database_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "no knowledge base" in capsys.readouterr().err


def test_demo_corpus_queries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not (EXAMPLES / "news").is_dir():
        pytest.fail("examples/news (the demo corpus) is missing")
    db = tmp_path / "demo.sqlite"
    api.ingest([str(EXAMPLES)], db, workers=1)
    with open_store(db) as store:
        timeline = queries.events(store)
        top = store._execute(
            "SELECT name FROM kb_entities WHERE type = 'organization' ORDER BY documents DESC, name LIMIT 1"
        ).fetchone()[0]
    assert timeline
    assert main(["entity", top, "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["document_list"]
    assert main(["events", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip()
    graph_file = tmp_path / "demo.graphml"
    assert main(["export", "--format", "graphml", "--out", str(graph_file), "--db", str(db)]) == 0
    graph = nx.read_graphml(graph_file)
    assert graph.number_of_nodes() > 20 and graph.number_of_edges() > 20


def test_every_fact_in_the_base_points_at_its_words(kb_db: Path) -> None:
    with open_store(kb_db) as store:
        queries.ensure_current(store)
        texts = dict(store._execute("SELECT id, text FROM documents").fetchall())
        checked = 0
        for table in ("kb_mentions", "kb_roles", "kb_event_sources"):
            for doc_id, start, end, text in store._execute(f"SELECT document_id, start_char, end_char, text FROM {table}"):
                assert 0 <= start < end <= len(texts[doc_id])
                assert texts[doc_id][start:end] == text
                checked += 1
        without = store._execute(
            "SELECT name FROM kb_entities e WHERE NOT EXISTS (SELECT 1 FROM kb_mentions m WHERE m.entity_id = e.id)"
        ).fetchall()
        events_without = store._execute(
            "SELECT id FROM kb_events v WHERE NOT EXISTS (SELECT 1 FROM kb_event_sources s WHERE s.event_id = v.id)"
        ).fetchall()
    assert checked > 50
    assert without == [] and events_without == []


@pytest.mark.parametrize("corpus", ["kb", "examples", "seeds"])
def test_streaming_pass_writes_the_rows_of_the_in_memory_pass(corpus: str, seeds_dir: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """zhnews.kb.passes (documents read in chunks, rows spooled) gives exactly the tables of
    build_knowledge_base over all documents in memory: same rows, same order."""
    from zhnews.kb import build, passes

    monkeypatch.setattr(passes, "CHUNK", 3)  # many chunks even on a small corpus
    folder = {"kb": KB_DATA, "examples": EXAMPLES, "seeds": seeds_dir}[corpus]
    db = tmp_path / "kb.sqlite"
    api.ingest([str(folder)], db, workers=1)
    with open_store(db) as store:
        def tables() -> dict[str, list]:
            return {t: store._execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in KB_TABLES}

        assert build.rebuild_in_memory(store, force=True)
        expected = tables()
        assert build.rebuild(store, force=True)
        assert tables() == expected
        assert expected["kb_mentions"] and expected["kb_entities"]
