"""Bounds that keep the rules linear in the text, and the fast paths equal to the plain ones."""

from __future__ import annotations

import re

import pytest

from zhnews.document import Document, Mention
from zhnews.extract import Extract
from zhnews.extract.entities import _occurrences
from zhnews.extract.roles import _nearest_org, _OrgsByEnd
from zhnews.extract.text_units import MAX_SENTENCE, split_sentences


@pytest.mark.parametrize("text", ["局长张三、" * 400, "张" * 1000, "甲乙，" * 300 + "。丙丁。", "短句。" * 5])
def test_long_sentences_are_cut_into_bounded_contiguous_pieces(text: str) -> None:
    sentences = split_sentences(text)
    assert all(s.end - s.start <= MAX_SENTENCE for s in sentences)
    covered = "".join(s.text(text) for s in sentences)
    assert covered == text.replace("\n", "")


def test_long_sentence_is_cut_after_a_comma_when_there_is_one() -> None:
    text = "甲乙丙丁，" * 200
    first = split_sentences(text)[0]
    assert text[first.end - 1] == "，"


@pytest.mark.parametrize(("text", "names"), [
    ("工信部和工业和信息化部在工信部开会", ["工信部", "工业和信息化部", "信息化部"]),
    ("四川省四川四川省委", ["四川", "四川省", "四川省委"]),
    ("aaaa", ["aa"]),
])
def test_occurrences_equal_a_longest_first_alternation(text: str, names: list[str]) -> None:
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    assert _occurrences(text, names) == [(m.start(), m.group()) for m in pattern.finditer(text)]


def _plain_nearest(orgs, before, suffixes=None, after=0):
    best = None
    for m in orgs:
        if after <= m.start and m.end <= before and (suffixes is None or m.text.endswith(suffixes)):
            if best is None or m.end > best.end:
                best = m
    return best


def test_nearest_org_equals_the_plain_scan() -> None:
    orgs = [Mention("organization", s, e, t) for s, e, t in [
        (0, 4, "华为公司"), (10, 14, "中兴集团"), (12, 14, "集团"), (20, 26, "中国移动公司"), (30, 34, "某某联盟"), (31, 34, "某联盟"),
    ]]
    index = _OrgsByEnd(orgs)
    for before in range(0, 40):
        for after in (0, 5, 11, 21):
            for suffixes in (None, ("公司",), ("联盟",), ("集团",)):
                assert _nearest_org(index, before, suffixes, after) is _plain_nearest(orgs, before, suffixes, after)


def test_a_long_text_without_stops_still_yields_its_facts() -> None:
    doc = Document(source="t", text="局长张三、" * 2000 + "四川省密码管理局局长张卫东出席。")
    Extract()(doc)
    assert any(e.name == "张卫东" for e in doc.entities if e.type == "person")


def test_events_per_document_are_bounded() -> None:
    from zhnews.extract.events import MAX_DRAFTS

    text = "".join(f"华为发布{chr(0x4E00 + i)}{chr(0x4E80 + i)}规划。" for i in range(MAX_DRAFTS + 50))
    doc = Document(source="t", text=text)
    Extract()(doc)
    assert 0 < len(doc.events) <= MAX_DRAFTS
