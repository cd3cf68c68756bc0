"""Entity resolution across documents: aliases, learned short forms, place suffixes, namesakes."""

from __future__ import annotations

import pytest

from kbdocs import make_doc
from zhnews.kb.aliases import curated_aliases, learn_definitions, normalize_name, parse_alias_lines
from zhnews.kb.resolve import place_key, resolve


def ids_of(res, type_: str, name: str) -> set[str]:  # noqa: ANN001
    return {e.id for e in res.entities.values() if e.type == type_ and (e.name == name or name in e.aliases)}


def test_curated_table_maps_common_short_forms() -> None:
    table = curated_aliases()
    assert len(table) > 150
    assert table.canonical("工信部") == "工业和信息化部"
    assert table.canonical("国资委") == "国务院国有资产监督管理委员会"
    assert table.canonical("网信办") == "国家互联网信息办公室"
    assert table.canonical("國新辦") == "国务院新闻办公室"  # script variant
    assert table.canonical("发改委") == "国家发展和改革委员会"
    assert table.canonical("科技部") == "科学技术部"
    assert table.canonical("某某局") is None


def test_alias_lines_ignore_comments_and_keep_first_mapping() -> None:
    table = parse_alias_lines(["# comment", "", "甲机构\t甲", "乙机构\t甲\t乙"])
    assert table.canonical("甲") == "甲机构"
    assert table.canonical("乙") == "乙机构"


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        ("中国电子信息产业集团有限公司（以下简称“中国电子”）今天宣布", "中国电子信息产业集团有限公司", "中国电子"),
        ("由北方数据科技股份有限公司(以下简称\"北数科技\")承建", "北方数据科技股份有限公司", "北数科技"),
        ("会上，西部云谷产业联盟（简称“云谷联盟”）成立。", "西部云谷产业联盟", "云谷联盟"),
    ],
)
def test_definitions_learned_from_text(text: str, full: str, short: str) -> None:
    defs = learn_definitions(text)
    assert [(d.full, d.short) for d in defs] == [(full, short)]
    assert text[defs[0].start :].startswith(full)


def test_definition_uses_the_extractors_mention_when_given() -> None:
    text = "会议由江城市数据局与江城大学（以下简称“江大”）联合主办"
    start = text.index("江城大学")
    defs = learn_definitions(text, [("江城大学", start, start + 4)])
    assert [(d.full, d.short) for d in defs] == [("江城大学", "江大")]


def test_document_defined_title_is_not_a_definition() -> None:
    # the quoted short form of a plan is a definition too, but never longer than the full name
    assert learn_definitions("《办法》（以下简称“关于进一步加强数据安全管理工作的办法”）") == []


@pytest.mark.parametrize(
    ("a", "b"),
    [("泸州", "泸州市"), ("四川", "四川省"), ("广西", "广西壮族自治区"), ("香港", "香港特别行政区"), ("朝阳", "朝阳区"), ("綿陽市", "绵阳")],
)
def test_place_suffixes_fold(a: str, b: str) -> None:
    assert place_key(a) == place_key(b)


def test_place_names_that_end_in_a_region_word_stay() -> None:
    assert place_key("成渝地区") == "成渝地区"
    assert place_key("贵安新区") == "贵安新区"
    assert place_key("沙市") == "沙市"  # too short to carry a suffix


def test_short_and_full_ministry_names_resolve_to_one_entity() -> None:
    d1 = make_doc("d1", "工信部近日印发通知，部署数据安全工作。", published="2026-01-05",
                  entities=[("organization", "工信部")])
    d2 = make_doc("d2", "工业和信息化部召开新闻发布会。", published="2026-02-01",
                  entities=[("organization", "工业和信息化部")])
    res = resolve([("d1", d1), ("d2", d2)])
    orgs = [e for e in res.entities.values() if e.type == "organization"]
    assert len(orgs) == 1
    assert orgs[0].name == "工业和信息化部"
    assert "工信部" in orgs[0].aliases
    assert {m.doc for m in orgs[0].mentions} == {"d1", "d2"}
    assert res.lookup("d1", "工信部", "organization") == res.lookup("d2", "工业和信息化部", "organization")


def test_traditional_name_resolves_with_simplified() -> None:
    d1 = make_doc("d1", "國家互聯網信息辦公室發布規定。", entities=[("organization", "國家互聯網信息辦公室")])
    d2 = make_doc("d2", "国家网信办发布规定。", entities=[("organization", "国家网信办")])
    res = resolve([("d1", d1), ("d2", d2)])
    assert len({e.id for e in res.entities.values()}) == 1


def test_short_form_defined_in_one_text_resolves_in_another() -> None:
    d1 = make_doc("d1", "西南数安科技有限公司（以下简称“数安科技”）发布新品。",
                  entities=[("organization", "西南数安科技有限公司")])
    d2 = make_doc("d2", "数安科技与江城大学签约。", entities=[("organization", "数安科技"), ("organization", "江城大学")])
    res = resolve([("d1", d1), ("d2", d2)])
    assert res.lookup("d2", "数安科技", "organization") == res.lookup("d1", "西南数安科技有限公司", "organization")
    org = res.entities[res.lookup("d2", "数安科技", "organization")]
    assert org.name == "西南数安科技有限公司"
    assert len([e for e in res.entities.values() if e.type == "organization"]) == 2


