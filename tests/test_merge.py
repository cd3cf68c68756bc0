"""Event merging: one conference in three reports is one event with three sources."""

from __future__ import annotations

import pytest

from kbdocs import make_doc, read
from zhnews.kb.build import build_knowledge_base
from zhnews.kb.merge import EventReport, dates_compatible, merge_events, name_similarity, parse_date
from zhnews.kb.model import Source

CONF = "2026西部算力产业发展大会"


def conference_documents():  # noqa: ANN201
    a = make_doc(
        "a", read("conf_report_a.md"), published="2026-04-18",
        entities=[("organization", "贵州省大数据发展管理局"), ("organization", "中国信息通信研究院"), ("place", "贵阳"),
                  ("place", "贵州"), ("person", "韩立峰"), ("person", "孙明远"), ("organization", "贵阳市人民政府"),
                  ("organization", "华云数据科技有限公司")],
        roles=[("韩立峰", "局长", "贵州省大数据发展管理局"), ("孙明远", "副院长", "中国信息通信研究院")],
        events=[
            {"type": "meeting", "date": "2026-04-18", "place": "贵阳", "name": CONF, "anchor": "开幕",
             "participants": ["贵州省大数据发展管理局", "中国信息通信研究院"]},
            {"type": "signing", "date": "2026-04-18", "place": "贵阳", "name": None, "anchor": "签署战略合作协议",
             "participants": ["贵阳市人民政府", "华云数据科技有限公司"]},
            {"type": "release", "date": "2026-04-18", "place": "贵阳", "name": "西部算力产业发展报告（2026）", "anchor": "发布了"},
        ],
    )
    b = make_doc(
        "b", read("conf_report_b.md"), published="2026-04-19",
        entities=[("organization", "贵州省大数据发展管理局"), ("organization", "中国信息通信研究院"), ("place", "贵阳"),
                  ("person", "韩立峰"), ("person", "孙明远"), ("person", "陈思远")],
        roles=[("韩立峰", "局长", "贵州省大数据发展管理局"), ("孙明远", "副院长", "中国信息通信研究院")],
        events=[
            {"type": "meeting", "date": "2026-04-18", "place": "贵阳", "name": CONF, "anchor": "举行",
             "participants": ["贵州省大数据发展管理局"]},
            {"type": "signing", "date": "2026-04-18", "place": "贵阳", "name": None, "anchor": "集中签约"},
        ],
    )
    c = make_doc(
        "c", read("conf_report_c.md"), published="2026-04-20",
        entities=[("place", "贵州省"), ("place", "贵阳市"), ("person", "刘振华"), ("organization", "华云数据科技有限公司")],
        roles=[("刘振华", "董事长", "华云数据科技有限公司")],
        events=[{"type": "meeting", "date": "2026-04-18", "place": "贵阳市", "name": CONF, "anchor": "开幕"}],
    )
    return [("a", a), ("b", b), ("c", c)]


def test_one_conference_in_three_documents_is_one_event_with_three_sources() -> None:
    kb = build_knowledge_base(conference_documents())
    meetings = [e for e in kb.events if e.type == "meeting"]
    assert len(meetings) == 1
    ev = meetings[0]
    assert ev.documents == ["a", "b", "c"]
    assert ev.name == CONF
    assert ev.date == "2026-04-18"
    assert kb.entities[ev.place].name in ("贵阳", "贵阳市")
    names = {kb.entities[p].name for p in ev.participants}
    assert names == {"贵州省大数据发展管理局", "中国信息通信研究院"}
    for src in ev.sources:  # provenance: every source is a span of its document
        assert src.end > src.start
        assert src.text


def test_signings_without_shared_parties_stay_apart() -> None:
    kb = build_knowledge_base(conference_documents())
    signings = [e for e in kb.events if e.type == "signing"]
    assert len(signings) == 2
    assert sorted(len(e.sources) for e in signings) == [1, 1]


def test_rebuilding_gives_the_same_base() -> None:
    docs = conference_documents()
    a, b = build_knowledge_base(docs), build_knowledge_base(list(reversed(docs)))
    assert [(e.id, e.documents) for e in a.events] == [(e.id, e.documents) for e in b.events]
    assert sorted(a.entities) == sorted(b.entities)


