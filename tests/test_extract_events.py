"""Event typing, dates, places, names and participants on fictional news in the style of the seeds."""

from __future__ import annotations

import pytest

from zhnews.extract import default_recognizer
from zhnews.extract.entities import place_key
from zhnews.extract.facts import extract_facts


def events(text: str, published: str | None = None) -> list[tuple[str, str | None, str | None, str | None]]:
    """(type, date, place, name); a place compared without its administrative suffix (上海 = 上海市)."""
    facts = extract_facts(text, default_recognizer(), published=published)
    return [(e.type, e.date, place_key(e.place) if e.place else None, e.name) for e in facts.events]


CASES = [
    # a day between the meeting's name and its verb; the dateline is no part of the name
    ("新华社成都5月20日电（记者李明）2025北辰数字经济发展大会20日开幕。", None,
     [("meeting", "2025-05-20", None, "2025北辰数字经济发展大会")]),
    # a published list or ranking is a designation, not a release
    ("10月15日，某省软件行业协会发布2025年度软件企业百强榜单。", "2025-10-16", [("award", "2025-10-15", None, "2025年度软件企业百强榜单")]),
    # 当天 refers to the day named before it in the same sentence
    ("记者21日从推介会上获悉，北辰市人民政府当天与远山集团签署合作协议。", "2025-04-22",
     [("signing", "2025-04-21", None, "合作协议")]),
    # 成立于 + a year is a body's background, no founding reported
    ("据了解，北辰星云成立于2016年，总部位于深圳市南山区。", "2025-11-21", []),
    # 会上 returns to the meeting the story opened with, past a dated background sentence
    ("5月20日，北辰数据产业联盟在西安成立。厅19日印发《数据产业培育方案》。会上，联盟与北辰银行签署战略合作协议。", "2025-05-21",
     [("founding", "2025-05-20", "西安", "北辰数据产业联盟"), ("release", "2025-05-19", None, "数据产业培育方案"),
      ("signing", "2025-05-20", "西安", "战略合作协议")]),
    # a figure's year (去年) and a plan's target year do not move the story off its day
    ("3月27日，全市数字经济推进会召开。会议指出，去年全市数字经济增加值达到1.2万亿元。到2027年，规模力争翻番。"
     "会议还为首批20个数字化车间授牌。", "2025-03-28",
     [("meeting", "2025-03-27", None, "全市数字经济推进会"), ("award", "2025-03-27", None, None)]),
    # a meeting reported by who attended it, with no verb of holding it
    ("10月12日，某省经济和信息化厅副厅长赵建国出席2025数字经济发展大会并致辞。", "2025-10-13",
     [("meeting", "2025-10-12", None, "2025数字经济发展大会")]),
    ("10月12日，赵建国在第三届长江算力产业峰会上表示，要加快发展。", "2025-10-13",
     [("meeting", "2025-10-12", None, "第三届长江算力产业峰会")]),
    # an unnamed meeting attended is no event of its own
    ("赵建国出席会议并讲话。", "2025-10-13", []),
    # meeting: quoted name, place after 在 (most specific of 湖北武汉)
    ("11月15日，“2024长江数字产业合作峰会”在湖北武汉开幕。", "2024-11-20",
     [("meeting", "2024-11-15", "武汉", "2024长江数字产业合作峰会")]),
    # one-character abbreviation as place; year unknown stays unknown
    ("9月3日，星河科技年度合作伙伴大会在京召开。", None, [("meeting", "XXXX-09-03", "北京", "星河科技年度合作伙伴大会")]),
    # meeting held at an earlier-named event: 在…举行的…发布会上
    ("在6月2日举行的国务院新闻办公室新闻发布会上，有关负责人介绍了情况。", None,
     [("meeting", "XXXX-06-02", None, "国务院新闻办公室新闻发布会")]),
    # signing with its agreement name; parties before the verb
    ("4月8日，远山集团与北辰大学在杭州签署战略合作协议。", "2024-04-09", [("signing", "2024-04-08", "杭州", "战略合作协议")]),
    # release of a named plan
    ("3月5日，上海市经济和信息化委员会在沪发布《工业软件高质量发展行动方案》。", "2024-03-06",
     [("release", "2024-03-05", "上海", "工业软件高质量发展行动方案")]),
    # founding; 去年 resolved against the document date
    ("去年12月，长三角人工智能产业联盟在江苏苏州揭牌成立。", "2023-04-10",
     [("founding", "2022-12", "苏州", "长三角人工智能产业联盟")]),
    # award: a designation
    ("今年2月，苏州工业园区入选国家级人工智能创新应用先导区。", "2023-04-10",
     [("award", "2023-02", None, "国家级人工智能创新应用先导区")]),
    # founding of a body the recognizer does not know, at a place given by abbreviation
    ("国家新一代人工智能公共算力开放创新平台近日在京揭牌。", "2024-01-09",
     [("founding", "2024-01", "北京", "国家新一代人工智能公共算力开放创新平台")]),
    ("今天上午，长江数据交易中心在武汉正式挂牌运营。", "2022-12-01", [("founding", "2022-12-01", "武汉", "长江数据交易中心")]),
    # a published list of designations is an award
    ("3月31日，广东省工业和信息化厅公布2021年广东省工业互联网标杆示范项目名单。", "2021-04-02",
     [("award", "2021-03-31", None, "2021年广东省工业互联网标杆示范项目名单")]),
    # the year in a report's name is its subject, not the release date; the country is no event place
    ("6月11日，第五届中国工业互联网大会在辽宁沈阳召开。会上发布了《工业互联网产业经济发展报告（2024年）》。", None,
     [("meeting", "XXXX-06-11", "沈阳", "第五届中国工业互联网大会"), ("release", "XXXX-06-11", "沈阳", "工业互联网产业经济发展报告（2024年）")]),
    # a financing round is money committed
    ("8月19日，深圳云启智能科技有限公司宣布完成5亿元B轮融资。", "2024-08-20", [("investment", "2024-08-19", None, None)]),
    # a product launched under a quoted name
    ("4月15日，华辰科技在杭州正式发布新一代AI服务器“星辰X9”。", "2024-04-16", [("release", "2024-04-15", "杭州", "新一代AI服务器")]),
    # the organizer clause is not part of a meeting's name
    ("12月18日，由中国通信学会主办的2021中国信息通信大会在线上召开。", "2021-12-20",
     [("meeting", "2021-12-18", None, "2021中国信息通信大会")]),
    # investment needs an amount; what is built with it names the investment
    ("星河新能源汽车股份有限公司宣布将在安徽合肥投资80亿元建设电池基地。", "2024-05-01", [("investment", None, "合肥", "电池基地")]),
    # aspirations and money without investment are not events
    ("力争建设成为国家示范区，签约金额近80亿元。", "2024-05-01", []),
]


