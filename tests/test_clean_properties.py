"""Invariants over generated text: normalizing or cleaning twice changes nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhnews.clean import Clean, to_simplified
from zhnews.clean.cleaner import simplify
from zhnews.clean.markup import markdown_to_text
from zhnews.clean.script import strip_pinyin_artefacts
from zhnews.clean.text import normalize_text, sentences
from zhnews.document import Document

_PIECES = [
    "中國電信", "戰(zhàn)略", "發(fā)展", "，", "。", "、", "\n", "\u3000\u3000", " ", "(成渝地区)", "预览时标签不可点",
    "微信扫一扫", "新华社北京11月3日电(记者郭某)", "会议指出，要加快推进数字化转型。", "2023年2月25日", "<p>", "</p>",
    "**", "# ", "[链接](http://x)", "![](http://img)", "未经授权不得转载。", "abc", "??", "\x00", "\r\n", "\t",
]
texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=40).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(texts)
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\n\n" not in once and "\r" not in once


@FAST
@given(texts)
def test_script_cleaning_is_idempotent(text: str) -> None:
    once, _ = simplify(text)
    assert simplify(once)[0] == once
    assert strip_pinyin_artefacts(once)[0] == once
    assert to_simplified(to_simplified(text)) == to_simplified(text)


@FAST
@given(texts)
def test_sentences_partition_the_paragraph(text: str) -> None:
    para = text.replace("\n", "")
    assert "".join(sentences(para)) == para


@FAST
@given(texts)
def test_clean_stage_is_idempotent(text: str) -> None:
    doc = Document(source="p.txt", text=normalize_text(markdown_to_text(text)))
    once = Clean()(doc)
    if not isinstance(once, Document):
        return
    first = once.text
    twice = Clean()(once)
    assert isinstance(twice, Document) and twice.text == first
