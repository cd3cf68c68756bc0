"""Decode: encodings detected from bytes we encode ourselves and from real legacy-encoded pages."""

from __future__ import annotations

import pytest

from conftest import need_shared
from zhnews.clean import Decode
from zhnews.clean.encoding import Decoded, Undecodable, decode_bytes, plausibility, repair_mojibake, sniff_binary
from zhnews.document import Document, Reject

SIMPLIFIED = "本市今年新建了三个产业园区，吸引企业两百余家入驻，全年产值预计增长百分之十二。"
TRADITIONAL = "本市今年新建了三個產業園區，吸引企業兩百餘家進駐，全年產值預計增長百分之十二。"


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8", SIMPLIFIED),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8", SIMPLIFIED),
        (SIMPLIFIED.encode("utf-16"), "utf-16-le", SIMPLIFIED),
        (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), "utf-16-be", SIMPLIFIED),
        (SIMPLIFIED.encode("gbk"), "gb18030", SIMPLIFIED),
        (SIMPLIFIED.encode("gb18030"), "gb18030", SIMPLIFIED),
        (TRADITIONAL.encode("big5"), "cp950", TRADITIONAL),
        (TRADITIONAL.encode("gbk"), "gb18030", TRADITIONAL),
        (b"plain ASCII text", "utf-8", "plain ASCII text"),
    ],
)
def test_decode_bytes_detects_encoding(data: bytes, encoding: str, text: str) -> None:
    result = decode_bytes(data)
    assert isinstance(result, Decoded)
    assert result.encoding == encoding
    assert result.text.lstrip("\ufeff") == text


def test_declared_charset_is_used_when_plausible() -> None:
    page = '<html><head><meta charset="gb2312"></head><body><p>' + SIMPLIFIED + "</p></body></html>"
    result = decode_bytes(page.encode("gbk"))
    assert isinstance(result, Decoded) and result.encoding == "gb18030" and SIMPLIFIED in result.text


@pytest.mark.parametrize(
    ("data", "reason_part"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (b"%PDF-1.7\n" + bytes(200), "PDF"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x00\x01\x02\x03" * 500, "binary"),
    ],
)
def test_decode_bytes_rejects_non_text(data: bytes, reason_part: str) -> None:
    result = decode_bytes(data)
    assert isinstance(result, Undecodable)
    assert reason_part in result.reason


def test_random_high_bytes_are_never_guessed_as_latin1() -> None:
    noise = bytes((i * 37 + 11) % 128 + 128 for i in range(3000))
    result = decode_bytes(noise)
    assert isinstance(result, Undecodable) or result.encoding != "latin-1"
    if isinstance(result, Decoded):
        assert plausibility(result.text) >= 0.8


def test_broken_utf8_is_decoded_with_replacements_flagged() -> None:
    data = (SIMPLIFIED * 5).encode("utf-8")
    broken = data[:40] + data[41:200] + b"\xff" + data[200:]
    result = decode_bytes(broken)
    assert isinstance(result, Decoded) and result.encoding == "utf-8"
    assert any(f.startswith("invalid_bytes_replaced") for f in result.flags)
    assert "产业园区" in result.text


def test_few_nul_bytes_are_removed_and_flagged() -> None:
    data = (SIMPLIFIED * 10).encode("utf-8")
    data = data[:30] + b"\x00" + data[30:]
    result = decode_bytes(data)
    assert isinstance(result, Decoded) and "\x00" not in result.text
    assert "nul_bytes_removed" in result.flags


def test_sniff_binary_accepts_text() -> None:
    assert sniff_binary(SIMPLIFIED.encode("utf-8")) is None
    assert sniff_binary(SIMPLIFIED.encode("gbk")) is None


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        (SIMPLIFIED.encode("utf-8").decode("cp1252", errors="ignore"), None),
        ("公司名称：" + "中文".encode().decode("latin-1"), "公司名称：中文"),
        ("正常的中文文本，没有乱码。", "正常的中文文本，没有乱码。"),
    ],
)
def test_repair_mojibake(broken: str, fixed: str | None) -> None:
    text, flags = repair_mojibake(broken)
    if fixed is not None:
        assert text == fixed
    assert text == repair_mojibake(text)[0]


def test_unrecoverable_mojibake_is_flagged() -> None:
    _, flags = repair_mojibake("标题锟斤拷锟斤拷正文")
    assert "mojibake_unrecoverable" in flags


def test_decode_stage_drops_raw_and_rejects_binary() -> None:
    doc = Decode()(Document(source="a.txt", raw=SIMPLIFIED.encode("gbk")))
    assert isinstance(doc, Document) and doc.raw is None and doc.raw_text == SIMPLIFIED and doc.encoding == "gb18030"
    rejected = Decode()(Document(source="b.txt", raw=b"\x7fELF" + bytes(100)))
    assert isinstance(rejected, Reject) and rejected.stage == "decode" and "ELF" in rejected.reason
    too_many_nuls = Decode()(Document(source="c.jsonl#1", raw_text="文" + "\x00" * 50))
    assert isinstance(too_many_nuls, Reject)


@pytest.mark.parametrize(("folder", "codecs"), [("Big5", {"cp950", "big5hkscs"}), ("GB2312", {"gb18030"})])
def test_real_legacy_pages_decode_to_their_encoding(folder: str, codecs: set[str]) -> None:
    files = sorted(need_shared("data", "legacy_encodings", "tests", folder).iterdir())
    assert files
    wrong = []
    for path in files:
        result = decode_bytes(path.read_bytes())
        if not isinstance(result, Decoded) or result.encoding not in codecs or plausibility(result.text) < 0.9:
            wrong.append(path.name)
    assert wrong == []


def test_euc_tw_is_rejected_not_misread() -> None:
    """Python has no EUC-TW codec; reading it as GBK would produce plausible-looking nonsense."""
    for path in need_shared("data", "legacy_encodings", "tests", "EUC-TW").iterdir():
        result = decode_bytes(path.read_bytes())
        assert isinstance(result, Undecodable), path.name
        assert "unknown encoding" in result.reason
