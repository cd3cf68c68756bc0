"""Person-title-organization roles from the patterns of Chinese news (table-driven, fictional text)."""

from __future__ import annotations

import pytest

from zhnews.extract import default_recognizer
from zhnews.extract.facts import extract_facts


def roles(text: str, publisher: str | None = None) -> set[tuple[str, str, str | None]]:
    facts = extract_facts(text, default_recognizer(), publisher=publisher)
    return {(r.person, r.title, r.organization) for r in facts.roles}


CASES = [
    # a transliterated name with its dot
    ("OpenAI首席执行官萨姆·奥尔特曼表示，将扩大投资。", {("萨姆·奥尔特曼", "首席执行官", "OpenAI")}),
    # a second titled person joined by 及: the chain starts after the first one
    ("陕西省委常委、宣传部部长张锋及西安市市长叶牛平等出席开幕式。",
     {("张锋", "常委", "陕西省委"), ("张锋", "部长", "陕西省委宣传部"), ("叶牛平", "市长", "西安市")}),
    # a region's 党委 is its party committee: the title is 常委 (a firm's 党委书记 stays one title)
    ("内蒙古自治区党委常委、呼和浩特市委书记杜明远出席。",
     {("杜明远", "常委", "内蒙古自治区党委"), ("杜明远", "书记", "呼和浩特市委")}),
    # the recognized organization runs left past a bracket or 与 the title rule stops at
    ("远山云岭（北京）科技有限公司总裁吴嘉宁表示，公司将扩大投资。", {("吴嘉宁", "总裁", "远山云岭（北京）科技有限公司")}),
    ("北辰大学计算机科学与技术学院院长林书远表示，学院将培养人才。", {("林书远", "院长", "北辰大学计算机科学与技术学院")}),
    # every reporter of a credit, also a space apart
    ("新华社西安3月5日电（记者姚明冰、张丹阳）联盟5日在西安成立。", {("姚明冰", "记者", "新华社"), ("张丹阳", "记者", "新华社")}),
    # a zone's bodies share its name, stated once: 党工委 … 管委会
    ("云栖新区党工委副书记、管委会主任韦长青表示，新区将扩大开放。",
     {("韦长青", "副书记", "云栖新区党工委"), ("韦长青", "主任", "云栖新区管委会")}),
    # a city name that begins like an honorific (贵) is no descriptive phrase
    ("贵阳市委副书记、市长滕远航出席。", {("滕远航", "副书记", "贵阳市委"), ("滕远航", "市长", "贵阳市")}),
    # a place read inside a titled name does not cut the name (江海 is a district elsewhere)
    ("中国工程院院士江海澜作主旨报告。", {("江海澜", "院士", "中国工程院")}),
    # ORG+TITLE+NAME
    ("湖北省经济和信息化厅厅长李明远出席会议。", {("李明远", "厅长", "湖北省经济和信息化厅")}),
    # coordinated titles: a party committee title, then the government head of the same place
    ("武汉市委副书记、市长王海峰致辞。", {("王海峰", "副书记", "武汉市委"), ("王海峰", "市长", "武汉市")}),
    # chain across organizations; the organization carries to the right
    ("华信集团总经理助理、星河科技党委书记、董事长刘建新出席。",
     {("刘建新", "总经理助理", "华信集团"), ("刘建新", "党委书记", "星河科技"), ("刘建新", "董事长", "星河科技")}),
    # 省委常委 splits into the committee and the title; the department takes the committee as parent
    ("江西省委常委、宣传部部长吴立群透露，", {("吴立群", "常委", "江西省委"), ("吴立群", "部长", "江西省委宣传部")}),
    # a party-group title followed by a post of the same ministry
    ("国家数据局党组成员、副局长孙伟民出席并讲话。", {("孙伟民", "党组成员", "国家数据局"), ("孙伟民", "副局长", "国家数据局")}),
    # honour after the name, academy stated nearby
    ("中国科学院院士周振华表示，要加快国产替代。周振华院士认为，前景广阔。", {("周振华", "院士", "中国科学院")}),
    # reporter credits: of the agency in the dateline, or of the publisher
    ("新华社合肥5月3日电（记者韩雪）星河公司宣布扩产。", {("韩雪", "记者", "新华社")}),
    # 本报 names no paper in the text: no organization stated, unless the text names the publisher
    ("本报讯（记者陈晓雯）3月5日，方案发布。", {("陈晓雯", "记者", None)}),
    ("解放日报讯（记者陈晓雯）3月5日，方案发布。", {("陈晓雯", "记者", "解放日报")}),
    # NAME 当选 ORG TITLE, the organization by its head word
    ("北辰数据安全产业联盟5日成立。北辰大学教授钱亦衡当选联盟理事长。",
     {("钱亦衡", "教授", "北辰大学"), ("钱亦衡", "理事长", "北辰数据安全产业联盟")}),
    # former posts and conference offices are not roles
    ("原华信集团副总裁刘建国出任大会主席。", set()),
    # the organization carried over from an earlier mention
    ("长三角人工智能产业联盟去年成立。联盟理事长、苏州大学校长张国华介绍，成员已达86家。",
     {("张国华", "理事长", "长三角人工智能产业联盟"), ("张国华", "校长", "苏州大学")}),
    # the organization carries across coordinated persons: 市委书记X、市长Y
    ("南江市委书记林海、市长赵明出席签约仪式。", {("林海", "书记", "南江市委"), ("赵明", "市长", "南江市")}),
    # a province named before a government title
    ("辽宁省副省长陈绍旺出席开幕式。", {("陈绍旺", "副省长", "辽宁省")}),
    # 兼 coordinates titles; a bare 公司 refers back to the company named before
    ("8月19日，深圳云启智能科技有限公司宣布完成融资。公司创始人兼首席执行官周明轩表示，将加大研发。",
     {("周明轩", "创始人", "深圳云启智能科技有限公司"), ("周明轩", "首席执行官", "深圳云启智能科技有限公司")}),
    # a title with no organization stated
    ("会长李毅华出席会议并致辞。", {("李毅华", "会长", None)}),
    # 该集团 refers back to a group written with its legal form
    ("星河投资集团有限公司今天举行发布会。该集团董事长王立新表示，将加大投入。", {("王立新", "董事长", "星河投资集团有限公司")}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_roles(text: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert roles(text, publisher="解放日报") == expected


def test_role_spans_cover_the_name() -> None:
    text = "会上，远山集团副总经理唐明发布合作计划。"
    facts = extract_facts(text, default_recognizer())
    (role,) = facts.roles
    assert text[role.span.start : role.span.end].endswith("唐明")
    assert role.organization == "远山集团"


def test_a_department_named_through_its_committee_is_an_entity_of_its_full_name() -> None:
    text = "陕西省委常委、宣传部部长张锋出席开幕式。"
    facts = extract_facts(text, default_recognizer())
    orgs = {e.name: [(s.start, s.end) for s in e.spans] for e in facts.entities if e.type == "organization"}
    assert orgs.get("陕西省委宣传部") == [(7, 10)] and "宣传部" not in orgs  # the span is where 宣传部 is written
    assert all(text[s.start : s.end] in e.name for e in facts.entities for s in e.spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("伟业顾问策划总监李宗诺出席。", ("李宗诺", "策划总监", "伟业顾问")),
        ("星河科技产品经理张立新介绍了新品。", ("张立新", "产品经理", "星河科技")),
    ],
)
def test_a_function_before_a_title_is_part_of_the_title(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in roles(text)


def test_a_title_inside_a_name_does_not_hide_the_title_after_it() -> None:
    # 委员 of 委员会 is no title here: 副主任 is
    assert ("覃立新", "副主任", "广西壮族自治区发展和改革委员会") in roles("广西壮族自治区发展和改革委员会副主任覃立新表示，将加快发展。")


@pytest.mark.parametrize("after", ["先后致辞", "见证签约", "依次发言"])
def test_coordinated_titles_before_a_name_and_what_the_person_did(after: str) -> None:
    got = roles(f"郑州市委副书记、市长杜景川{after}。")
    assert {("杜景川", "副书记", "郑州市委"), ("杜景川", "市长", "郑州市")} <= got


def test_acting_titles_and_a_rare_family_name_the_recognizer_found() -> None:
    assert {("温德昭", "副书记", "南昌市委"), ("温德昭", "代理市长", "南昌市")} <= roles("南昌市委副书记、代理市长温德昭先后致辞。")
    assert ("达世昌", "院长", "云南大学软件学院") in roles("云南大学软件学院院长达世昌在主题发言中认为，要加快发展。")


def test_elected_posts_posts_held_and_credits_of_an_outlet() -> None:
    text = ("北辰信创产业联盟今天成立。会议选举产生了第一届理事会。北辰软件有限公司董事长苑立衡当选联盟理事长，"
            "北辰大学信息学院副院长姜一丹当选秘书长。北辰大学计算机学院院长柏松涛当选联盟首届副理事长。")
    got = roles(text)
    assert {("苑立衡", "理事长", "北辰信创产业联盟"), ("姜一丹", "秘书长", "北辰信创产业联盟"),
            ("柏松涛", "副理事长", "北辰信创产业联盟")} <= got
    text = "北辰信息技术应用创新研究院由北辰大学共同组建，院长由北辰大学计算机学院教授阚文博担任。"
    assert ("阚文博", "院长", "北辰信息技术应用创新研究院") in roles(text)
    text = "天山数智观察讯（记者 古丽米拉·艾山 王振宇）本周，算力产业动态密集。"
    assert {("古丽米拉·艾山", "记者", "天山数智观察"), ("王振宇", "记者", "天山数智观察")} <= roles(text)


def test_a_bare_district_committee_is_the_one_of_the_district_the_article_is_about() -> None:
    text = "7月9日，武进区数字经济推进会召开。区委常委、常务副区长钱立峰出席会议并讲话。武进区将加快建设。"
    assert {("钱立峰", "常委", "武进区委"), ("钱立峰", "常务副区长", "武进区")} <= roles(text)
    # two districts named as often: no telling which
    text = "武进区与新北区联合召开推进会。区委常委钱立峰出席。"
    assert ("钱立峰", "常委", "武进区委") not in roles(text)


def test_a_kind_of_body_described_after_的_is_no_body_to_hold_a_post_in() -> None:
    text = ("浦江开源软件产业联盟5日在上海成立，是上海首个聚焦开源生态的跨行业产业联盟。"
            "上海张江云枢软件有限公司董事长严慕白当选联盟理事长。")
    assert ("严慕白", "理事长", "浦江开源软件产业联盟") in roles(text)
    assert ("岑牧之", "主任", None) in roles("主任岑牧之表示，要加快发展。")  # 之 ends no name
