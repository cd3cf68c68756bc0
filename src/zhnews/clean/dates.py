"""Publication dates as written (``2022-02-17 15:04:37 +0800``, ``2023年2月25日``, RFC 2822) -> ``YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

_YMD = re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_HAN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
_HAN_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


def _han_number(text: str) -> int:
    """一 .. 三十一 (month and day numerals)."""
    digits = "一二三四五六七八九"
    if "十" not in text:
        return digits.index(text) + 1
    tens, _, ones = text.partition("十")
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)


def _valid(year: int, month: int, day: int) -> str | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def normalize_date(value: object) -> str | None:
    """The calendar date a value names, as written (no time-zone shift), or None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    match = _YMD.search(text)
    if match:
        return _valid(*(int(g) for g in match.groups()))
    match = _HAN_DATE.search(text)
    if match:
        try:
            return _valid(int(match.group(1).translate(_HAN_DIGITS)), _han_number(match.group(2)), _han_number(match.group(3)))
        except ValueError:
            return None
    match = _COMPACT.fullmatch(text) or _COMPACT.match(text)
    if match:
        return _valid(*(int(g) for g in match.groups()))
    if re.search(r"[A-Za-z]{3}", text):
        try:
            return parsedate_to_datetime(text).date().isoformat()
        except (TypeError, ValueError, IndexError):
            return None
    return None
