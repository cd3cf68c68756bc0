"""Server-rendered pages of the web UI, over the demo knowledge base and a hostile document."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from serve_helpers import HOSTILE_TEXT, build_hostile_kb
from zhnews.serve.api import create_app
from zhnews.serve.highlight import Mark, highlight, snippet_html


@pytest.fixture(scope="module")
def client(demo_db: Path) -> TestClient:
    return TestClient(create_app(str(demo_db)), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = build_hostile_kb(tmp_path_factory.mktemp("hostile") / "kb.sqlite")
    return TestClient(create_app(str(db)), raise_server_exceptions=False)


def doc_id_for(client: TestClient, query: str, title_part: str) -> int:
    hits = client.get("/api/search", params={"q": query, "per_page": 50}).json()["hits"]
    return next(h["document_id"] for h in hits if title_part in (h["title"] or ""))


def entity_id_for(client: TestClient, name: str, type: str) -> str:
    rows = client.get("/api/entities", params={"q": name, "type": type}).json()["entities"]
    return next(r["id"] for r in rows if r["name"] == name)


# -- pages --------------------------------------------------------------------------------------
def test_home_shows_overview_and_latest_documents(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "知识库概况" in page.text
    assert page.text.count('class="hit"') >= 14


def test_search_page_ranks_highlights_and_counts_facets(client: TestClient) -> None:
    page = client.get("/", params={"q": "信创"}).text
    assert "<mark>信创</mark>" in page
    facets = page[page.index('id="facets"') : page.index('id="results"')]
    assert "会议" in facets and re.search(r'class="count">\d+<', facets)
    assert "/api/export?what=search&amp;q=" in page


def test_facet_links_filter_the_search(client: TestClient) -> None:
    page = client.get("/", params={"q": "信创"}).text
    facets = page[page.index('id="facets"') : page.index('id="results"')]
    href = html.unescape(re.search(r'href="([^"]*publisher=[^"]*)"', facets).group(1))
    filtered = client.get(href).text
    assert "来源：" in filtered  # the active filter is shown and can be removed


def test_document_page_highlights_every_fact_type(client: TestClient) -> None:
    doc_id = doc_id_for(client, "智算中心", "星衡信息与宜宾市签署合作协议")
    page = client.get(f"/doc/{doc_id}").text
    text = page[page.index('id="doc-text"') : page.index("</article>")]
    for kind in ("person", "organization", "place", "figure", "event"):
        assert f"f-{kind}" in text, kind
    # a highlighted person links to the person's page
    assert re.search(r'<a href="[^"]*/entity/person:[^"]+"[^>]*class="f [^"]*f-person', text)
    side = page[page.index('id="facts"') :]
    assert "孙立平" in side and "35亿元" in side


def test_document_page_links_duplicates_both_ways(client: TestClient) -> None:
    repost = doc_id_for(client, "智算中心", "35亿元！星衡宜宾智算中心项目正式签约")
    original = doc_id_for(client, "智算中心", "星衡信息与宜宾市签署合作协议")
    page = client.get(f"/doc/{repost}").text
    assert f"/doc/{original}" in page and 'id="duplicate-of"' in page
    assert f"/doc/{repost}" in client.get(f"/doc/{original}").text


def test_entity_page_shows_the_career_timeline(client: TestClient) -> None:
    page = client.get(f"/entity/{entity_id_for(client, '陈志远', 'person')}").text
    timeline = page[page.index('id="career"') :]
    first, second = timeline.index("2023-09-11"), timeline.index("2024-06-03")
    assert first < second
    assert "副局长" in timeline[first:second] and "局长" in timeline[second:]


def test_organization_page_lists_aliases_people_and_documents(client: TestClient) -> None:
    rows = client.get("/api/entities", params={"type": "organization", "per_page": 100}).json()["entities"]
    with_alias = next(r for r in rows if r["aliases"])
    page = client.get(f"/entity/{with_alias['id']}").text
    assert all(html.escape(a) in page for a in with_alias["aliases"])
    assert "文档 Documents" in page
    staffed = next(r for r in rows if r["name"] == "合肥市数据资源局")
    page = client.get(f"/entity/{staffed['id']}").text
    assert "人员 People with titles here" in page and "陈志远" in page


def test_events_page_has_histogram_data_and_rows(client: TestClient) -> None:
    page = client.get("/events", params={"type": "signing"}).text
    data = json.loads(re.search(r'<script type="application/json" id="histogram-data">(.*?)</script>', page, re.S).group(1))
    assert any(h["counts"] for h in data["histogram"])
    assert all(set(h["counts"]) <= {"signing"} for h in data["histogram"])
    months = [h["month"] for h in data["histogram"]]
    assert months == sorted(months) and len(months) == len(set(months))  # quiet months included as gaps
    assert page.count('<tr id="ev-') >= 2
    assert "/static/vendor/echarts.min.js" in page or "make setup" in page


def test_graph_page_embeds_nodes_and_links(client: TestClient) -> None:
    page = client.get("/graph").text
    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1))
    assert data["nodes"] and data["links"]
    assert data["entity_url"].endswith("/entity/")


def test_entities_page_filters_by_type(client: TestClient) -> None:
    page = client.get("/entities", params={"type": "person"}).text
    table = page[page.index('id="entity-list"') :]
    assert "t-person" in table and "t-organization" not in table


def test_unknown_pages_are_html_404s(client: TestClient) -> None:
    for url in ("/doc/999999", "/entity/person:nobody", "/nowhere"):
        r = client.get(url)
        assert r.status_code == 404 and 'id="error"' in r.text, url


def test_overlong_query_on_the_page_is_a_clear_422(client: TestClient) -> None:
    r = client.get("/", params={"q": "a" * 10_001})
    assert r.status_code == 422 and 'id="error"' in r.text


@pytest.mark.parametrize("query", ['"', "信创 OR", "(((", "*", "NEAR(", "'; --", "信" * 5000])
def test_odd_queries_on_the_page_never_fail(client: TestClient, query: str) -> None:
    assert client.get("/", params={"q": query}).status_code == 200


# -- safety: document content is text, never markup ---------------------------------------------
class _Elements(HTMLParser):
    """Every element and attribute a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self.data_blocks: list[str] = []
        self._in_script = self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        # only scripts a browser runs; JSON data blocks are data (and must not break out: see below)
        self._in_script = tag == "script" and dict(attrs).get("type") in (None, "text/javascript", "module")
        self._in_data = tag == "script" and dict(attrs).get("type") == "application/json"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)
        if getattr(self, "_in_data", False):
            self.data_blocks.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_data = False


