"""Script cleaning: converter pinyin, Traditional -> Simplified, lost-character damage."""

from __future__ import annotations

import pytest

from zhnews.clean import Clean, to_simplified
from zhnews.clean.cleaner import simplify
from zhnews.clean.script import count_lost_characters, is_pinyin_syllable, strip_pinyin_artefacts
from zhnews.document import Document


@pytest.mark.parametrize(
    ("text", "expected", "removed"),
    [
        ("戰(zhàn)略合作", "戰略合作", 1),
        ("發(fā)展和創(chuàng)新", "發展和創新", 2),
        ("我們(men)的戰(zhàn)略", "我們的戰略", 2),  # neutral tone goes once the text is known damaged
        ("國家網絡安全產業園區(成渝地區)授牌", "國家網絡安全產業園區(成渝地區)授牌", 0),
        ("新華社北京電(記者張三)報道", "新華社北京電(記者張三)報道", 0),
        ("推出手機應用(app)服務", "推出手機應用(app)服務", 0),  # toneless Latin in an undamaged text stays
        ("中文（zhōng）全角括號", "中文全角括號", 1),
        ("No Han before (zhàn) it", "No Han before (zhàn) it", 0),
        ("乾(qián)隆年間", "乾隆年間", 1),
    ],
)
def test_strip_pinyin_artefacts(text: str, expected: str, removed: int) -> None:
    assert strip_pinyin_artefacts(text) == (expected, removed)


@pytest.mark.parametrize(
    ("word", "ok"),
    [("zhàn", True), ("chuàng", True), ("lüè", True), ("men", True), ("app", False), ("xyz", False), ("ai", True)],
)
def test_is_pinyin_syllable(word: str, ok: bool) -> None:
    assert is_pinyin_syllable(word) is ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中國電信發佈行動計劃", "中国电信发布行动计划"),
        ("臺灣的軟體產業", "台湾的软体产业"),  # t2s keeps the author's vocabulary (not 软件)
        ("已经是简体的文本", "已经是简体的文本"),
        ("", ""),
    ],
)
def test_to_simplified(text: str, expected: str) -> None:
    assert to_simplified(text) == expected


def test_pinyin_goes_before_conversion() -> None:
    """OpenCC converts 乾隆 as a phrase; with the annotation in between it would give 干隆."""
    assert simplify("乾(qián)隆年間")[0] == "乾隆年间"


@pytest.mark.parametrize(
    ("text", "lost"),
    [("華為、??低?、安恆", 3), ("他問：為什麼？", 0), ("Is it ok? Yes", 0), ("海康??", 2)],
)
def test_count_lost_characters(text: str, lost: int) -> None:
    assert count_lost_characters(text) == lost


def test_clean_stage_flags_damage_and_converts() -> None:
    body = "中國電信戰(zhàn)新共鏈行動大會在京舉辦，國家電網、??低?等企業出席了本次會議並發言。"
    doc = Clean()(Document(source="x.txt", text=body))
    assert isinstance(doc, Document)
    assert doc.text.startswith("中国电信战新共链行动大会")
    assert "(zhàn)" not in doc.text
    assert "??低?" in doc.text  # damage is left as is ...
    assert any(f.startswith("lost_characters") for f in doc.flags)  # ... but flagged
    assert any(f.startswith("pinyin_artefacts_removed") for f in doc.flags)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("广州乾朗珠宝有限公司执行董事", "广州乾朗珠宝有限公司执行董事"),  # a Simplified name keeps its 乾
        ("乾县位于陕西，於姓人家", "乾县位于陕西，於姓人家"),
        ("國家網信辦發布通知", "国家网信办发布通知"),
        ("乾坤國際", "乾坤国际"),  # a Traditional text is converted, phrases included
    ],
)
def test_simplified_text_is_left_as_written(text: str, expected: str) -> None:
    assert to_simplified(text) == expected
