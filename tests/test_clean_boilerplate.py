"""Boilerplate decisions: line rules, sentence rules (headline chains, footers), position rules, repeats."""

from __future__ import annotations

import pytest

from zhnews.clean import Clean
from zhnews.clean import boilerplate as bp
from zhnews.clean.cleaner import clean_paragraphs, drop_repeats
from zhnews.clean.text import normalize_text, sentences
from zhnews.document import Document

PARA1 = "3月5日，某市举行数字经济项目集中签约仪式，共有二十个项目现场签约，总投资约一百亿元。"
PARA2 = "市政府有关负责人表示，将持续优化营商环境，为企业提供全方位服务，推动项目早日建成投产。"
PARA3 = "据介绍，本次签约项目涵盖人工智能、集成电路、工业互联网等领域，预计带动就业五千余人。"
# Invented headlines (not from any seed) glued together the way portal pages print "related news".
CHAIN = (
    "某地新能源汽车销量创新高第五届智慧城市博览会开幕2024年数字乡村建设推进会召开"
    "全国首个算力交易平台上线运行某省发布制造业数字化转型行动方案中小企业服务月启动"
)


@pytest.mark.parametrize(
    ("line", "junk"),
    [
        ("预览时标签不可点", True),
        ("微信扫一扫", True),
        ("，轻点两下取消赞", True),
        ("分享到：", True),
        ("责任编辑：王某", True),
        ("最新评论(评论仅代表用户观点)", True),
        ("暂无评论", True),
        ("THEEND", True),
        ("- END -", True),
        ("首页 | 新闻 | 财经 | 科技 | 体育", True),
        ("| 指标 | 2022年 | 2023年 |", False),  # a table row with figures is content
        ("当前位置：首页 > 新闻 > 正文", True),
        ("，", True),
        ("12", True),
        ("某省出台支持政策 2015/07/03", True),
        ("×", True),
        (PARA1, False),
        ("签约仪式", False),  # a subheading is content
        ("2023年2月23日至24日，论坛在成都召开。", False),
    ],
)
def test_is_junk_line(line: str, junk: bool) -> None:
    assert bp.is_junk_line(line) is junk


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        (CHAIN + "。", "headline_chain"),
        ("某网是经批准设立的新闻网站，未经本网授权不得转载、摘编。", "copyright"),
        ("电话：010-12345678传真：010-87654321邮箱：news@example.com", "contact"),
        ("本网通过多个语种对外发布信息，是重要的传播窗口。", "site_notice"),
        ("Copyright 2024 Example Inc.", "copyright"),
        (PARA1, None),
        ("“2022网信产业融合发展大会暨西部网信产业先行先试赋能会”在川南重镇开幕。", None),
        ("本网讯（记者 张某）昨天，某市召开会议。", None),
        ("依据《关于进一步加强中小企业数字化转型公共服务平台建设工作的指导意见》执行。", None),
    ],
)
def test_junk_sentence_reason(sentence: str, reason: str | None) -> None:
    assert bp.junk_sentence_reason(sentence) == reason


def test_headline_chain_glued_to_last_sentence_is_cut_with_following_footer() -> None:
    paragraph = PARA3 + " " + CHAIN + "某网是某单位主管的新闻网站，每天发布信息。本网通过十个语种发布信息。电话：010-12345678"
    cleaned, reasons = bp.clean_sentences(paragraph)
    assert cleaned == PARA3
    assert reasons == ["headline_chain"]


@pytest.mark.parametrize(
    ("sentence", "chain"),
    [
        ("某地新能源汽车销量创新高 智慧城市博览会开幕 数字乡村建设推进会召开 算力交易平台上线", True),
        ("获奖人员名单 张某某 李某 王某某 赵某 孙某某 周某 吴某某 郑某 冯某某 陈某", False),
        ("The company said on Monday that it would invest two billion dollars in the new plant near the port.", False),
    ],
)
def test_headline_chain_shapes(sentence: str, chain: bool) -> None:
    assert bp.is_headline_chain(sentence) is chain


def test_sentences_round_trip() -> None:
    text = "他说：“好。”然后走了！没有标点的尾巴"
    assert "".join(sentences(text)) == text
    assert sentences(text) == ["他说：“好。”", "然后走了！", "没有标点的尾巴"]


def test_wechat_tail_and_header_are_removed() -> None:
    paras = ["会议纪要", "某公众号", PARA1, PARA2, "预览时标签不可点", "阅读原文", "微信扫一扫", "关注该公众号", "某公众号", "知道了", "取消", "允许"]
    result = clean_paragraphs(paras, title="会议纪要", names=("某公众号",))
    assert result.paragraphs == [PARA1, PARA2]


def test_closing_sentence_and_photo_credit_after_last_paragraph_are_kept() -> None:
    caption = "3月5日，参观者在展馆参观。某社记者张某摄"
    result = clean_paragraphs([PARA1, PARA2, "会议由市长主持。", caption, "更多", "暂无评论"], title="x")
    assert result.paragraphs == [PARA1, PARA2, "会议由市长主持。", caption]


