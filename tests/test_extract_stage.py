"""The Extract stage: fills the document, pickles, tolerates empty and odd input, groups entities."""

from __future__ import annotations

import pickle

from zhnews.document import Document, Mention
from zhnews.extract import Extract, default_recognizer
from zhnews.extract.entities import group_entities
from zhnews.extract.facts import extract_facts

# Five short fictional articles in the style of Chinese industry news, with the facts a reader
# would annotate under ../shared/eval/README.md.
ARTICLES = [
    {
        "published": "2024-11-20",
        "text": "11月15日，2024长江数字产业合作峰会在湖北武汉开幕。湖北省经济和信息化厅厅长李明远，武汉市委常委、"
        "副市长王海峰出席开幕式并致辞。峰会期间，华中数智科技有限公司与武汉光谷信息集团签署战略合作框架协议，"
        "双方计划投资12亿元共建算力中心。目前，武汉已集聚数字经济企业3200余家，2023年核心产业营收突破5000亿元，同比增长12.5%。",
        "persons": {"李明远", "王海峰"},
        "orgs": {"湖北省经济和信息化厅", "武汉市委", "华中数智科技有限公司", "武汉光谷信息集团"},
        "places": {"湖北", "武汉"},
        "event_types": {"meeting", "signing", "investment"},
        "figures": {(1.2e9, "CNY"), (3200, "家"), (5e11, "CNY"), (12.5, "percent")},
    },
    {
        "published": "2024-03-06",
        "text": "本报上海3月6日电（记者陈晓雯）3月5日，上海市经济和信息化委员会在沪发布《上海市促进工业软件高质量发展行动方案"
        "（2024—2026年）》。方案提出，到2026年全市工业软件产业规模达到1500亿元，培育10家以上龙头企业。"
        "中国科学院院士周振华表示，工业软件是制造业的大脑。",
        "persons": {"陈晓雯", "周振华"},
        "orgs": {"上海市经济和信息化委员会", "中国科学院"},
        "places": {"上海"},
        "event_types": {"release"},
        "figures": {(1.5e11, "CNY"), (10, "家")},
    },
    {
        "published": "2023-04-10",
        "text": "去年12月，长三角人工智能产业联盟在江苏苏州揭牌成立。联盟理事长、苏州大学校长张国华介绍，联盟首批成员单位达86家。",
        "persons": {"张国华"},
        "orgs": {"长三角人工智能产业联盟", "苏州大学"},
        "places": {"江苏", "苏州"},
        "event_types": {"founding"},
        "figures": {(86, "家")},
    },
    {
        "published": "2024-05-01",
        "text": "原华信集团副总裁刘建国出任大会主席。会上，星河新能源汽车股份有限公司宣布将在安徽合肥投资80亿元建设电池基地，"
        "项目预计新增就业岗位2000个。",
        "persons": {"刘建国"},
        "orgs": {"华信集团", "星河新能源汽车股份有限公司"},
        "places": {"安徽", "合肥"},
        "event_types": {"investment"},
        "figures": {(8e9, "CNY"), (2000, "个")},
    },
    {
        "published": None,
        "text": "近日，国家数据局在北京召开数据要素市场化配置改革座谈会。国家数据局局长孙伟民主持会议。"
        "会议透露，全国已建成数据交易机构二十余家，数据产业规模超过两万亿元。",
        "persons": {"孙伟民"},
        "orgs": {"国家数据局"},
        "places": {"北京"},
        "event_types": {"meeting"},
        "figures": {(20, "家"), (2e12, "CNY")},
    },
    {
        "published": "2023-09-20",
        "text": "9月19日，星海半导体有限公司与南江市人民政府签订投资协议，项目总投资150亿元，建设12英寸晶圆生产线。"
        "星海半导体董事长方志远表示，项目预计2025年投产，达产后年产值约200亿元，带动就业3000人。南江市委书记林海、市长赵明出席签约仪式。",
        "persons": {"方志远", "林海", "赵明"},
        "orgs": {"星海半导体有限公司", "南江市人民政府", "南江市委"},
        "places": {"南江"},
        "event_types": {"signing", "investment"},
        "figures": {(1.5e10, "CNY"), (2e10, "CNY"), (3000, "人")},
    },
    {
        "published": "2021-04-02",
        "text": "3月31日，广东省工业和信息化厅公布2021年广东省工业互联网标杆示范项目名单，共有86个项目入选。其中，美的集团、格力电器等企业项目入选。",
        "persons": set(),
        "orgs": {"广东省工业和信息化厅", "美的集团", "格力电器"},
        "places": {"广东"},
        "event_types": {"award"},
        "figures": {(86, "个")},
    },
]


def _short(place: str) -> str:
    return place[:-1] if len(place) > 2 and place[-1] in "省市区县" else place


def test_fictional_articles() -> None:
    for art in ARTICLES:
        facts = extract_facts(art["text"], default_recognizer(), published=art["published"])
        names = {t: {e.name for e in facts.entities if e.type == t} for t in ("person", "organization", "place")}
        assert names["person"] == art["persons"], art["text"][:20]
        assert names["organization"] == art["orgs"], art["text"][:20]
        assert {_short(p) for p in names["place"]} == art["places"], art["text"][:20]
        assert {e.type for e in facts.events} == art["event_types"], art["text"][:20]
        assert {(f.value, f.unit) for f in facts.figures} == art["figures"], art["text"][:20]


def test_stage_fills_document_and_pickles() -> None:
    stage = Extract()
    doc = Document(source="a.txt", text=ARTICLES[0]["text"], published=ARTICLES[0]["published"])
    stage(doc)
    assert doc.entities and doc.roles and doc.events and doc.figures
    clone = pickle.loads(pickle.dumps(stage))
    doc2 = clone(Document(source="b.txt", text=ARTICLES[0]["text"], published=ARTICLES[0]["published"]))
    assert [e.name for e in doc2.entities] == [e.name for e in doc.entities]
    record = doc.to_record()
    assert {"entities", "roles", "events", "figures"} <= set(record)


def test_odd_input_is_data() -> None:
    stage = Extract()
    for text in ("", "   ", "?" * 50, "、" * 300, "1234567890" * 100, "《" * 80 + "》", "在京" * 200, "张" * 5000):
        doc = stage(Document(source="odd.txt", text=text))
        for e in doc.entities:
            assert all(0 <= s.start < s.end <= len(text) for s in e.spans)


def test_grouping_fullest_form_and_aliases() -> None:
    text = "工业和信息化部表示，工信部将推进。国务院国资委指出，国资委将支持。泸州市和泸州。茍坪、苟坪。"
    ms = []
    for name, etype in [("工业和信息化部", "organization"), ("工信部", "organization"), ("国务院国资委", "organization"),
                        ("国资委", "organization"), ("泸州市", "place"), ("泸州", "place"), ("茍坪", "person"), ("苟坪", "person")]:
        start = text.index(name)
        ms.append(Mention(etype, start, start + len(name), name))
    groups = {(e.type, e.name): set(e.aliases) for e in group_entities(ms)}
    assert groups[("organization", "工业和信息化部")] == {"工信部"}
    assert groups[("organization", "国务院国资委")] == {"国资委"}
    assert groups[("place", "泸州市")] == {"泸州"}
    assert len([k for k in groups if k[0] == "person"]) == 1
