"""Boundaries of organization and place names: clause words at the edges, names cut mid-word,
body suffixes kept, parts of a longer name not separate places (fictional sentences)."""

from __future__ import annotations

import pytest

from zhnews.document import Mention
from zhnews.extract import default_recognizer
from zhnews.extract.entities import defer_to_model, keep_mention, keep_model_mention, trim_leading_clause
from zhnews.extract.facts import extract_facts


def names(text: str, etype: str) -> set[str]:
    facts = extract_facts(text, default_recognizer())
    return {e.name for e in facts.entities if e.type == etype}


TRIM_CASES = [
    # a bare organization word and 由 glued before a company
    ("联盟由远山智能装备股份有限公司", "远山智能装备股份有限公司"),
    ("协会与北辰软件科技有限公司", "北辰软件科技有限公司"),
    ("会议在华中科技大学", "华中科技大学"),
    # the verb of the clause after an organization
    ("东湖数字经济产业联盟主办", "东湖数字经济产业联盟"),
    ("远山集团共同发起", "远山集团"),
    # 和 inside a ministry's name is part of it
    ("工业和信息化部", "工业和信息化部"),
    ("国家发展和改革委员会", "国家发展和改革委员会"),
    # a proper name before 与 that is no organization keeps the string (no cut without evidence)
    ("中国与全球化智库", "中国与全球化智库"),
    # a function word inside a name is no clause boundary (为 of 华为, 同 of 同方, 以 of 以岭)
    ("华为技术有限公司", "华为技术有限公司"),
    ("同方股份有限公司", "同方股份有限公司"),
    ("以岭药业股份有限公司", "以岭药业股份有限公司"),
]


@pytest.mark.parametrize(("text", "expected"), TRIM_CASES)
def test_trim_clause_words(text: str, expected: str) -> None:
    m = trim_leading_clause(Mention("organization", 10, 10 + len(text), text, 0.8))
    assert m.text == expected
    assert (m.start, m.end) == (10 + text.index(expected), 10 + text.index(expected) + len(expected))


@pytest.mark.parametrize(
    "text", ["科研机构", "龙头企业", "中介组织", "管委会", "三家公司", "广州某银行", "韩国公司", "浙江上市公司", "城投公司", "总公司"]
)
def test_category_is_no_organization(text: str) -> None:
    assert not keep_mention(Mention("organization", 0, len(text), text, 0.8))


ORG_CASES = [
    # 由 between the subject and a company in a list
    ("8月2日，东湖智能制造产业联盟在武汉成立。联盟由远山智能装备股份有限公司、北辰软件科技有限公司等30家企业和科研机构共同发起。",
     {"远山智能装备股份有限公司", "北辰软件科技有限公司"}, {"联盟由远山智能装备股份有限公司", "科研机构"}),
    # a zone's administrative committee keeps its suffix
    ("大会由湖北省经济和信息化厅主办，武汉东湖新区管委会承办。", {"武汉东湖新区管委会"}, {"武汉东湖新区", "管委会"}),
    # the organizer verb is not part of the last organizer's name
    ("论坛由武汉市人民政府、东湖数字经济产业联盟主办。", {"东湖数字经济产业联盟"}, {"东湖数字经济产业联盟主办"}),
]


@pytest.mark.parametrize(("text", "present", "absent"), ORG_CASES)
def test_organization_boundaries(text: str, present: set[str], absent: set[str]) -> None:
    got = names(text, "organization")
    assert present <= got
    assert not absent & got


def test_zone_name_is_no_separate_place() -> None:
    # 江北 names a district elsewhere; inside 江北新区管委会 it is the zone's own name
    text = "远山集团与南京江北新区管委会签署合作协议，项目同日落户江北新区。"
    assert "江北" not in names(text, "place")
    assert "南京江北新区管委会" in names(text, "organization")


def test_name_cut_mid_word_takes_the_word() -> None:
    # the tagger splits 算算|力: the name is not cut inside the word
    got = names("8月28日，东数西算算力产业联盟成立大会在兰州举行。", "organization")
    assert "力产业联盟" not in got