def test_source_line_is_lifted_for_metadata() -> None:
    result = clean_paragraphs([PARA1, PARA2, "（文章来源：某某新闻网）"], title="x")
    assert result.paragraphs == [PARA1, PARA2]
    assert result.source_lines == ["（文章来源：某某新闻网）"]


def test_headline_first_line_becomes_title() -> None:
    result = clean_paragraphs(["某市数字经济发展驶入快车道", PARA1, PARA2])
    assert result.title_line == "某市数字经济发展驶入快车道"
    assert result.paragraphs == [PARA1, PARA2]
    assert clean_paragraphs([PARA1, PARA2]).title_line is None


def test_plain_page_chrome_above_the_headline_is_dropped() -> None:
    paras = ["某市新闻网", "今日热点：地铁8号线首期工程全线贯通", "湖滨岸线生态修复再添新景", "某市数字经济发展驶入快车道",
             "来源：某市日报  发布时间：2025-06-18 09:30", PARA1, PARA2]
    result = clean_paragraphs(paras)
    assert result.title_line == "某市数字经济发展驶入快车道"
    assert result.paragraphs == [PARA1, PARA2]


def test_menu_cluster_is_dropped_single_subheadings_stay() -> None:
    paras = [PARA1, "首页", "新闻", "图片", "视频号", "专题", PARA2, "签约仪式", PARA3]
    assert clean_paragraphs(paras, title="x").paragraphs == [PARA1, PARA2, "签约仪式", PARA3]


@pytest.mark.parametrize(
    ("paras", "expected"),
    [
        ([PARA1, PARA2, PARA1], [PARA1, PARA2]),
        ([PARA1, "某社北京3月5日电（记者张某）" + PARA1, PARA2], ["某社北京3月5日电（记者张某）" + PARA1, PARA2]),
        (["示范城市", "本市成为示范城市，这是省内第二个。"], ["示范城市", "本市成为示范城市，这是省内第二个。"]),
    ],
)
def test_drop_repeats(paras: list[str], expected: list[str]) -> None:
    assert drop_repeats(paras) == expected


def test_clean_stage_on_portal_page_text() -> None:
    raw = normalize_text(
        "　　" + PARA1 + "　　" + PARA2 + "　　" + PARA3 + " " + CHAIN
        + "某网是某单位主管的国家重点新闻网站。凡本网注明来源的作品，未经本网授权不得转载。电话：010-12345678官方微信官方微博"
    )
    doc = Clean()(Document(source="p.txt", text=raw))
    assert isinstance(doc, Document)
    assert doc.text == "\n".join([PARA1, PARA2, PARA3])


def test_stages_pickle() -> None:
    import pickle

    from zhnews.clean import Decode, Metadata, ToText

    for stage in (Decode(), ToText(), Clean(), Metadata()):
        clone = pickle.loads(pickle.dumps(stage))
        assert type(clone) is type(stage)
    assert pickle.loads(pickle.dumps(Clean(config="tw2s"))).config == "tw2s"


def test_related_reading_list_in_the_middle_is_dropped() -> None:
    paras = [PARA1, "推荐阅读：", "某地新能源汽车销量创新高", "智慧城市博览会开幕", PARA2, PARA3]
    assert clean_paragraphs(paras, title="x").paragraphs == [PARA1, PARA2, PARA3]


def test_site_notice_without_chain() -> None:
    notice = "某某网是某某办公室主管、某某集团主办的综合性新闻网站。"
    assert bp.junk_sentence_reason(notice) == "site_notice"
    assert bp.clean_sentences(PARA3 + notice) == (PARA3, ["site_notice"])


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("本报记者 孙晓楠", ["孙晓楠"]),
        ("记者 王姝 马力", ["王姝", "马力"]),
        ("本报记者 孙晓楠 通讯员 李强", ["孙晓楠", "李强"]),
        ("作者：张三", ["张三"]),
        ("记者从会上获悉", []),  # a sentence, not a credit
    ],
)
def test_credit_lines(line: str, names: list[str]) -> None:
    from zhnews.clean import boilerplate as bp

    assert bp.author_line_names(line) == names
    assert bp.is_header_line(line) is bool(names)


def test_a_byline_under_the_headline_is_no_title() -> None:
    result = clean_paragraphs(["某市新闻网", "某市数字经济发展驶入快车道", "本报记者 孙晓楠", PARA1, PARA2])
    assert result.title_line == "某市数字经济发展驶入快车道"
    assert result.header_lines == ["本报记者 孙晓楠"]
    assert result.paragraphs == [PARA1, PARA2]


@pytest.mark.parametrize(
    ("line", "junk"),
    [
        ("阅读：2364", True),
        ("浏览次数：1872", True),
        ("【字体：大 中 小】【打印】", True),
        ("今日热点：郑州地铁10号线二期开通倒计时", True),
        ("热点：本届峰会以低空新航道为主题，聚焦低空制造。", False),  # a sentence of writing
    ],
)
def test_page_counters_buttons_and_hot_headline_rows(line: str, junk: bool) -> None:
    assert bp.is_junk_line(line) is junk