# Clause words at the edges of event names (written for these tests, not taken from any article).
NAME_CASES = [
    # 以“…”为主题的 is a clause before the name
    ("6月3日，以“共建智能制造新生态”为主题的2024东湖工业软件大会在武汉开幕。", "2024-06-04",
     [("meeting", "2024-06-03", "武汉", "2024东湖工业软件大会")]),
    # 为期两天的 likewise
    ("9月12日，为期两天的第三届江城数据要素论坛在武汉召开。", "2024-09-13",
     [("meeting", "2024-09-12", "武汉", "第三届江城数据要素论坛")]),
    # a count of sub-sessions is no meeting of its own
    ("10月9日，“2024智能网联汽车大会”在长沙开幕。大会期间举办了8场专题论坛。", "2024-10-10",
     [("meeting", "2024-10-09", "长沙", "2024智能网联汽车大会")]),
    # the person and 在 before a ceremony are not the ceremony's name
    ("5月6日，远山集团董事长秦一鸣在签约仪式上致辞。", "2024-05-07", [("signing", "2024-05-06", None, "签约仪式")]),
    # a bare category (企业) names no award
    ("3月2日，华辰科技入选企业。", "2024-03-03", [("award", "2024-03-02", None, None)]),
    # investment: the project after the amount
    ("7月1日，总投资12亿元的智能传感器产业园项目落户无锡。", "2024-07-02",
     [("investment", "2024-07-01", "无锡", "智能传感器产业园项目")]),
    # a bare 项目 refers to the project named in the sentence before, which also gives the place
    ("8月8日，远山集团新能源装备基地项目在安徽芜湖开工。项目总投资30亿元。", "2024-08-09",
     [("investment", "2024-08-08", "芜湖", "新能源装备基地项目")]),
    ("3月1日，华辰科技将投资20亿元建设华辰算力中心。华辰算力中心一期投资8亿元，计划于2025年6月建成。", "2024-03-02",
     # the plan's completion date (another clause) dates no investment: one project, one investment
     [("investment", "2024-03-01", None, "华辰算力中心")]),
]