def test_places_with_and_without_suffix_are_one_place() -> None:
    d1 = make_doc("d1", "大会在泸州开幕。", entities=[("place", "泸州")])
    d2 = make_doc("d2", "泸州市发布规划。", entities=[("place", "泸州市")])
    res = resolve([("d1", d1), ("d2", d2)])
    places = [e for e in res.entities.values() if e.type == "place"]
    assert len(places) == 1
    assert {places[0].name, *places[0].aliases} >= {"泸州", "泸州市"}


def test_namesakes_in_different_provinces_stay_two_people() -> None:
    sichuan = make_doc(
        "sc", "四川省绵阳市副市长李明出席会议。绵阳市人民政府发布通知。", published="2026-03-01",
        entities=[("person", "李明"), ("place", "四川省"), ("place", "绵阳市"), ("organization", "绵阳市人民政府")],
        roles=[("李明", "副市长", "绵阳市人民政府")],
    )
    zhejiang = make_doc(
        "zj", "杭州云帆科技有限公司董事长李明介绍，公司总部位于浙江杭州。", published="2026-03-02",
        entities=[("person", "李明"), ("place", "浙江"), ("place", "杭州"), ("organization", "杭州云帆科技有限公司")],
        roles=[("李明", "董事长", "杭州云帆科技有限公司")],
    )
    res = resolve([("sc", sichuan), ("zj", zhejiang)])
    people = [e for e in res.entities.values() if e.type == "person" and e.name == "李明"]
    assert len(people) == 2
    assert res.lookup("sc", "李明", "person") != res.lookup("zj", "李明", "person")


def test_same_person_in_two_documents_of_one_province_is_one() -> None:
    a = make_doc("a", "绵阳市副市长李明调研企业。", published="2026-01-01",
                 entities=[("person", "李明"), ("place", "绵阳市")], roles=[("李明", "副市长", None)])
    b = make_doc("b", "绵阳市市长李明出席开幕式，绵阳市人民政府主办。", published="2026-06-01",
                 entities=[("person", "李明"), ("place", "绵阳市"), ("organization", "绵阳市人民政府")],
                 roles=[("李明", "市长", "绵阳市人民政府")])
    c = make_doc("c", "李明表示，将持续优化营商环境。", published="2026-07-01", entities=[("person", "李明")])
    res = resolve([("a", a), ("b", b), ("c", c)])
    people = {res.lookup(k, "李明", "person") for k in ("a", "b", "c")}
    assert len(people) == 1


def test_resolution_is_deterministic() -> None:
    docs = [
        ("d1", make_doc("d1", "工信部与国资委联合发文。", entities=[("organization", "工信部"), ("organization", "国资委")])),
        ("d2", make_doc("d2", "国务院国有资产监督管理委员会召开会议。", entities=[("organization", "国务院国有资产监督管理委员会")])),
    ]
    a, b = resolve(docs), resolve(docs)
    assert sorted(a.entities) == sorted(b.entities)
    assert [normalize_name(e.name) for e in a.entities.values()] == [e.name for e in b.entities.values()]
    assert len(a.entities) == 2


def test_sub_unit_named_with_a_short_parent_is_the_full_sub_unit() -> None:
    d1 = make_doc("d1", "工信部网络安全管理局发布通报。", entities=[("organization", "工信部网络安全管理局")])
    d2 = make_doc("d2", "工业和信息化部网络安全管理局召开会议。", entities=[("organization", "工业和信息化部网络安全管理局")])
    res = resolve([("d1", d1), ("d2", d2)])
    [org] = res.entities.values()
    assert org.name == "工业和信息化部网络安全管理局"


def test_bare_company_name_joins_the_only_company_it_starts() -> None:
    d1 = make_doc("d1", "黔云数安科技有限公司发布新品。", entities=[("organization", "黔云数安科技有限公司")])
    d2 = make_doc("d2", "黔云数安表示，将扩大投资。", entities=[("organization", "黔云数安")])
    d3 = make_doc("d3", "中国某某与中国某某甲科技有限公司、中国某某乙科技有限公司签约。",
                  entities=[("organization", "中国某某"), ("organization", "中国某某甲科技有限公司"),
                            ("organization", "中国某某乙科技有限公司")])
    res = resolve([("d1", d1), ("d2", d2), ("d3", d3)])
    assert res.lookup("d2", "黔云数安", "organization") == res.lookup("d1", "黔云数安科技有限公司", "organization")
    assert res.entities[res.lookup("d2", "黔云数安", "organization")].name == "黔云数安科技有限公司"
    # a start shared by two companies decides nothing
    assert len({res.lookup("d3", n, "organization") for n in ("中国某某", "中国某某甲科技有限公司", "中国某某乙科技有限公司")}) == 3


def test_brand_short_forms_are_not_expanded_inside_other_names() -> None:
    d = make_doc("d", "中国电子信息行业联合会发布报告。", entities=[("organization", "中国电子信息行业联合会")])
    [org] = resolve([("d", d)]).entities.values()
    assert org.name == "中国电子信息行业联合会"