def test_activity_in_a_list_is_no_organization() -> None:
    # a noun and a verb (交通出行) names a field of activity, not a body
    got = names("试点将在智慧医疗、交通出行等5个领域展开。", "organization")
    assert "交通出行" not in got


# A trained recognizer's organizations: forms that name a body whatever the tagger reads in them,
# and forms that name none (directions, web sites, kinds of banks, clauses).
MODEL_ORG_CASES = [
    ("光华银行成都分行", True),  # a branch of a named bank
    ("青石时代建筑设计有限公司", True),  # a company's legal name, whatever its first word
    ("市住建委", True),  # the city's own commission
    ("中国传统文化促进会", True),  # 促进会 is a body word though the tagger reads a verb
    ("住房公积金监管司", True),  # a ministry's department
    ("西南部", False),
    ("顺义区政府网站", False),
    ("股份制商业银行", False),
    ("大型国有银行", False),
    ("建设信息消费体验中心", False),
    ("在成都设立分公司", False),  # a clause, not a branch
]


@pytest.mark.parametrize(("text", "kept"), MODEL_ORG_CASES)
def test_recognizer_organizations_kept_or_not(text: str, kept: bool) -> None:
    assert keep_model_mention(Mention("organization", 0, len(text), text, 0.6)) is kept


def _m(kind: str, text: str, start: int, name: str) -> Mention:
    return Mention(kind, start + text.index(name), start + text.index(name) + len(name), name, 0.7)


@pytest.mark.parametrize(
    ("text", "lexical", "model", "deferred"),
    [
        ("切沃vs罗马推荐", ("place", "罗马"), "罗马", True),  # a foreign city read as an organization: a club
        ("成都队对阵", ("place", "成都"), "成都", False),  # a Chinese city stays a place
        ("前述光华银行人士", ("organization", "前述光华银行"), "光华银行", True),  # no name in the prefix
        ("四川省经济和信息化厅", ("organization", "四川省经济和信息化厅"), "信息化厅", False),  # a place starts it
    ],
)
def test_lexicon_candidates_defer_to_the_recognizer(text, lexical, model, deferred) -> None:
    cand = _m(lexical[0], text, 0, lexical[1])
    kept = defer_to_model([cand], [_m("organization", text, 0, model)])
    assert (kept == []) is deferred


def test_a_title_and_a_name_are_no_organization() -> None:
    got = names("晨报讯（实习生李明轩记者王芳菲）当多数银行已开始实施新政之时。", "organization")
    assert not {n for n in got if "李明轩" in n or "王芳菲" in n}, got
    got = names("见习记者周呈祥报道。", "organization")
    assert "见习" not in got


def test_a_proper_word_before_the_recognizers_name_keeps_the_longer_one() -> None:
    text = "考察位于马赛的达飞海运集团。"
    cand = _m("organization", text, 0, "达飞海运集团")
    assert defer_to_model([cand], [_m("organization", text, 0, "海运集团")]) == [cand]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("雅安灾区", False),  # a place and a common noun
        ("苏州中层", False),
        ("中信证券", True),  # a firm named by its line of business
        ("美国军方", True),  # a body noun
        ("GDP", False),  # a term
        ("MACD", False),
    ],
)
def test_recognizer_organizations_without_a_suffix(text: str, kept: bool) -> None:
    assert keep_model_mention(Mention("organization", 0, len(text), text, 0.6)) is kept


def test_a_term_acronym_is_no_person() -> None:
    assert not keep_model_mention(Mention("person", 0, 4, "MACD", 0.6))


@pytest.mark.parametrize("text", ["中国银行", "韩国三星集团", "浙江吉利控股集团"])
def test_a_place_and_a_name_is_an_organization(text: str) -> None:
    assert keep_mention(Mention("organization", 0, len(text), text, 0.8))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("国务院召集一行三会", False),  # a verb inside: a clause
        ("证监会部署", False),  # a verb that ends in a suffix character
        ("国家发展和改革委员会", True),  # verbal nouns are part of names
        ("中国建设银行", True),
    ],
)
def test_suffix_built_organizations_are_no_clauses(text: str, kept: bool) -> None:
    assert keep_mention(Mention("organization", 0, len(text), text, 0.8)) is kept