@pytest.mark.parametrize(("text", "published", "expected"), NAME_CASES)
def test_event_name_edges(text: str, published: str | None, expected: list) -> None:
    got = events(text, published)
    assert [e for e in got if e[0] in {x[0] for x in expected}] == expected


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_event(text: str, published: str | None, expected: list) -> None:
    assert events(text, published) == expected


def test_one_event_per_happening() -> None:
    text = ("10月9日，远山集团合作伙伴大会在京举办。远山集团总经理唐明发布数字化行动计划。"
            "会上，唐明发布数字化行动计划，并介绍了进展。联盟成立后开展了多项活动。")
    got = events(text)
    assert [t for t, *_ in got].count("release") == 1
    assert ("release", "XXXX-10-09", "北京", "数字化行动计划") in got


def test_sub_activities_of_a_meeting_are_not_new_meetings() -> None:
    text = "10月30日，“2022数字产业大会”在成都开幕。大会还举行了主旨演讲、圆桌论坛等活动。"
    assert [e[0] for e in events(text)] == ["meeting"]


def test_context_date_and_place_carry_to_events_during_a_meeting() -> None:
    text = ("2023年5月10日，2023东方数据安全论坛在上海开幕。赵立新出席论坛并致辞。"
            "在本次论坛上，国家数据局正式对东方数据产业园授牌。")
    got = events(text)
    assert got[0][:3] == ("meeting", "2023-05-10", "上海")
    assert ("award", "2023-05-10", "上海", "东方数据产业园授牌") in got


def test_photo_captions_do_not_move_the_narrative_date() -> None:
    text = ("在11月2日举行的国务院新闻办公室新闻发布会上，有关负责人介绍了情况。\n"
            "9月14日，参观者在科技馆参观。新华社记者冯立摄\n"
            "当天会上还透露，“东方互联网论坛”将于11月23日在浙江乌镇举行。")
    got = events(text)
    assert ("meeting", "XXXX-11-23", "乌镇", "东方互联网论坛") in got
    assert all(date != "XXXX-09-14" for _, date, _, _ in got)


def test_organizers_without_you() -> None:
    text = "日前，2023全球数字经济大会在北京开幕，国家发展改革委、工业和信息化部、北京市人民政府共同主办。"
    facts = extract_facts(text, default_recognizer(), published="2023-07-15")
    (meeting,) = facts.events
    assert meeting.date == "2023-07"
    assert {"国家发展改革委", "工业和信息化部", "北京市人民政府"} <= set(meeting.participants)


def test_main_meeting_participants_are_speakers_and_organizers() -> None:
    text = ("2023年2月23日，2023年东方网络安全高峰论坛在四川成都召开。本次论坛由工业和信息化部、四川省人民政府主办。"
            "工业和信息化部副部长张明远出席论坛并致辞。四川省经济和信息化厅厅长翟立表示，要加快发展。")
    facts = extract_facts(text, default_recognizer())
    meeting = facts.events[0]
    assert meeting.type == "meeting" and meeting.place == "成都"
    assert set(meeting.participants) >= {"张明远", "翟立", "工业和信息化部", "四川省人民政府"}


def test_signing_parties_listed_after_it_and_a_bare_head_word_party() -> None:
    text = ("推介会上，北辰市人民政府与3家企业集中签约，签约项目总投资86亿元。此次签约的3家企业分别是北京智算云图科技有限公司、"
            "上海曜石算力科技有限公司和苏州衡远信息技术有限公司。")
    facts = extract_facts(text, default_recognizer(), published="2025-04-22")
    signing = next(e for e in facts.events if e.type == "signing")
    assert signing.participants == ["北辰市人民政府", "北京智算云图科技有限公司", "上海曜石算力科技有限公司", "苏州衡远信息技术有限公司"]
    text = "北辰数据安全产业联盟5日成立。会上，联盟与中国工商银行陕西省分行签署战略合作协议。"
    signing = next(e for e in extract_facts(text, default_recognizer(), published="2025-03-06").events if e.type == "signing")
    assert signing.participants[0] == "北辰数据安全产业联盟"


