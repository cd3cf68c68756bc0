"""The lexicons behind entity recognition: places, abbreviations, organization suffixes, titles."""

from __future__ import annotations

import pytest

from zhnews.extract.ner import gazetteer


@pytest.mark.parametrize(
    ("name", "canonical", "level"),
    [
        ("四川", "四川省", "province"),
        ("四川省", "四川省", "province"),
        ("广西", "广西壮族自治区", "province"),
        ("成都", "成都市", "city"),
        ("无锡市", "无锡市", "city"),
        ("永川", "永川区", "county"),
        ("海淀区", "海淀区", "county"),
        ("昆山", "昆山市", "county"),
        ("乌镇", "乌镇", "town"),
        ("周庄镇", "周庄镇", "town"),
        ("美国", "美国", "country"),
        ("德意志联邦共和国", "德意志联邦共和国", "country"),
        ("长三角", "长三角", "region"),
        ("粤港澳大湾区", "粤港澳大湾区", "region"),
    ],
)
def test_known_places(name: str, canonical: str, level: str) -> None:
    assert gazetteer.is_place(name)
    assert gazetteer.canonical_place(name) == canonical
    assert gazetteer.place_level(name) == level


@pytest.mark.parametrize("word", ["城区", "郊区", "中心", "华为", "有关部门", "会议", "市政府", ""])
def test_words_that_are_not_places(word: str) -> None:
    assert not gazetteer.is_place(word)
    assert gazetteer.canonical_place(word) == word
    assert gazetteer.place_level(word) is None


def test_a_short_form_shared_by_two_divisions_names_the_more_prominent() -> None:
    # 朝阳 is a city in Liaoning and a district of Beijing: news means the city unless told.
    assert gazetteer.canonical_place("朝阳") == "朝阳市"
    assert gazetteer.canonical_place("朝阳区") == "朝阳区"


def test_short_place_inverts_canonical() -> None:
    assert gazetteer.short_place("泸州市") == "泸州"
    assert gazetteer.short_place("内蒙古自治区") == "内蒙古"
    assert gazetteer.short_place("未知之地") == "未知之地"


def test_every_province_level_division_is_present() -> None:
    provinces = {p.name for p in gazetteer.places() if p.level == "province"}
    assert len(provinces) == 34
    assert {"北京市", "上海市", "重庆市", "新疆维吾尔自治区", "香港特别行政区", "台湾省"} <= provinces


def test_divisions_know_their_parent() -> None:
    city = gazetteer.lookup_place("绵阳")
    assert city is not None and city.parent == "四川省"
    county = gazetteer.lookup_place("江宁区")
    assert county is not None and county.parent == "南京市"


@pytest.mark.parametrize(
    ("char", "place"),
    [
        ("京", "北京"),
        ("沪", "上海"),
        ("锡", "无锡"),
        ("蓉", "成都"),
        ("渝", "重庆"),
        ("川", "四川"),
        ("粤", "广东"),
        ("穗", "广州"),
    ],
)
def test_one_character_abbreviations(char: str, place: str) -> None:
    assert gazetteer.place_abbreviation(char) == place
    assert gazetteer.is_place(place)


def test_an_ordinary_character_is_no_abbreviation() -> None:
    assert gazetteer.place_abbreviation("的") is None
    assert gazetteer.place_abbreviation("北京") is None


def test_organization_suffixes_are_longest_first() -> None:
    suffixes = gazetteer.org_suffixes()
    for word in (
        "部",
        "厅",
        "局",
        "委",
        "办",
        "中心",
        "集团",
        "公司",
        "大学",
        "研究院",
        "联盟",
        "协会",
        "园区",
        "交易所",
    ):
        assert word in suffixes
    assert suffixes.index("有限公司") < suffixes.index("公司")
    assert [len(s) for s in suffixes] == sorted((len(s) for s in suffixes), reverse=True)


def test_titles() -> None:
    titles = gazetteer.titles()
    for word in ("局长", "副书记", "党组成员", "院士", "董事长", "总经理助理", "常委", "会长", "市长"):
        assert word in titles
    assert "张" not in titles
    longest = gazetteer.titles_longest_first()
    assert longest.index("总经理助理") < longest.index("总经理")


def test_surnames() -> None:
    names = gazetteer.surnames()
    assert {"王", "李", "张", "欧阳", "诸葛"} <= names
    assert "的" not in names
