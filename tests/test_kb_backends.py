"""The knowledge-base pass, near-duplicate persistence and queries on every store backend
(SQLite and a real PostgreSQL, see tests/kb_backends.py)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from kb_backends import BACKENDS, database
from zhnews import api
from zhnews.kb import queries, tables
from zhnews.kb.store import open_store

KB_DATA = Path(__file__).parent / "data" / "kb"


@pytest.mark.parametrize("backend", BACKENDS)
def test_kb_on_backend(backend: str, tmp_path: Path) -> None:
    with database(backend, tmp_path) as db:
        api.ingest([str(KB_DATA / "pair_simplified.md"), str(KB_DATA / "conf_report_a.md")], db, workers=1)
        # a second ingest continues the near-duplicate index from the stored signatures
        api.ingest([str(KB_DATA)], db, workers=1)
        with open_store(db) as store:
            dups = store._execute("SELECT source, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL").fetchall()
            assert [(Path(a).name, Path(b).name) for a, b in dups] == [("pair_traditional.txt", "pair_simplified.md")]
            assert store._execute("SELECT count(*) FROM dedup_signatures").fetchone()[0] == 5
            assert tables.built_state(store) == tables.corpus_state(store)
            meetings = [e for e in queries.events(store, type="meeting", place="贵阳") if "西部算力" in (e["name"] or "")]
            assert len(meetings) == 1 and len(meetings[0]["sources"]) == 3
            assert queries.events(store, date_from="2026-04", date_to="2026-04-30", sector="算力")
            [profile] = queries.entity_profiles(store, "中国信通院")
            assert profile["name"] == "中国信息通信研究院" and profile["events"] and profile["cooccurring"]
            before = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in queries.export_records(store)]
            graph = nx.parse_graphml(queries.graphml(store))
            assert graph.number_of_nodes() > 10
        api.ingest([str(KB_DATA)], db, workers=1)  # re-ingesting changes nothing
        with open_store(db) as store:
            after = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in queries.export_records(store)]
        assert after == before
