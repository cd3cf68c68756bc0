"""The HTTP API and pages over a PostgreSQL knowledge base (a fresh schema in a real server)."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from kb_backends import database
from zhnews import api
from zhnews.demo import DEFAULT_CORPUS
from zhnews.serve.api import create_app


@pytest.fixture(scope="module")
def pg_client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with database("postgres", tmp_path_factory.mktemp("pg")) as url:
        api.ingest([str(DEFAULT_CORPUS)], url, workers=1)
        yield TestClient(create_app(url), raise_server_exceptions=False)


def test_api_and_pages_on_postgres(pg_client: TestClient) -> None:
    stats = pg_client.get("/api/stats").json()
    assert stats["documents"] >= 14 and stats["kb_entities"] > 0
    body = pg_client.get("/api/search", params={"q": "信创", "per_page": 3}).json()
    assert body["hits"] and body["facets"]["publisher"]
    doc_id = body["hits"][0]["document_id"]
    doc = pg_client.get(f"/api/documents/{doc_id}").json()
    assert any(e.get("entity_id") for e in doc["entities"])  # facts link to resolved entities
    listing = pg_client.get("/api/documents", params={"per_page": 100}).json()
    assert len(listing["hits"]) == stats["documents"]
    people = pg_client.get("/api/entities", params={"type": "person", "q": "陈志远"}).json()["entities"]
    career = pg_client.get(f"/api/persons/{people[0]['id']}/career").json()["career"]
    assert [step["title"] for step in career][-1] == "局长"
    events = pg_client.get("/api/events", params={"type": "signing"}).json()
    assert events["events"] and events["histogram"]
    graph = pg_client.get("/api/graph").json()
    assert graph["nodes"] and graph["links"]
    export = pg_client.get("/api/export", params={"what": "events", "type": "signing", "format": "csv"})
    assert export.status_code == 200
    assert len(list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))) == events["total"]
    for url in ("/", "/?q=数据", f"/doc/{doc_id}", f"/entity/{people[0]['id']}", "/events", "/graph", "/entities"):
        assert pg_client.get(url).status_code == 200, url
    assert pg_client.get("/api/search", params={"q": "'\"()*:^"}).status_code == 200


def test_hostile_query_strings_on_postgres(pg_client: TestClient) -> None:
    for q in ("%", "_", "!", "\\", "'; DROP TABLE documents; --", "信" * 3000):
        r = pg_client.get("/api/search", params={"q": q})
        assert r.status_code in (200, 422), (q, r.text[:200])
    for name in ("%", "_%_", "!"):
        r = pg_client.get("/api/entities", params={"q": name})
        assert r.status_code == 200


def test_time_limit_is_armed_on_postgres(pg_client: TestClient) -> None:
    from zhnews.serve.data import KBView
    from zhnews.serve.settings import ServeSettings

    with KBView.open(pg_client.app.state.db, ServeSettings(query_timeout_s=2.5)) as view:
        assert view.store._execute("SHOW statement_timeout").fetchone()[0] == "2500ms"
