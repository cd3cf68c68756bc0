"""The JSON API over a real SQLite knowledge base built from the demo corpus (examples/news)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from zhnews.serve.api import create_app
from zhnews.serve.settings import ServeSettings


@pytest.fixture(scope="module")
def client(demo_db: Path) -> TestClient:
    return TestClient(create_app(str(demo_db)), raise_server_exceptions=False)


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def entity_named(client: TestClient, name: str, type: str) -> dict:
    rows = client.get("/api/entities", params={"q": name, "type": type, "per_page": 100}).json()["entities"]
    found = [r for r in rows if r["name"] == name or name in r.get("aliases", [])]
    assert found, f"no {type} named {name}: {[r['name'] for r in rows]}"
    return found[0]


# -- stats and documents ------------------------------------------------------------------------
def test_stats_count_the_demo_corpus(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["documents"] >= 14  # 15 reports, the near-duplicate may be folded in
    assert stats["rejects"] == 0
    assert stats["events"] > 0 and stats["roles"] > 0 and stats["entities"] > 0


def test_document_has_text_and_facts_with_spans(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": "天府数据要素产业园"}).json()["hits"][0]
    doc = client.get(f"/api/documents/{hit['document_id']}").json()
    assert "天府数据要素产业园在成都高新区揭牌" in doc["text"]  # Traditional + converter artefacts cleaned
    assert "(shù)" not in doc["text"] and "數" not in doc["text"]
    for ent in doc["entities"]:
        for start, end in ent["spans"]:
            assert 0 <= start < end <= len(doc["text"])
    names = {e["name"] for e in doc["entities"] if e["type"] == "person"}
    assert "彭树林" in names


def test_missing_document_is_a_404_in_the_error_shape(client: TestClient) -> None:
    assert_error_shape(client.get("/api/documents/999999"), 404)
    assert_error_shape(client.get("/api/documents/not-a-number"), 422)


# -- search -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected_title_part"),
    [
        ("信", "信创"),  # one character
        ("信创", "信创"),  # two
        ("量子安全", "量子安全通信"),  # four
        ("數據要素", "天府数据要素产业园"),  # a Traditional query finds the Simplified text
    ],
)
def test_search_finds_terms_of_any_length(client: TestClient, query: str, expected_title_part: str) -> None:
    body = client.get("/api/search", params={"q": query}).json()
    assert body["total"] >= 1
    assert any(expected_title_part in (h["title"] or "") for h in body["hits"]), [h["title"] for h in body["hits"]]
    assert all("<mark>" in h["snippet_html"] for h in body["hits"])


def test_search_paginates_without_overlap(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "数据", "per_page": 2, "page": 1}).json()
    second = client.get("/api/search", params={"q": "数据", "per_page": 2, "page": 2}).json()
    assert first["total"] == second["total"] >= 4
    ids1 = {h["document_id"] for h in first["hits"]}
    ids2 = {h["document_id"] for h in second["hits"]}
    assert len(ids1) == 2 and len(ids2) == 2 and not ids1 & ids2


def test_search_filters_by_date_and_publisher(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "数据", "date_from": "2024-06", "date_to": "2024-06-30"}).json()
    assert body["hits"]
    assert all(h["published"].startswith("2024-06") for h in body["hits"])
    body = client.get("/api/search", params={"q": "信创", "publisher": "数安观察"}).json()
    assert body["hits"] and all(h["publisher"] == "数安观察" for h in body["hits"])


def test_search_filters_by_event_type_and_place(client: TestClient) -> None:
    all_hits = client.get("/api/search", params={"q": "数据"}).json()
    awards = client.get("/api/search", params={"q": "工业互联网", "event_type": "award"}).json()
    assert awards["hits"] and any("常州" in (h["title"] or "") for h in awards["hits"])
    in_place = client.get("/api/search", params={"q": "数据", "place": "合肥"}).json()
    assert 1 <= in_place["total"] < all_hits["total"]


def test_empty_query_lists_newest_documents(client: TestClient) -> None:
    body = client.get("/api/documents", params={"per_page": 100}).json()
    dates = [h["published"] for h in body["hits"] if h["published"]]
    assert len(body["hits"]) >= 14
    assert dates == sorted(dates, reverse=True)


def test_search_returns_facets_with_counts(client: TestClient) -> None:
    facets = client.get("/api/search", params={"q": "信创"}).json()["facets"]
    publishers = {f["value"]: f["count"] for f in facets["publisher"]}
    assert publishers and all(n >= 1 for n in publishers.values())
    assert any(f["value"] == "meeting" for f in facets["event_type"])


@pytest.mark.parametrize(
    "query",
    [
        '"', '"信创', "'", "(", ")", "*", "信创*", "^", "NEAR(a b)", "a AND", "OR", "NOT", "AND OR NOT", "- -",
        "\\", "%", "_", "'; DROP TABLE documents; --", "\x00", "\ud7ff", "🙂🙂", "<script>", "col:信创", "{}[]",
        "信" * 3_000, "a " * 5_000, "ǅ" * 3000, "\"" * 10_000,
    ],
)
def test_any_query_string_gets_results_or_a_clear_4xx(client: TestClient, query: str) -> None:
    r = client.get("/api/search", params={"q": query})
    assert r.status_code in (200, 422), r.text
    if r.status_code == 200:
        assert isinstance(r.json()["hits"], list)
    else:
        assert_error_shape(r, 422)


def test_long_queries_go_in_a_json_body(client: TestClient) -> None:
    # 10,000 Han characters do not fit in a URL (httpx and uvicorn cap it): POST takes them
    body = client.post("/api/search", json={"q": "信创" * 5_000}).json()
    assert isinstance(body["hits"], list)
    body = client.post("/api/search", json={"q": "信创", "per_page": 2, "page": 2}).json()
    assert body["page"] == 2 and len(body["hits"]) <= 2
    err = assert_error_shape(client.post("/api/search", json={"q": "信" * 10_001}), 422)
    assert "q" in err["message"]
    assert_error_shape(client.post("/api/search", json={"q": "x", "evil": 1}), 422)
    assert_error_shape(client.post("/api/search", content=b"{not json", headers={"content-type": "application/json"}), 422)


def test_overlong_query_is_a_422(client: TestClient) -> None:
    err = assert_error_shape(client.get("/api/search", params={"q": "a" * 10_001}), 422)
    assert "q" in err["message"]


def test_bad_parameters_are_422_in_the_error_shape(client: TestClient) -> None:
    assert_error_shape(client.get("/api/search", params={"q": "x", "date_from": "yesterday"}), 422)
    assert_error_shape(client.get("/api/search", params={"q": "x", "per_page": 1000}), 422)
    assert_error_shape(client.get("/api/search", params={"q": "x", "page": 0}), 422)
    assert_error_shape(client.get("/api/events", params={"type": "party"}), 422)
    assert_error_shape(client.get("/api/nowhere"), 404)


def test_pages_beyond_the_result_cap_are_empty(demo_db: Path) -> None:
    client = TestClient(create_app(str(demo_db), ServeSettings(max_results=3)))
    body = client.get("/api/search", params={"q": "数据", "per_page": 2, "page": 2}).json()
    assert body["capped_at"] == 3 and body["total"] == 3 and len(body["hits"]) == 1
    assert client.get("/api/search", params={"q": "数据", "per_page": 2, "page": 3}).json()["hits"] == []


def test_time_limit_interrupts_a_query_with_a_503(demo_db: Path) -> None:
    client = TestClient(create_app(str(demo_db), ServeSettings(query_timeout_s=0.0)))
    err = assert_error_shape(client.get("/api/search", params={"q": "数据"}), 503)
    assert err["code"] == "query_timeout"


# -- entities, careers, events, graph -------------------------------------------------------------
def test_entity_profile_gathers_every_document_of_its_names(client: TestClient) -> None:
    rows = client.get("/api/entities", params={"type": "organization", "per_page": 100}).json()["entities"]
    named = [r for r in rows if r["documents"] >= 2]
    assert named
    for row in named[:5]:
        profile = client.get(f"/api/entities/{row['id']}").json()
        assert profile["name"] == row["name"] and len(profile["document_list"]) == row["documents"]
        for doc in profile["document_list"]:
            text = client.get(f"/api/documents/{doc['id']}").json()["text"]
            assert any(n in text for n in [profile["name"], *profile["aliases"]]), (profile["name"], doc["id"])


def test_same_name_in_two_provinces_stays_two_people(client: TestClient) -> None:
    rows = client.get("/api/entities", params={"q": "李文华", "type": "person"}).json()["entities"]
    li = [r for r in rows if r["name"] == "李文华"]
    assert len(li) == 2, rows


def test_person_career_is_ordered_in_time(client: TestClient) -> None:
    chen = entity_named(client, "陈志远", "person")
    career = client.get(f"/api/persons/{chen['id']}/career").json()["career"]
    steps = [(c["date"], c["title"]) for c in career]
    assert ("2023-09-11", "副局长") in steps and ("2024-06-03", "局长") in steps
    assert steps.index(("2023-09-11", "副局长")) < steps.index(("2024-06-03", "局长"))
    assert all(src["document_id"] for c in career for src in c["sources"])


def test_career_of_unknown_person_is_404(client: TestClient) -> None:
    assert_error_shape(client.get("/api/persons/person:000000000000/career"), 404)
    assert_error_shape(client.get("/api/entities/nobody"), 404)


def test_entity_profile_lists_cooccurring_entities_and_events(client: TestClient) -> None:
    xh = entity_named(client, "星衡信息技术股份有限公司", "organization")
    profile = client.get(f"/api/entities/{xh['id']}").json()
    assert profile["documents"] >= 4 and len(profile["document_list"]) == profile["documents"]
    assert profile["events"]
    assert any(c["name"] for c in profile["cooccurring"])


def test_events_timeline_merges_the_three_conference_reports(client: TestClient) -> None:
    body = client.get("/api/events", params={"type": "meeting", "date_from": "2024-05", "date_to": "2024-05"}).json()
    assert body["events"]
    assert all(e["type"] == "meeting" and e["date"].startswith("2024-05") for e in body["events"])
    conference = max(body["events"], key=lambda e: len(e["sources"]))
    assert len({s["id"] for s in conference["sources"]}) >= 2
    months = [h["month"] for h in body["histogram"]]
    assert months == ["2024-05"]


def test_events_histogram_covers_all_matches(client: TestClient) -> None:
    one = client.get("/api/events", params={"per_page": 1}).json()
    every = client.get("/api/events", params={"per_page": 100}).json()
    assert len(one["events"]) == 1 and one["histogram"] == every["histogram"]
    dated = [e for e in every["events"] if e["date"] and len(e["date"]) >= 7 and e["date"][:4].isdigit()]
    assert sum(sum(h["counts"].values()) for h in every["histogram"]) == len(dated)
    months = [h["month"] for h in every["histogram"]]
    assert months == sorted(months) and "2023-09" in months and "2024-10" in months


def test_graph_links_co_participants(client: TestClient) -> None:
    graph = client.get("/api/graph").json()
    ids = {n["id"] for n in graph["nodes"]}
    assert graph["nodes"] and graph["links"]
    assert all(link["source"] in ids and link["target"] in ids for link in graph["links"])
    assert {link["kind"] for link in graph["links"]} <= {"co-participation", "co-signing", "role"}
    assert {"co-signing", "role"} <= {link["kind"] for link in graph["links"]}


def test_graph_neighbourhood_of_one_entity(client: TestClient) -> None:
    xh = entity_named(client, "星衡信息技术股份有限公司", "organization")
    graph = client.get("/api/graph", params={"entity": xh["id"]}).json()
    assert graph["center"] == xh["id"]
    assert any(n["id"] == xh["id"] for n in graph["nodes"])
    # every node is the centre or linked to it within two steps
    assert len(graph["nodes"]) >= 3
    assert_error_shape(client.get("/api/graph", params={"entity": "organization:doesnotexist"}), 404)


# -- exports ------------------------------------------------------------------------------------
def test_export_search_as_csv_and_jsonl(client: TestClient) -> None:
    total = client.get("/api/search", params={"q": "数据"}).json()["total"]
    r = client.get("/api/export", params={"what": "search", "q": "数据", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    text = r.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == total and "title" in rows[0] and "snippet_html" not in rows[0]
    r = client.get("/api/export", params={"what": "search", "q": "数据", "format": "jsonl"})
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert len(lines) == total and all("document_id" in x for x in lines)


def test_export_events_respects_filters(client: TestClient) -> None:
    r = client.get("/api/export", params={"what": "events", "type": "signing", "format": "jsonl"})
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert rows and all(x["type"] == "signing" for x in rows)


def test_openapi_schema_lists_every_api_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/api/search", "/api/documents", "/api/documents/{doc_id}", "/api/entities",
                  "/api/entities/{entity_id}", "/api/persons/{entity_id}/career", "/api/events", "/api/graph",
                  "/api/stats", "/api/export"):
        assert route in paths
    assert not any(p.startswith(("/doc/", "/entity/")) for p in paths)


def test_zhnews_serve_command_serves_the_api(demo_db: Path, tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from zhnews.serve.cli import main

    assert main(["serve", "--db", str(tmp_path / "missing.sqlite")]) == 2  # a clear message, no new empty base
    assert not (tmp_path / "missing.sqlite").exists()
    (tmp_path / "notes.txt").write_text("not a database", encoding="utf-8")
    assert main(["serve", "--db", str(tmp_path / "notes.txt")]) == 2
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhnews.serve.cli", "serve", "--db", str(demo_db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=5) as r:
                    stats = json.loads(r.read())
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert stats["documents"] >= 14
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert "知识库概况" in r.read().decode("utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_graph_centre_may_be_given_by_name(client: TestClient) -> None:
    xh = entity_named(client, "星衡信息技术股份有限公司", "organization")
    by_name = client.get("/api/graph", params={"entity": "星衡信息技术股份有限公司"}).json()
    assert by_name["center"] == xh["id"]


def test_search_filters_by_entity_id(client: TestClient) -> None:
    xh = entity_named(client, "星衡信息技术股份有限公司", "organization")
    body = client.get("/api/search", params={"entity": xh["id"], "per_page": 100}).json()
    profile = client.get(f"/api/entities/{xh['id']}").json()
    assert {h["document_id"] for h in body["hits"]} == {d["id"] for d in profile["document_list"]}


def test_graph_of_a_person_links_the_organization_of_the_title(client: TestClient) -> None:
    chen = entity_named(client, "陈志远", "person")
    graph = client.get("/api/graph", params={"entity": chen["id"]}).json()
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    roles = [link for link in graph["links"] if link["kind"] == "role"]
    assert any("合肥市数据资源局" in (names[link["source"]] + names[link["target"]]) for link in roles)


def test_search_facets_and_filters_by_sector(client: TestClient) -> None:
    facets = client.get("/api/search", params={"q": "数据"}).json()["facets"]
    assert facets["sector"], "no sector facet"
    top = facets["sector"][0]
    body = client.get("/api/search", params={"q": "数据", "sector": top["value"]}).json()
    assert body["total"] == top["count"]
