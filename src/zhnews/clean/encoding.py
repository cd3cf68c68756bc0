"""Bytes -> text for Chinese documents: BOMs, declared charsets, and a plausibility vote.

Multi-byte Chinese encodings decode each other's bytes without error (Big5 text is valid
GBK, UTF-8 Chinese is valid GB18030), so a strict decode proves little. Each candidate
decoding is scored by how much of it is *common* Chinese: characters of the first level of
GB2312 (the 3,755 most used simplified characters) or of Big5 (5,401 most used traditional
characters), plus Chinese punctuation. A wrong decoding lands on rare characters, kana,
bopomofo or private-use code points. Latin-1 is never a candidate: any byte string decodes
as Latin-1, which makes it a guess, not a detection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

SAMPLE_BYTES = 64 * 1024
MIN_PLAUSIBILITY = 0.8  # right decodings of real pages score >= 0.93, wrong ones <= 0.76
SCORE_BYTES = 16 * 1024
CONFIDENT = 0.95
SCORE_CHARS = 3000

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7z archive"),
    (b"SQLite format 3", "SQLite database"),
    (b"RIFF", "RIFF media"),
    (b"OggS", "Ogg media"),
)
# Aliases a page may declare, mapped to the decoder that reads them best (supersets).
_DECLARED = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "cp936": "gb18030", "euc-cn": "gb18030", "big5": "cp950", "big-5": "cp950", "cp950": "cp950",
    "big5-hkscs": "big5hkscs", "big5hkscs": "big5hkscs", "utf-8": "utf-8", "utf8": "utf-8",
    "hz-gb-2312": "hz",
}
_CHARSET_DECL = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CANDIDATES = ("gb18030", "cp950", "utf-8", "big5hkscs")  # strict UTF-8 already failed: it goes after
_CONTROL_BYTES = bytes(sorted(set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x1B)) | set(range(0x1C, 0x20))))


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoding that was accepted: the text, the encoding name and notes on repairs."""

    text: str
    encoding: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Undecodable:
    """Bytes that are not a text document (binary) or in no encoding we can identify."""

    reason: str


@lru_cache(maxsize=1)
def common_chinese() -> frozenset[str]:
    """First-level characters of GB2312 and Big5, plus Chinese punctuation (built once, ~9,000 chars)."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):  # GB2312 level 1
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for code in range(0xA440, 0xC67F):  # Big5 level 1
        lead, trail = divmod(code, 256)
        if 0x40 <= trail <= 0x7E or 0xA1 <= trail <= 0xFE:
            try:
                chars.add(bytes((lead, trail)).decode("cp950"))
            except UnicodeDecodeError:
                pass
    chars.update("，。、；：？！“”‘’（）《》〈〉【】—…·「」『』　")
    return frozenset(chars)


_ASCII = re.compile(r"[\x00-\x7f]+")


@lru_cache(maxsize=1)
def _common_run() -> re.Pattern[str]:
    """Runs of common Chinese characters (a compiled class: counting with it beats set lookups tenfold)."""
    return re.compile("[" + re.escape("".join(sorted(common_chinese()))) + "]+")


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters that are common Chinese; replacement characters count against."""
    rest = _ASCII.sub("", text)
    if not rest:
        return 1.0
    good = len(rest) - len(_common_run().sub("", rest)) - 2 * rest.count("\ufffd")
    return good / len(rest)