def test_careers_carry_dates_and_sources() -> None:
    kb = build_knowledge_base(conference_documents())
    han = [r for r in kb.roles if kb.entities[r.person].name == "韩立峰"]
    assert [(r.title, r.date, r.source.doc) for r in han] == [("局长", "2026-04-18", "a"), ("局长", "2026-04-19", "b")]
    assert kb.entities[han[0].organization].name == "贵州省大数据发展管理局"


def test_event_and_document_sectors() -> None:
    kb = build_knowledge_base(conference_documents())
    meeting = next(e for e in kb.events if e.type == "meeting")
    assert "算力" in meeting.sectors
    assert "算力" in {s for s, _v in kb.doc_sectors["a"]}


@pytest.mark.parametrize(
    ("a", "b", "slack", "ok"),
    [
        ("2026-04-18", "2026-04-18", 0, True),
        ("2026-04-18", "2026-04", 0, True),
        ("--04-18", "2026-04-18", 0, True),
        ("2026-04-18", "2026-04-19", 0, False),
        ("2026-04-18", "2026-04-19", 1, True),
        ("2026-04-18", "2025-04-18", 1, False),
        (None, "2026-04-18", 0, True),
    ],
)
def test_dates_compatible(a: str | None, b: str | None, slack: int, ok: bool) -> None:
    assert dates_compatible(a, b, day_slack=slack) is ok


def test_parse_date_forms() -> None:
    assert parse_date("2026-04-18") == (2026, 4, 18)
    assert parse_date("2026-04") == (2026, 4, None)
    assert parse_date("--10-09") == (None, 10, 9)
    assert parse_date("XXXX-10-09") == (None, 10, 9)
    assert parse_date("garbage") == (None, None, None)


def test_name_similarity() -> None:
    assert name_similarity(CONF, CONF) == 1.0
    assert name_similarity(CONF, "西部算力产业发展大会") > 0.6
    assert name_similarity(CONF, "数字中国建设峰会") < 0.2
    assert name_similarity(None, CONF) == 0.0


def _report(doc: str, **kw) -> EventReport:  # noqa: ANN003
    base = {"type": "meeting", "date": "2026-05-01", "place": "p:1", "name": None, "participants": frozenset()}
    base.update(kw)
    return EventReport(doc, base["type"], base["date"], base["place"], base["name"], frozenset(base["participants"]),
                       Source(doc, 0, 2, "开幕"))


def test_undated_report_meets_a_dated_one_through_its_name() -> None:
    dated = _report("x", name="2026西部算力产业发展大会")
    undated = _report("y", name="为期两天的2026西部算力产业发展大会", date=None, place=None)
    other = _report("z", name="数字中国建设峰会", date=None)
    assert [e.documents for e in merge_events([dated, undated, other])] == [["x", "y"], ["z"]]


def test_same_date_and_place_without_shared_identity_is_not_enough() -> None:
    events = merge_events([_report("x"), _report("y")])
    assert len(events) == 2


def test_shared_participant_at_same_place_merges_meetings_but_not_signings() -> None:
    assert len(merge_events([_report("x", participants={"o:1"}), _report("y", participants={"o:1", "o:2"})])) == 1
    signings = [_report("x", type="signing", participants={"o:1"}), _report("y", type="signing", participants={"o:1", "o:2"})]
    assert len(merge_events(signings)) == 2


def test_different_places_need_near_identical_names() -> None:
    a = _report("x", name="数字经济峰会", place="p:1")
    b = _report("y", name="数字经济峰会", place="p:2")
    c = _report("z", name="智能制造论坛", place="p:3", participants={"o:1"})
    assert len(merge_events([a, b, c])) == 2


def test_a_copys_events_are_extra_sources_of_the_first_reports_events() -> None:
    text = read("conf_report_a.md")
    first = make_doc("first", text, published="2026-04-18", events=[
        {"type": "signing", "date": "2026-04-18", "place": None, "name": None, "anchor": "签署战略合作协议"}])
    # the repost lost its date, so the same sentence yields an undated, unnamed signing
    copy = make_doc("copy", text, published=None, events=[
        {"type": "signing", "date": None, "place": None, "name": None, "anchor": "签署战略合作协议"}])
    kb = build_knowledge_base([("first", first), ("copy", copy)], duplicates={"copy": "first"})
    assert [e.documents for e in kb.events] == [["copy", "first"]]
    alone = build_knowledge_base([("first", first), ("copy", copy)])
    assert len(alone.events) == 2
