"""Markup to text: HTML fragments and pages, Markdown, front matter; the ToText stage."""

from __future__ import annotations

import pytest

from zhnews.clean import ToText
from zhnews.clean.frontmatter import hints_from_front_matter, split_front_matter
from zhnews.clean.html_main import strip_site_suffix
from zhnews.clean.markup import has_html_tags, html_to_text, markdown_to_text
from zhnews.document import Document

BODY = "今年一季度，全市软件业务收入同比增长百分之十五，新增规模以上企业三十家。"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>第一段。</p><p>第二段。</p>", "第一段。\n第二段。"),
        ("<div>甲<br>乙</div>", "甲\n乙"),
        ("<p>正文<script>var secret = 1;</script>继续</p><style>p{}</style>", "正文继续"),
        ("<p>链接<a href='x'>文字</a>保留</p>", "链接文字保留"),
        ("<p>未闭合<div>段落", "未闭合\n段落"),
        ('<?xml version="1.0" encoding="gb2312"?><html><body><p>声明</p></body></html>', "声明"),
        ("<p>A&nbsp;&amp;&nbsp;B</p>", "A & B"),
        ("", ""),
    ],
)
def test_html_to_text(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


def test_deeply_nested_html_does_not_crash() -> None:
    html = "<p>开头。</p>" + "<div>" * 60_000 + "深处" + "</div>" * 60_000
    assert html_to_text(html).startswith("开头。")


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# 标题\n\n正文第一段。", "标题\n\n正文第一段。"),
        ("![cover_image](https://img.example/a.jpg)\n正文。", "正文。"),
        ("请看[这篇报道](https://example.com/a)的内容。", "请看这篇报道的内容。"),
        ("[返回首页](//example.com/)｜[返回新闻](//example.com/news)", ""),
        ("<http://example.com/share?id=1>", ""),
        ("**加粗的小标题**", "加粗的小标题"),
        ("> 引用的话。", "引用的话。"),
        ("- 第一项\n- 第二项", "第一项\n第二项"),
        ("---", ""),
        ("<p>段落一。</p>\n <p><strong>小标题</strong></p>", "段落一。\n小标题"),
    ],
)
def test_markdown_to_text(markdown: str, expected: str) -> None:
    assert markdown_to_text(markdown).strip() == expected


def test_has_html_tags() -> None:
    assert has_html_tags("<p>x</p>") and not has_html_tags("a < b 且 c > d")


@pytest.mark.parametrize(
    ("text", "fields", "flags"),
    [
        ("---\ntitle: 标题\ndate: 2022-02-17 03:04:37 +0800\n---\n正文", {"title": "标题", "date": "2022-02-17 03:04:37 +0800"}, []),
        ("---\ntitle: [unclosed\n---\n正文", {"title": "[unclosed"}, ["front_matter_invalid"]),
        ("---\ntitle: 没有结束\n\n正文第一段。", {"title": "没有结束"}, ["front_matter_unclosed"]),
        ("正文没有前言。", {}, []),
    ],
)
def test_split_front_matter(text: str, fields: dict, flags: list[str]) -> None:
    front = split_front_matter(text)
    assert front.fields == fields
    assert front.flags == flags
    assert "正文" in front.body


def test_front_matter_hints_keep_date_as_written_and_ignore_topics() -> None:
    fields = split_front_matter(
        "---\nlayout: post\ntitle: \"标题\"\ndate: 2022-02-17 03:00:00 +0800\ncategories: somesite\ntags: 某某新闻\n---\n"
    ).fields
    hints = hints_from_front_matter(fields)
    assert hints == {"title": "标题", "published": "2022-02-17 03:00:00 +0800"}
    wechat = hints_from_front_matter({"title": "T", "source": "某公众号", "url": "https://mp.weixin.qq.com/s?x", "author": "甲、乙"})
    assert wechat["publisher"] == "某公众号" and wechat["authors"] == ["甲", "乙"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [("八部委发声_网易财经", "八部委发声"), ("新规出台 - 某某网", "新规出台"), ("没有后缀的标题", "没有后缀的标题")],
)
def test_strip_site_suffix(title: str, expected: str) -> None:
    assert strip_site_suffix(title) == expected


def test_totext_html_page_keeps_main_text_drops_script() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>新闻标题_某网</title><script>var leak='SCRIPT_LEAK';</script>"
        "<style>.x{content:'STYLE_LEAK'}</style></head><body><nav><a href='/'>首页</a><a href='/n'>新闻</a></nav>"
        f"<article><h1>新闻标题</h1><p>{BODY}</p><p>{BODY}</p><p>{BODY.replace('一季度', '二季度')}</p></article>"
        "<footer>版权所有 某网</footer></body></html>"
    )
    doc = ToText()(Document(source="a.html", format="html", raw_text=page))
    assert isinstance(doc, Document)
    assert "全市软件业务收入" in doc.text
    assert "LEAK" not in doc.text
    assert doc.hints.get("html_title")


def test_totext_front_matter_to_hints_and_markdown_body() -> None:
    raw = "---\ntitle: 测试标题\nsource: 某公众号\ndate: 2023-02-25\n---\n\n# 测试标题\n\n![](http://img/x.png)\n\n" + BODY
    doc = ToText()(Document(source="a.md", format="md", raw_text=raw))
    assert doc.hints["title"] == "测试标题" and doc.hints["publisher"] == "某公众号" and doc.hints["published"] == "2023-02-25"
    assert doc.text == "测试标题\n" + BODY


def test_totext_sniffs_html_in_txt() -> None:
    doc = ToText()(Document(source="a.txt", format="txt", raw_text=f"<html><body><p>{BODY}</p></body></html>"))
    assert doc.text == BODY