def test_every_organizer_of_a_meeting_is_a_participant() -> None:
    text = "10月14日，由湖南省经济和信息化厅主办、北辰理工大学承办的2025智能制造创新发展论坛在武汉举行。"
    meeting = next(e for e in extract_facts(text, default_recognizer(), published="2025-10-15").events if e.type == "meeting")
    assert {"湖南省经济和信息化厅", "北辰理工大学"} <= set(meeting.participants)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 次日 and 会前一天 count days from the date in force
        ("5月20日，北辰数字经济大会在西安开幕。次日，北辰集团与远山大学签署战略合作协议。",
         ("signing", "2025-05-21", "战略合作协议")),
        ("5月20日，北辰数字经济大会在西安开幕。会前一天，北辰市人民政府与远山集团签署合作协议。",
         ("signing", "2025-05-19", "合作协议")),
        # a bare 签约 before what was signed up to is a signing
        ("6月3日，青川软件园举行集中签约活动，32家企业签约入驻。", ("signing", "2025-06-03", None)),
    ],
)
def test_signings_dated_from_the_day_in_force_and_bare_signings(text: str, expected: tuple) -> None:
    got = [(e.type, e.date, e.name) for e in extract_facts(text, default_recognizer(), published="2025-05-22").events]
    assert expected in got, got


def test_a_state_reported_is_no_signing_and_a_founder_is_not_what_is_founded() -> None:
    assert events("目前，园区已有43家企业签约入驻。", "2025-06-04") == []
    founded = [name for kind, _, _, name in events("该中心由星河信息集团牵头组建，于6月3日在成都揭牌。", "2025-06-04") if kind == "founding"]
    assert "星河信息集团" not in founded


def test_two_agreements_of_one_paragraph_with_parties_of_their_own_are_two_signings() -> None:
    text = "6月3日，远山集团与北辰大学签署战略合作协议；远山集团还与青川银行签订金融服务协议。"
    got = extract_facts(text, default_recognizer(), published="2025-06-04").events
    assert [(e.name, e.participants) for e in got if e.type == "signing"] == [
        ("战略合作协议", ["远山集团", "北辰大学"]), ("金融服务协议", ["远山集团", "青川银行"])]
    # one ceremony retold in the same paragraph stays one signing
    text = "6月3日，远山集团与北辰大学签署战略合作协议。根据协议，双方将共建实验室。"
    assert [e.type for e in extract_facts(text, default_recognizer(), published="2025-06-04").events].count("signing") == 1


def test_a_week_of_events_its_forums_each_in_their_own_city() -> None:
    text = ("新华社哈尔滨9月15日电（记者 于海岩、滕子琪）北方省网络安全宣传周15日在哈尔滨开幕，活动将持续至21日。"
            "北方省委常委、宣传部部长贺连章出席开幕式并宣布宣传周开幕。开幕式上还为10家单位授予“网络安全教育基地”牌匾。"
            "宣传周期间，主办方还将举办分论坛：16日在哈尔滨举办数据安全分论坛，17日在大庆举办工业互联网安全分论坛。")
    got = events(text)
    assert ("meeting", "XXXX-09-15", "哈尔滨", "北方省网络安全宣传周") in got
    assert ("meeting", "XXXX-09-17", "大庆", "工业互联网安全分论坛") in got
    assert ("meeting", "XXXX-09-16", "哈尔滨", "数据安全分论坛") in got
    assert [e for e in got if e[0] == "award"][0][1] == "XXXX-09-15"  # 持续至21日 is no date in force
    assert len([e for e in got if e[0] == "meeting"]) == 3  # 出席开幕式并宣布宣传周开幕 reports no other meeting