def sniff_binary(data: bytes) -> str | None:
    """The reason ``data`` is not a text document, or None when it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return f"binary content ({kind})"
    sample = data[:SAMPLE_BYTES]
    if not sample:
        return None
    nul = sample.count(0)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if nul > len(sample) * 0.01 or controls > len(sample) * 0.05:
        return f"binary content ({nul} NUL and {controls} control bytes in the first {len(sample)} bytes)"
    return None


def _declared_encoding(data: bytes, declared: str | None) -> str | None:
    names = [declared] if declared else []
    match = _CHARSET_DECL.search(data[:4096])
    if match:
        names.append(match.group(1).decode("ascii", "ignore"))
    for name in names:
        codec = _DECLARED.get(name.strip().lower()) if name else None
        if codec:
            return codec
    return None


def _mostly_printable(text: str, sample: int = 4096) -> bool:
    head = text[:sample]
    printable = sum(1 for ch in head if ch.isprintable() or ch in "\n\r\t")
    return printable >= len(head) * 0.97


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte for its ASCII characters."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def wide_text_codec(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` or ``utf-32-le``/``-be`` when ``data`` starts like such text (BOM or NUL pattern)."""
    for bom, codec in _BOMS[1:]:
        if data.startswith(bom):
            return codec
    found = _utf16_without_bom(data)
    if found or b"\x00" not in data[:4096]:
        return found
    sample = data[: min(len(data), 4096) // 2 * 2]
    for codec in ("utf-16-le", "utf-16-be"):  # Chinese UTF-16 has NULs only where ASCII is: try reading it
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text) and plausibility(text) >= MIN_PLAUSIBILITY:
            return codec
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded | Undecodable:
    """Decode a document's bytes, or say why they are not a readable Chinese text."""
    if not data.strip():
        return Undecodable("empty document")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return Decoded(text, codec.replace("-sig", ""), _replacement_flags(text))
    codec16 = wide_text_codec(data)
    if codec16:
        try:
            text = data.decode(codec16)
            if _mostly_printable(text):
                return Decoded(text, codec16)
        except UnicodeDecodeError:
            pass
    binary = sniff_binary(data)
    if binary:
        return Undecodable(binary)
    flags: tuple[str, ...] = ()
    if b"\x00" in data:
        data = data.replace(b"\x00", b"")
        flags = ("nul_bytes_removed",)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", flags)
    except UnicodeDecodeError:
        pass
    sample = data[:SCORE_BYTES]
    codec = _declared_encoding(sample, declared)
    if codec and codec != "utf-8":
        try:
            text = data.decode(codec)
            if plausibility(text[:8000]) >= MIN_PLAUSIBILITY:
                return Decoded(text, codec, flags)
        except (UnicodeDecodeError, LookupError):
            pass
    best_codec, best_score, best_text = "", -1e9, ""
    whole = len(sample) == len(data)
    for candidate in _CANDIDATES:
        decoded = sample.decode(candidate, errors="replace")
        score = plausibility(decoded[:SCORE_CHARS])
        if score > best_score + 1e-9:
            best_codec, best_score, best_text = candidate, score, decoded
        if score >= CONFIDENT:  # right decodings score ~1.0, wrong ones far lower: no need to try the rest
            break
    if best_score >= MIN_PLAUSIBILITY:
        text = best_text if whole else data.decode(best_codec, errors="replace")
        return Decoded(text, best_codec, flags + _replacement_flags(text))
    guess = _charset_normalizer_guess(data)
    if guess:
        text = data.decode(guess, errors="replace")
        if plausibility(text[:8000]) >= MIN_PLAUSIBILITY:
            return Decoded(text, guess, flags + _replacement_flags(text))
    return Undecodable(
        f"unknown encoding: no Chinese decoding is plausible (best {best_codec} at {best_score:.2f}"
        + (f", charset-normalizer suggests {guess}" if guess else "")
        + ")"
    )


def _charset_normalizer_guess(data: bytes) -> str | None:
    """A second opinion for encodings outside our candidates (HZ, ISO-2022); single-byte guesses are ignored."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SAMPLE_BYTES]).best()
    if best is None:
        return None
    name = best.encoding.lower()
    multibyte = ("gb", "big5", "cp950", "hz", "iso2022", "utf_16", "utf_32", "euc", "shift_jis", "cp932")
    return name if name.startswith(multibyte) else None


def _replacement_flags(text: str) -> tuple[str, ...]:
    n = text.count("\ufffd")
    return (f"invalid_bytes_replaced:{n}",) if n else ()


# --- mojibake: text that was decoded with the wrong codec before it reached us ---------------

_LATIN_RUN = re.compile(r"[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
                        r"\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u0080-\u00bf]{2,}")
_GBK_OF_REPLACEMENT = "锟斤拷"
# UTF-8 lead bytes of 2- and 3-byte sequences as cp1252 shows them: one must be present for Latin mojibake.
_UTF8_LEADS_AS_CP1252 = "ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîï"
# UTF-8 bytes read as GBK come out as runs of (mostly rare) Han characters: only such text is scored.
_LOOKS_MISDECODED = re.compile(r"[\u4e00-\u9fff]{3}")


def _latin_run_to_utf8(match: re.Match[str]) -> str:
    run = match.group(0)
    out = bytearray()
    for ch in run:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                return run
    try:
        fixed = out.decode("utf-8")
    except UnicodeDecodeError:
        return run
    return fixed if any(ord(c) > 0x2E80 for c in fixed) else run


def repair_mojibake(text: str) -> tuple[str, list[str]]:
    """Undo UTF-8-read-as-cp1252 (``ä¸­æ–‡``) and whole-text UTF-8-read-as-GBK (``涓枃``); flag what cannot be undone."""
    flags: list[str] = []
    if any(lead in text for lead in _UTF8_LEADS_AS_CP1252) and _LATIN_RUN.search(text):
        fixed = _LATIN_RUN.sub(_latin_run_to_utf8, text)
        if fixed != text:
            text = fixed
            flags.append("mojibake_repaired")
    if _LOOKS_MISDECODED.search(text, 0, 2000) and plausibility(text[:500]) < MIN_PLAUSIBILITY:
        try:
            fixed = text.encode("gb18030").decode("utf-8")
            if plausibility(fixed[:5000]) > plausibility(text[:5000]):
                text = fixed
                flags.append("mojibake_repaired")
        except UnicodeError:
            pass
    if _GBK_OF_REPLACEMENT in text:
        flags.append("mojibake_unrecoverable")
    return text, flags