def _no_live_markup(page: str) -> None:
    """No element, attribute or script the hostile document brought in: it is all text."""
    parsed = _Elements()
    parsed.feed(page)
    tags = {t for t, _ in parsed.tags}
    assert "img" not in tags and "textarea" not in tags
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:"), (tag, attrs)
    assert not any("alert(" in text for text in parsed.script_text)
    for block in parsed.data_blocks:
        json.loads(block)  # a whole JSON value: nothing broke out of the block
        assert "<" not in block


def test_hostile_document_shows_as_text(hostile: TestClient) -> None:
    page = hostile.get("/doc/1")
    assert page.status_code == 200
    _no_live_markup(page.text)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert "onerror=&#34;alert(1)&#34;" in page.text or "onerror=&quot;alert(1)&quot;" in page.text
    assert "&lt;/textarea&gt;&lt;b&gt;粗体&lt;/b&gt;&amp;amp;" in page.text
    assert re.search(r'class="f [^"]*f-person', page.text)  # the facts are still highlighted around the escaped text


def test_hostile_document_in_search_results_and_lists(hostile: TestClient) -> None:
    for url in ("/?q=script", "/?q=onerror", "/", "/events", "/entities", "/graph"):
        r = hostile.get(url)
        assert r.status_code == 200, url
        _no_live_markup(r.text)
    assert "<mark>script</mark>" in hostile.get("/?q=script").text


def test_hostile_document_json_keeps_the_text_exactly(hostile: TestClient) -> None:
    doc = hostile.get("/api/documents/1").json()
    assert doc["text"] == HOSTILE_TEXT


def test_highlight_escapes_and_nests_overlapping_marks() -> None:
    text = "甲<乙>丙&丁"
    out = str(highlight(text, [Mark(0, 4, "event"), Mark(1, 3, "person", "<乙>", "/entity/p"), Mark(2, 9, "figure")]))
    assert "<乙>" not in out and "&lt;乙&gt;" in out.replace('<a href="/entity/p"', "")
    assert out.count("<a ") == 2  # the person's pieces link, cut at the figure's start
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text  # nothing lost, nothing added
    assert str(highlight("abc", [Mark(-5, 99, "person"), Mark(2, 1, "place"), Mark(0, 1, "nonsense")])).count("<span") == 1


def test_snippet_html_escapes_outside_and_inside_marks() -> None:
    out = str(snippet_html("a<b>【c<d>】e【unclosed", "【", "】"))
    assert out == "a&lt;b&gt;<mark>c&lt;d&gt;</mark>e【unclosed"