def test_a_flashback_day_does_not_move_the_story_and_dates_belong_to_their_clause() -> None:
    text = ("11月3日，星河智能宣布完成3亿元B轮融资。就在宣布融资的前一天，星河智能（三亚）科技有限公司在三亚注册成立。"
            "融资消息公布次日，星河智能与北辰新区管理局签署投资协议。项目总投资15亿元，计划2026年底前建成投用。")
    got = {(t, d) for t, d, _, _ in events(text, "2025-11-06")}
    assert {("founding", "2025-11-02"), ("signing", "2025-11-04")} <= got
    assert not any(d == "2026" for _, d in got)  # a plan's year in another clause dates nothing
    text = "本报南宁8月12日讯 12日，自治区新闻办举行新闻发布会，介绍近日印发的《数据改革实施方案》有关情况，并现场发布《数字经济白皮书》。"
    assert ("release", "2025-08-12", None, "数字经济白皮书") in events(text, "2025-08-13")


def test_the_life_of_a_body_since_its_founding_is_no_founding() -> None:
    assert [e for e in events("这是星河智能成立以来规模最大的一轮融资。", "2025-11-06") if e[0] == "founding"] == []


def test_the_story_stays_at_its_venue_for_the_day() -> None:
    text = ("8月18日上午，黔云智算中心揭牌仪式在贵安新区举行。仪式上，黔云智算中心与贵州大学签署算力服务合作协议。"
            "8月20日，黔云智算中心与北辰银行签署金融服务协议。")
    got = {(t, d, p) for t, d, p, _ in events(text, "2025-08-21")}
    assert ("signing", "2025-08-18", place_key("贵安新区")) in got
    assert ("signing", "2025-08-20", None) in got  # another day: no place carried


def test_participants_of_organizer_lines_awards_signers_unveilers_and_investors() -> None:
    text = ("11月6日上午，2025中原低空经济发展峰会在郑东新区开幕。\n主办单位：河南省发展和改革委员会、郑州市人民政府\n"
            "承办单位：河南省低空经济产业联盟\n峰会上，河南省发展和改革委员会为首批10家“河南省低空经济示范企业”颁发证书。"
            "开幕式后举行了重点项目签约仪式。其中，郑州市人民政府与深圳翼途智航科技有限公司签署战略合作协议；"
            "郑东新区管理委员会与河南翔宇通用航空有限公司签署建设合作协议。")
    got = extract_facts(text, default_recognizer(), published="2025-11-07").events
    meeting = next(e for e in got if e.type == "meeting")
    assert {"河南省发展和改革委员会", "郑州市人民政府", "河南省低空经济产业联盟"} <= set(meeting.participants)
    assert any(e.type == "award" and e.name == "河南省低空经济示范企业" for e in got)
    signings = [e for e in got if e.type == "signing"]
    assert len(signings) == 1  # 其中: the agreements of one ceremony
    assert {"郑州市人民政府", "深圳翼途智航科技有限公司", "郑东新区管理委员会"} <= set(signings[0].participants)

    text = ("9月11日，绵阳市人民政府与北京星衡空天科技有限公司、四川涪江卫星通信有限公司战略合作框架协议签约仪式在绵阳举行。"
            "绵阳市人民政府市长岑立泓、北京星衡空天科技有限公司董事长邓楚然分别代表三方签约。")
    signing = next(e for e in extract_facts(text, default_recognizer(), published="2025-09-12").events if e.type == "signing")
    assert {"四川涪江卫星通信有限公司", "岑立泓", "邓楚然"} <= set(signing.participants)

    text = ("8月18日，马骁、罗启贤共同为黔云智算中心揭牌。贵州智能算力产业联盟当天成立。联盟由贵州云端智算科技有限公司牵头发起。"
            "11月3日，星河智能宣布完成3亿元B轮融资。本轮融资由南海国创投资管理有限公司领投，鹏远资本跟投。")
    got = extract_facts(text, default_recognizer(), published="2025-11-06").events
    founding = next(e for e in got if e.type == "founding" and "黔云" in (e.name or ""))
    assert {"马骁", "罗启贤"} <= set(founding.participants)
    investment = next(e for e in got if e.type == "investment")
    assert {"南海国创投资管理有限公司", "鹏远资本"} <= set(investment.participants)


