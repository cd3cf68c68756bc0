"""Chinese full-text search: 1-, 2- and 4-character terms, Traditional queries, phrases that do
not span punctuation, filters, ranking, snippets, and hostile query strings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_backends import BACKENDS, database
from zhnews.document import Document
from zhnews.kb.search import search
from zhnews.kb.store import SearchFilters, Store, open_store
from zhnews.kb.tokenize import RUN_BREAK, bigram_stream, index_tokens, query_groups

DOCS = {
    "ai.txt": ("人工智能大会开幕", "2024-05-10", "新华社", "本届人工智能大会在成都开幕，多家企业发布了人工智能芯片和大模型产品。"),
    "split.txt": ("制造业报告", "2024-06-01", "经济日报", "报告指出，人工成本上升，智能制造成为企业转型方向。"),
    "comma.txt": ("用工观察", "2023-01-15", "新华社", "企业减少人工，智能设备投入增加，鲸鱼形状的厂房引人注目。"),
    "park.txt": ("国家网络安全产业园区", "2023-11-03", "泸州新闻网", "国家网络安全产业园区建设加快推进，园区企业营收突破100亿元。A&B <script>合作</script>"),
}


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Store:
    with database(request.param, tmp_path_factory.mktemp("search")) as db:
        s = open_store(db)
        docs = [Document(source=src, title=t, published=p, publisher=pub, text=text) for src, (t, p, pub, text) in DOCS.items()]
        outcomes = s.write([s.prepare(d) for d in docs])
        assert all(o.status == "stored" for o in outcomes)
        yield s
        s.close()


def sources(store: Store, query: str, **filters: str) -> set[str]:
    return {h.source for h in search(store, query, filters=SearchFilters(**filters), limit=50)}


def test_tokens_are_bigrams_with_breaks_between_runs_and_a_character_set() -> None:
    assert bigram_stream("人工智能，AI大会。中") == ["人工", "工智", "智能", RUN_BREAK, "ai", RUN_BREAK, "大会", RUN_BREAK, "中"]
    tokens = index_tokens("标题", "正文，正")
    assert (tokens.title_bi, tokens.body_bi) == ("标题", f"正文 {RUN_BREAK} 正")
    assert sorted(tokens.chars.split()) == sorted("标题正文")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("鲸", {"comma.txt"}),  # 1 character
        ("园区", {"park.txt"}),  # 2 characters
        ("人工", {"ai.txt", "split.txt", "comma.txt"}),
        ("人工智能", {"ai.txt"}),  # 4 characters: a phrase, not its parts anywhere
        ("网络安全产业", {"park.txt"}),
        ("智能 企业", {"ai.txt", "split.txt", "comma.txt"}),  # both terms
        ("鲸 OR 园区", {"comma.txt", "park.txt"}),
        ("100亿元", {"park.txt"}),
        ("不存在的词", set()),
    ],
)
def test_terms_of_every_length_find_the_right_documents(store: Store, query: str, expected: set[str]) -> None:
    assert sources(store, query) == expected


def test_traditional_query_finds_simplified_text(store: Store) -> None:
    assert sources(store, "國家網絡安全") == {"park.txt"}
    assert sources(store, "產業園區") == {"park.txt"}


def test_phrase_does_not_span_punctuation(store: Store) -> None:
    # comma.txt has 人工，智能 and split.txt 人工成本…智能: neither is the phrase 人工智能
    assert "comma.txt" not in sources(store, "人工智能")
    assert "split.txt" not in sources(store, "工智")


def test_filters(store: Store) -> None:
    assert sources(store, "企业", publisher="新华社") == {"ai.txt", "comma.txt"}
    assert sources(store, "企业", date_from="2024-01-01") == {"ai.txt", "split.txt"}
    assert sources(store, "企业", date_to="2023-12") == {"comma.txt", "park.txt"}
    assert sources(store, "企业", date_from="2024-06-01", date_to="2024-06-01") == {"split.txt"}


def test_filters_without_the_selective_path(store: Store) -> None:
    # with a candidate cap below the filtered count, the newest-matches path answers
    ranked = store.search_ids(query_groups("企业"), SearchFilters(publisher="新华社"), 10, candidates=1)
    ids = store.documents_by_id([i for i, _ in ranked])
    assert {d.source for d in ids.values()} <= {"ai.txt", "comma.txt"}


def test_ranking_prefers_title_and_repeated_terms(store: Store) -> None:
    hits = search(store, "人工智能 OR 人工")
    assert hits[0].source == "ai.txt"
    assert hits[0].score >= hits[-1].score


def test_snippet_marks_terms_in_the_real_text(store: Store) -> None:
    [hit] = search(store, "產業園區")
    assert "【产业园区】" in hit.snippet
    assert "<mark>产业园区</mark>" in hit.snippet_html
    [hit] = search(store, "合作")
    assert "&lt;script&gt;<mark>合作</mark>&lt;/script&gt;" in hit.snippet_html
    assert "A&amp;B" in hit.snippet_html
    assert "<script>" not in hit.snippet_html


def test_hit_json_shape(store: Store) -> None:
    [hit] = search(store, "鲸")
    record = hit.to_json()
    assert {"source", "title", "published", "snippet"} <= record.keys()
    assert (record["source"], record["title"], record["published"]) == ("comma.txt", "用工观察", "2023-01-15")


HOSTILE = [
    '"', '""', "'", '"人工', "人工\"智能", "AND", "OR", "NOT", "NEAR", "*", "^", "(", ")", "()", "NEAR(人工 智能)",
    "人工 AND OR NOT 智能", "人工 NOT", "-人工", "title_uni:人工", "{body_bi}:人", "人*", "^人工", "OR OR OR", "",
    "   ", "\x00", "人\x00工", "🙂", "'; DROP TABLE documents; --", "\\", "%", "_", "\ue000", "人" * 10_000,
    "(" * 5000 + "人", "a" * 10_000, "人工 " * 3000,
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_raise(store: Store, query: str) -> None:
    hits = search(store, query)
    assert isinstance(hits, list)
    assert store.stats()["documents"] == len(DOCS)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_query_string_is_safe(store: Store, query: str) -> None:
    for hit in search(store, query):
        assert hit.source in DOCS


def test_store_path_is_a_file(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "kb.sqlite"
    with open_store(db) as s:
        assert search(s, "人工") == []
    assert db.exists()


def test_date_range_tokens_cover_whole_years_and_edge_months() -> None:
    from zhnews.kb.tokenize import MONTH_TOKEN, YEAR_TOKEN, date_range_tokens

    assert date_range_tokens(None, None, (2020, 2024)) is None
    assert date_range_tokens("2022-11", "2024-02-15", (2020, 2024)) == [
        f"{MONTH_TOKEN}202211", f"{MONTH_TOKEN}202212", f"{YEAR_TOKEN}2023", f"{MONTH_TOKEN}202401", f"{MONTH_TOKEN}202402"]
    assert date_range_tokens("2023", None, (2020, 2024)) == [f"{YEAR_TOKEN}2023", f"{YEAR_TOKEN}2024"]
    assert date_range_tokens(None, "2019-12", (2020, 2024)) == []
    assert date_range_tokens("garbage", "2020-03", (2020, 2024)) == [f"{MONTH_TOKEN}2020{m:02d}" for m in (1, 2, 3)]


def test_one_character_terms_with_filters(store: Store) -> None:
    assert sources(store, "鲸", publisher="新华社") == {"comma.txt"}
    assert sources(store, "鲸", publisher="经济日报") == set()
    assert sources(store, "鲸", date_from="2023-01-15", date_to="2023-01-15") == {"comma.txt"}
    assert sources(store, "鲸", date_from="2023-01-16") == set()
    assert sources(store, "鲸 园区", date_to="2023") == set()
    assert sources(store, "鲸 OR 园区", date_to="2023") == {"comma.txt", "park.txt"}


def test_filters_that_match_nothing_or_nonsense(store: Store) -> None:
    assert sources(store, "企业", date_from="2030") == set()
    assert sources(store, "企业", date_from="not a date") == set()
    assert sources(store, "企业", publisher='"; DROP') == set()