@pytest.mark.parametrize(
    ("name", "kept"),
    [("吴小姐", False), ("王女士", False), ("欧阳先生", False), ("郑阿姨", False), ("王女", True), ("张卫东", True),
     ("李先生文", True)],
)
def test_a_family_name_with_a_form_of_address_is_no_person(name: str, kept: bool) -> None:
    from zhnews.extract.entities import _keep_model

    assert _keep_model("person", name) is kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会上，天府软件园与华为技术有限公司签署战略合作协议。", {"天府软件园", "华为技术有限公司"}),
        ("星河科技园与北辰集团签约。", {"星河科技园", "北辰集团"}),
    ],
)
def test_parks_and_companies_around_a_coordinator(text: str, expected: set[str]) -> None:
    assert expected <= names(text, "organization")


def test_a_city_and_its_district_in_a_list_are_places() -> None:
    text = "会上，济南高新技术产业开发区、青岛市崂山区、潍坊市大数据中心等单位入选。"
    assert {"青岛市", "崂山区"} <= names(text, "place")
    assert "青岛市崂山区" not in names(text, "organization")


def test_a_zone_named_after_a_district_seats_no_place_and_a_new_area_is_a_place() -> None:
    assert "东湖" not in names("位于东湖新技术开发区的产业园揭牌。", "place")
    assert "和林格尔新区" in names("大会在和林格尔新区开幕。", "place")


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("大会由某省经济和信息化厅、安徽省委网信办、合肥市人民政府共同主办。", {"安徽省委网信办"}, {"安徽省委"}),
        ("陕西高校和科研院所密集，人才储备充足。", set(), {"陕西高校"}),  # a place and a kind of body
        ("对新建智算中心按实际投资额给予补助。", set(), {"新建智算中心"}),  # 新建 is a verb here, not 新建区
        ("远山集团党委书记李明出席。北辰集团与川渝通办平台签约。", {"北辰集团"}, {"川渝通办"}),
    ],
)
def test_organization_edges_in_context(text: str, present: set[str], absent: set[str]) -> None:
    found = names(text, "organization")
    assert present <= found and not (absent & found), found


def test_a_company_and_its_name_proper_are_one_entity() -> None:
    from zhnews.extract import default_recognizer
    from zhnews.extract.facts import extract_facts

    text = "近日，深圳北辰星云软件有限公司宣布完成融资。北辰星云创始人黄维表示，将加大研发。"
    orgs = [e for e in extract_facts(text, default_recognizer()).entities if e.type == "organization"]
    assert [(e.name, e.aliases) for e in orgs] == [("深圳北辰星云软件有限公司", ["北辰星云"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本轮融资由国投创业领投，深创投、中金资本跟投。", {"国投创业", "深创投", "中金资本"}),
        ("本轮融资由红杉中国领投，老股东高瓴资本和IDG资本跟投。", {"红杉中国", "高瓴资本", "IDG资本"}),
        ("公司完成B轮融资，多家机构参投。", set()),
    ],
)
def test_investors_of_a_round(text: str, expected: set[str]) -> None:
    assert names(text, "organization") == expected


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("近日，工信部公布名单，我省北辰汽车集团有限公司、远山光电技术有限公司等12家企业入选。", {"北辰汽车集团有限公司"},
         {"我省北辰汽车集团有限公司"}),
        ("由某省经济和信息化厅主办的2025湖北智能制造创新发展论坛在武汉举行。", set(), {"湖北智能"}),
    ],
)
def test_no_filler_or_meeting_name_heads_as_organizations(text: str, present: set[str], absent: set[str]) -> None:
    found = names(text, "organization")
    assert present <= found and not (absent & found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("南山区集聚了腾讯、大疆创新等一批龙头企业。", {"腾讯", "大疆创新"}),  # the verb before the first item goes
        ("展会吸引了华为、中兴、科大讯飞等头部科技企业参展。", {"华为", "中兴", "科大讯飞"}),
    ],
)
def test_company_lists_after_a_verb(text: str, expected: set[str]) -> None:
    assert expected <= names(text, "organization")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5月20日上午，中国移动与华为在上海签署5G-A战略合作协议。", {"中国移动", "华为"}),
        ("远山公司与南京大学就人才培养签署协议。", {"南京大学"}),
        ("雪山公司甲方与泰和友联公司乙方签订合同。", {"泰和友联公司"}),
        ("北辰市人民政府与6家企业集中签约。", {"北辰市人民政府"}),  # a counted party is no name
    ],
)
def test_the_other_party_of_a_signing_is_an_organization(text: str, expected: set[str]) -> None:
    assert expected <= names(text, "organization")
    assert not any(n.endswith(("乙方", "企业")) or "就" in n for n in names(text, "organization"))