def test_what_is_unveiled_after_为_and_a_retold_investment_keeps_its_investors() -> None:
    text = ("本周一，新疆算力调度服务中心在乌鲁木齐市新市区揭牌运营。邢远舟、祁文澜共同为中心揭牌。\n"
            "【前天】克拉玛依智算中心二期获增资12亿元\n"
            "前天，克拉玛依市云计算产业发展集团有限公司宣布向新疆天垣智算科技有限公司增资12亿元，用于克拉玛依智算中心二期建设。")
    got = extract_facts(text, default_recognizer(), published="2025-12-12").events
    (founding,) = [e for e in got if e.type == "founding"]
    assert founding.name == "新疆算力调度服务中心" and founding.date == "2025-12-08"
    assert place_key(founding.place) == place_key("新市区") and {"邢远舟", "祁文澜"} <= set(founding.participants)
    (investment,) = [e for e in got if e.type == "investment"]
    assert {"克拉玛依市云计算产业发展集团有限公司", "新疆天垣智算科技有限公司"} <= set(investment.participants)
    assert place_key(investment.place) == "克拉玛依"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("11月6日上午，2025中原低空经济发展峰会在郑东新区郑州国际会展中心开幕。", "郑东新区"),  # the most specific
        ("本周一，新疆算力调度服务中心在乌鲁木齐市新市区揭牌运营。", "新市区"),
        ("第三届数字经济合作论坛8月27日在昆明滇池国际会展中心举行。", "昆明"),  # the city a venue is named after
        ("9月11日，卫星互联网终端制造基地项目总投资36亿元，选址涪城区。", "涪城区"),  # where a project is sited
    ],
)
def test_the_place_of_an_event(text: str, place: str) -> None:
    got = events(text, "2025-12-12")
    assert got and place_key(got[0][2] or "") == place_key(place), got


def test_where_a_project_will_be_is_not_where_it_was_signed() -> None:
    text = "11月4日，星河智能与北辰新区管理局签署投资协议，将在江东新区建设大模型创新基地。"
    assert [p for t, _, p, _ in events(text, "2025-11-06") if t == "signing"] == [None]


def test_headings_retellings_hosts_and_the_people_of_another_day() -> None:
    # a subheading announces the release the paragraph reports: one release
    text = "【昨日】自治区出台算力行动方案\n昨日，自治区数据局印发《北方自治区算力基础设施高质量发展行动方案》。"
    assert [e[0] for e in events(text, "2025-12-12")].count("release") == 1
    # the same parties' signing told twice on one day is one signing; the host of a press conference takes part
    text = ("中新网佛山11月7日电（记者 谭嘉禾）大湾区低空经济座谈会6日在珠海召开。广东省发展和改革委员会副主任李明出席。"
            "7日，佛山市人民政府与广州云鹞航空科技有限公司在佛山市顺德区签署低空经济战略合作协议。\n"
            "7日上午，佛山市人民政府与广州云鹞航空科技有限公司的战略合作协议签约仪式在顺德区举行，佛山市副市长谢君睿出席。")
    got = extract_facts(text, default_recognizer()).events
    assert [e.type for e in got].count("signing") == 1
    meeting = next(e for e in got if e.type == "meeting")
    assert "李明" in meeting.participants and "谢君睿" not in meeting.participants  # he was at the next day's signing
    text = "12日，自治区人民政府新闻办公室举行新闻发布会，介绍有关情况。"
    assert extract_facts(text, default_recognizer(), published="2025-08-13").events[0].participants == ["自治区人民政府新闻办公室"]


def test_a_quoted_body_unveiled_signers_of_the_day_and_no_dateline_party() -> None:
    text = ("新华社太原11月18日电（记者 宋一帆）11月18日，北辰理工大学与山西云岫数智科技有限公司战略合作签约仪式暨"
            "“信创与数据安全联合实验室”揭牌仪式在太原举行。\n"
            "北辰理工大学校长祁明远、山西云岫数智科技有限公司董事长裴定远代表双方签署战略合作协议，"
            "随后共同为“北辰理工大学—云岫数智信创与数据安全联合实验室”揭牌。")
    facts = extract_facts(text, default_recognizer())
    lab = next(e for e in facts.entities if e.type == "organization" and e.name.endswith("信创与数据安全联合实验室"))
    assert "信创与数据安全联合实验室" in {lab.name, *lab.aliases}
    signings = [e for e in facts.events if e.type == "signing"]
    assert len(signings) == 1 and {"祁明远", "裴定远"} <= set(signings[0].participants)
    assert "新华社" not in signings[0].participants  # the agency of the dateline reports, it takes no part
    founded = [e for e in facts.events if e.type == "founding"]
    assert all(e.name and e.name.endswith("信创与数据安全联合实验室") for e in founded), founded
    assert any({"祁明远", "裴定远"} <= set(e.participants) for e in founded)


