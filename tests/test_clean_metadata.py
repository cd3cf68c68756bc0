"""Metadata: dates, datelines, source lines, and the stage choosing among hints."""

from __future__ import annotations

import pytest

from zhnews.clean import Clean, Metadata
from zhnews.clean.dates import normalize_date
from zhnews.clean.metadata import credit_names, parse_dateline
from zhnews.document import Document

BODY = "会议指出，要加快推进数字化转型，持续提升产业链供应链韧性和安全水平，推动高质量发展。"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-02-17 15:04:37 +0800", "2022-02-17"),
        ("2022-02-17 01:00:00 +0800", "2022-02-17"),  # as written, not shifted to UTC
        ("2023年2月25日", "2023-02-25"),
        ("2023/2/5 08:00", "2023-02-05"),
        ("二〇二三年二月二十五日", "2023-02-25"),
        ("20230225", "2023-02-25"),
        ("Sat, 25 Feb 2023 23:00:00 +0800", "2023-02-25"),
        ("11月3日", None),
        ("2023-13-40", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    ("paragraph", "publisher", "place", "date", "authors"),
    [
        ("新华社北京11月3日电(记者郭某)在11月2日举行的发布会上", "新华社", "北京", None, ("郭某",)),
        ("中新网上海2023年5月6日电 （记者 张某 李某）今天", "中新网", "上海", "2023-05-06", ("张某", "李某")),
        ("某某日报讯（记者王某 通讯员赵某）近日", "某某日报", None, None, ("王某", "赵某")),
        ("本报讯（记者王某）近日", None, None, None, ("王某",)),
        ("某某网消息（记者 王某）近日", "某某网", None, None, ("王某",)),
        ("10月30日，大会在泸州开幕。", None, None, None, None),
    ],
)
def test_parse_dateline(paragraph: str, publisher, place, date, authors) -> None:
    dateline = parse_dateline(paragraph)
    if authors is None:
        assert dateline is None
        return
    assert dateline is not None
    assert (dateline.publisher, dateline.place, dateline.date, dateline.authors) == (publisher, place, date, authors)


def test_credit_names() -> None:
    assert credit_names("记者 张某、李某某 通讯员 王某") == ["张某", "李某某", "王某"]


def _run(doc: Document) -> Document:
    out = Metadata()(Clean()(doc))
    assert isinstance(out, Document)
    return out


def test_front_matter_hints_win() -> None:
    doc = _run(Document(source="a.md", text="某公众号\n" + BODY, hints={"title": "標題", "published": "2023-02-25", "publisher": "某公众号"}))
    assert (doc.title, doc.published, doc.publisher) == ("标题", "2023-02-25", "某公众号")
    assert doc.text == BODY


def test_headline_line_dateline_and_no_invented_date() -> None:
    doc = _run(Document(source="b.txt", text="國家某辦:做好頂層規劃 加強保障體系\n新華社北京11月3日電(記者郭某)" + BODY))
    assert doc.title == "国家某办:做好顶层规划 加强保障体系"
    assert doc.publisher == "新华社" and doc.authors == ["郭某"] and doc.dateline_place == "北京"
    assert doc.published is None


def test_source_line_gives_publisher_categories_do_not() -> None:
    doc = _run(Document(source="c.md", text=BODY + "\n（文章来源：某某新闻网）", hints={"title": "T", "front_matter": {"categories": "x", "tags": "某某新闻网新闻"}}))
    assert doc.publisher == "某某新闻网"
    assert "来源" not in doc.text


def test_nothing_found_stays_null() -> None:
    doc = _run(Document(source="d.txt", text=BODY + "\n" + BODY.replace("会议", "报告")))
    assert (doc.title, doc.published, doc.publisher, doc.authors) == (None, None, None, [])


def test_header_date_line_gives_published() -> None:
    doc = _run(Document(source="e.txt", text="2023-04-01 10:20:30\n" + BODY, hints={"title": "T"}))
    assert doc.published == "2023-04-01"
    assert doc.text == BODY


@pytest.mark.parametrize(
    ("line", "publisher", "published"),
    [
        ("2015-07-03 09:50:46　来源: 某某见闻(上海)", "某某见闻", "2015-07-03"),
        ("来源：网络", None, None),
        ("图片来源：某图片网", None, None),
    ],
)
def test_header_source_lines(line: str, publisher: str | None, published: str | None) -> None:
    doc = _run(Document(source="f.html", text=line + "\n" + BODY, hints={"title": "T"}))
    assert (doc.publisher, doc.published) == (publisher, published)
    assert doc.text == BODY


def test_source_credit_closing_a_paragraph() -> None:
    doc = _run(Document(source="g.md", text=BODY + "（文章来源：某某新闻网）", hints={"title": "T"}))
    assert doc.publisher == "某某新闻网"
    assert doc.text == BODY


@pytest.mark.parametrize(
    ("author", "publisher", "authors"),
    [("陕西网信", "陕西网信", []), ("陇东报", "陇东报", []), ("王姝", None, ["王姝"]), ("欧阳娜娜", None, ["欧阳娜娜"])],
)
def test_an_account_written_as_the_author_is_the_publisher(author: str, publisher: str | None, authors: list[str]) -> None:
    doc = Document(source="wechat.md", text=BODY, hints={"title": "标题", "author": author})
    out = Metadata()(doc)
    assert (out.publisher, out.authors) == (publisher, authors)


def test_the_source_line_of_an_html_header_names_the_publisher_and_the_author() -> None:
    from pathlib import Path

    from zhnews.clean import Decode, ToText
    from zhnews.read import iter_documents

    page = Path(__file__).parent / "data" / "pages" / "header_source_line.html"
    doc = next(iter(iter_documents([str(page)])))
    for stage in (Decode(), ToText(), Clean(), Metadata()):
        doc = stage(doc)
    assert (doc.title, doc.published, doc.publisher, doc.authors) == ("北辰市发布数据要素三年行动计划", "2025-07-02", "北辰日报", ["王晓东"])
    assert "来源" not in doc.text and "责任编辑" not in doc.text


def test_a_source_line_below_the_article_is_not_its_header() -> None:
    from zhnews.clean.html_main import header_source_line

    body = "7月1日，北辰市人民政府办公室印发行动计划，提出到2027年全市数据产业规模突破800亿元。"
    html = f"<html><body><h1>标题</h1><p>{body}</p><ul><li>来源：别的报</li></ul></body></html>"
    assert header_source_line(html, body) is None
    html = f"<html><body><h1>标题</h1><span>来源：北辰日报</span><p>{body}</p></body></html>"
    assert header_source_line(html, body) == "来源：北辰日报"


@pytest.mark.parametrize(
    ("line", "publisher"),
    [("来源：北辰发布", "北辰发布"), ("来源：新华社 发布时间：2025-01-01", "新华社"), ("来源：人民网发布于2025", "人民网"),
     ("2025-03-02 来源：北辰日报 作者：王晓东", "北辰日报")],
)
def test_source_line_publisher(line: str, publisher: str) -> None:
    from zhnews.clean import boilerplate as bp

    assert bp.source_line_publisher(line) == publisher