def test_a_list_opening_with_a_name_that_holds_a_joiner() -> None:
    text = "近日，工业和信息化部、教育部、科学技术部等七部门联合印发《实施意见》。"
    assert {"工业和信息化部", "教育部", "科学技术部"} <= names(text, "organization")
    assert "信息化部" not in names(text, "organization")


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("阿里云与蚂蚁集团联合发布《可信AI白皮书》。", {"阿里云", "蚂蚁集团"}, set()),
        ("会上，协会与联盟共同发起倡议。", set(), {"协会", "联盟"}),  # bare head words
    ],
)
def test_both_bodies_of_a_joint_act(text: str, present: set[str], absent: set[str]) -> None:
    found = names(text, "organization")
    assert present <= found and not (absent & found), found
    assert "张三" not in names("张三与李四共同发起倡议。", "organization")


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("6月3日，青海数智（西宁）算力服务中心正式揭牌运营。", "青海数智（西宁）算力服务中心", {"青海"}),
        ("会上宣布启动建设北辰电子（绵阳）产业园。", "北辰电子（绵阳）产业园", set()),
    ],
)
def test_a_name_with_its_seat_in_brackets_is_one_organization(text: str, expected: str, absent: set[str]) -> None:
    assert expected in names(text, "organization")
    assert not (absent & names(text, "place"))


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # the first item starts where the recognized name that ends it starts
        ("该公司积极响应中央宣传部、中央文明办、文化部的号召。", {"中央宣传部", "中央文明办"}, {"积极响应中央宣传部"}),
        # 共 before a count closes the last item
        ("交通运输部、水利部、农业部、扶贫办共17个单位参加。", {"扶贫办"}, {"扶贫办共"}),
    ],
)
def test_list_items_start_and_end_at_names(text: str, present: set[str], absent: set[str]) -> None:
    found = names(text, "organization")
    assert present <= found and not (absent & found), found


def test_an_office_of_a_committee_is_the_organization() -> None:
    text = "宣传周由中共北方省委网络安全和信息化委员会办公室、北方省教育厅联合主办。"
    assert "中共北方省委网络安全和信息化委员会办公室" in names(text, "organization")


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # a standard department name holding 和, with its seat
        ("广西壮族自治区发展和改革委员会副主任覃立新表示，将加快发展。", {"广西壮族自治区发展和改革委员会"}, {"改革委员会"}),
        ("南宁市住房和城乡建设局局长王明出席。", {"南宁市住房和城乡建设局"}, {"城乡建设局"}),
        # a place and a dash open a name
        ("广西将依托中国—东盟信息港股份有限公司建设平台。", {"中国—东盟信息港股份有限公司"}, {"东盟信息港股份有限公司"}),
        # an office of a government, a branch in a named city
        ("《实施方案》由自治区人民政府办公厅印发。", {"自治区人民政府办公厅"}, {"自治区人民政府"}),
        ("中国移动通信集团福建有限公司福州分公司总经理林晓帆表示，将加快建设。", {"中国移动通信集团福建有限公司福州分公司"}, set()),
        # time words and verbs before a bracketed seat are no part of the name
        ("目前已引进数擎云联（南宁）科技有限公司等企业46家。", {"数擎云联（南宁）科技有限公司"}, set()),
        # a base station is equipment
        ("全区累计建成5G基站超过11万个。", set(), {"5G基站"}),
    ],
)
def test_organization_names_that_run_on_or_are_cut(text: str, present: set[str], absent: set[str]) -> None:
    found = names(text, "organization")
    assert present <= found and not (absent & found), found