def test_spending_told_as_a_figure_is_no_investment() -> None:
    text = "苏墨言介绍，公司累计研发投入超过12亿元。今年6月，玄穹智算完成8亿元C轮融资，由湾畔资本领投。"
    assert [(t, d) for t, d, _, _ in events(text, "2025-09-18")] == [("investment", "2025-06")]


def test_a_ceremony_word_before_the_verb_that_signs_is_no_agreement_name() -> None:
    text = "同日，涪城区人民政府与四川涪江卫星通信有限公司在签约仪式现场签署卫星互联网终端制造基地项目投资协议。"
    assert [n for t, _, _, n in events(text, "2025-09-12") if t == "signing"] == ["卫星互联网终端制造基地项目投资协议"]


def test_some_recent_day_platforms_put_online_and_prize_giving() -> None:
    text = "新华社北京12月9日电（记者 郁晓川）记者9日从工业和信息化部获悉，工业和信息化部等八部门近日联合印发《推动工业互联网平台智能化升级实施方案》。"
    assert [(t, d) for t, d, _, _ in events(text)] == [("release", None)]  # 近日 of a story with no date: unknown
    text = "16日，青海省算力调度服务平台上线暨绿色算力项目集中签约活动在西宁举行。"
    assert ("release", "2025-09-16") in [(t, d) for t, d, _, _ in events(text, "2025-09-17")]
    text = "10月27日，市委网信办为一等奖获奖队伍颁奖。"
    assert ("award", "2025-10-27") in [(t, d) for t, d, _, _ in events(text, "2025-10-28")]


def test_an_unnamed_signing_told_again_with_its_agreement_and_prize_givers() -> None:
    text = ("16日，平台上线暨项目集中签约活动在西宁举行。西宁市人民政府副市长桑吉卓玛代表市政府与三家企业签约。\n"
            "平台首批接入全省12个数据中心。\n"
            "活动现场，西宁市人民政府分别与北京智衡算力科技有限公司、青海祁连云数据服务有限公司签署投资合作协议。")
    got = extract_facts(text, default_recognizer(), published="2025-09-17").events
    (signing,) = [e for e in got if e.type == "signing"]
    assert {"西宁市人民政府", "北京智衡算力科技有限公司", "青海祁连云数据服务有限公司"} <= set(signing.participants)
    assert not any("副市长" in p for p in signing.participants)
    text = "一等奖，温州大学“瓯江守望者”战队；二等奖，温州银行股份有限公司。蒋柏舟、季宛平为获奖战队和单位颁奖。"
    award = next(e for e in extract_facts(text, default_recognizer(), published="2025-10-28").events if e.type == "award")
    assert {"温州大学", "温州银行股份有限公司"} <= set(award.participants)


def test_the_founder_of_an_alliance_and_a_founding_meeting_of_another_body() -> None:
    text = ("浦江开源软件产业联盟成立大会11月5日在上海浦东新区举行。联盟由上海张江云枢软件有限公司牵头，联合复旦大学等31家单位共同发起。"
            "上海市经济和信息化委员会副主任骆清源出席成立大会并致辞。")
    got = extract_facts(text, default_recognizer(), published="2025-11-06").events
    foundings = [e for e in got if e.type == "founding"]
    assert [e.name for e in foundings] == ["浦江开源软件产业联盟"]  # not the office whose deputy attended
    assert "上海张江云枢软件有限公司" in foundings[0].participants
    text = "12月3日下午，嘉兴市数据局在南湖区召开《办法》政策解读会。"
    assert [n for t, _, _, n in events(text, "2025-12-04") if t == "meeting"] == ["《办法》政策解读会"]