def test_a_white_paper_is_no_person() -> None:
    assert "白皮书" not in names("白皮书首次对全区14个设区市的数字经济发展水平进行评估。", "person")


def test_a_defined_short_form_is_an_alias_and_what_refers_back_to_the_company() -> None:
    text = ("人工智能企业北辰星河智能科技有限公司（以下简称“星河智能”）近日迎来利好消息。"
            "星河智能总部位于海口。公司创始人、首席执行官符启航介绍，融资将用于研发。")
    facts = extract_facts(text, default_recognizer(), published="2025-11-06")
    org = next(e for e in facts.entities if e.name == "北辰星河智能科技有限公司")
    assert "星河智能" in org.aliases and not any(e.name == "星河智能" for e in facts.entities)
    assert {(r.title, r.organization) for r in facts.roles if r.person == "符启航"} == {
        ("创始人", "北辰星河智能科技有限公司"), ("首席执行官", "北辰星河智能科技有限公司")}


def test_investors_who_add_to_their_stake_and_investment_funds() -> None:
    text = "本轮融资由南海国创投资管理有限公司领投，鹏远资本、海口市创新创业投资基金跟投，老股东椰风资本继续追加投资。"
    assert {"南海国创投资管理有限公司", "鹏远资本", "海口市创新创业投资基金", "椰风资本"} <= names(text, "organization")


@pytest.mark.parametrize(
    ("text", "places", "orgs"),
    [
        ("7月16日，研究院揭牌仪式在沈阳市浑南区举行。", {"沈阳市", "浑南区"}, set()),  # not 南区 of 浑|南区
        ("8月18日上午，揭牌仪式在贵安新区举行。", {"贵安新区"}, set()),  # a new area is a place
        ("今年6月，产业园在南宁五象新区揭牌。", {"南宁", "五象新区"}, set()),
        ("郑东新区管委会主任出席。", {"郑东新区"}, {"郑东新区管委会"}),  # a body of one seats it
    ],
)
def test_districts_and_new_areas_are_places(text: str, places: set[str], orgs: set[str]) -> None:
    assert names(text, "place") == places
    assert orgs <= names(text, "organization")


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("仪式上，中心分别与贵州大学、贵阳大数据交易所签署合作协议。", {"贵阳大数据交易所"}, set()),
        ("截至7月底，北部湾大数据交易中心累计交易额突破45亿元。", {"北部湾大数据交易中心"}, set()),
        ("郑东新区管理委员会与河南翔宇通用航空有限公司签署低空智能网联示范区建设合作协议。", {"河南翔宇通用航空有限公司"},
         {"河南翔宇通用航空有限公司签署低空智能网"}),
        ("区长晏博涵与卢鸣代表双方签约。", set(), {"卢鸣代表双方"}),
    ],
)
def test_big_data_bodies_legal_names_and_signers(text: str, present: set[str], absent: set[str]) -> None:
    found = names(text, "organization")
    assert present <= found and not (absent & found), found


def test_a_heading_word_is_no_person_but_a_short_everyday_name_is() -> None:
    assert not (names("关键词二：算力。全市新增算力规模3000P。", "person") & {"关键词二", "关键词"})
    assert "马力" in names("（记者 王姝 马力）近日，峰会在京召开。", "person")


@pytest.mark.parametrize(
    "text",
    ["该项目达产后可年产卫星通信终端50万台、相控阵天线组件20万套。", "河南地处全国航空运输网络的中心位置。"],
)
def test_a_count_or_a_clause_the_recognizer_reads_as_a_body_is_none(text: str) -> None:
    assert names(text, "organization") == set()
