"""Date expressions in Chinese news, resolved against the document's date.

Output formats: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``; when the year cannot be known
(no document date, no year in the text) the year is written ``XXXX`` (``XXXX-10-09``), the
EDTF form for an unspecified year, so that a reader never mistakes a guess for a fact.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

UNKNOWN_YEAR = "XXXX"

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _num(s: str) -> int:
    """An Arabic or small Chinese number (1-31, years written digit by digit)."""
    if s.isdigit():
        return int(s)
    if all(ch in _CN_DIGITS for ch in s):  # 二〇二二
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    # 十, 十二, 二十, 二十三
    head, _, tail = s.partition("十")
    if "十" not in s:
        raise ValueError(s)
    tens = _CN_DIGITS.get(head, 1) if head else 1
    return tens * 10 + (_CN_DIGITS[tail] if tail else 0)


_N = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_Y = r"(?:(?:19|20)\d{2}|[二][〇零一二三四五六七八九]{3})"
_DATE = re.compile(
    rf"(?P<y>{_Y})年(?:(?P<m>{_N})月(?:(?P<d>{_N})[日号])?)?"
    rf"|(?P<rel_y>去年|今年|明年|前年|上年|当年)(?:(?P<rm>{_N})月(?:(?P<rd>{_N})[日号])?)?"
    rf"|(?P<m2>{_N})月(?P<d2>{_N})[日号]"
    r"|(?P<rel_m>上月|上个月|本月|下月|下个月)(?P<rmd>\d{1,2})[日号]"
    r"|(?P<rel_w>本周|这周|上周|上个周|下周)(?P<wd>[一二三四五六日天])"
    r"|(?<![\d月.\-/])(?P<d3>\d{1,2})日(?!电|报|讯)"
    rf"|(?<![\d.\-/—~～至到第年])(?P<m3>{_N})月(?:上旬|中旬|下旬|初|底|末|份)?(?![\d一二三四五六七八九十日号份])"
    rf"|(?P<rel_d>今天|今日|昨天|昨日|明天|明日|前天|近日|日前|本月底|本月初|本月|上月底|上月|上个月|下月|月底|月初|月中|当天|当日)"
    r"|(?P<rel_a>前一天|前一日|次日|翌日|第二天|后一天)"
)
# After a date, a second day or a whole second date: the start of a range is the event's date.
_RANGE_TAIL = re.compile(rf"(?:至|到|—|-|～|~)(?:(?:{_Y})年)?(?:{_N}月)?{_N}[日号]")
_REL_YEAR = {"去年": -1, "上年": -1, "今年": 0, "当年": 0, "明年": 1, "前年": -2}
_REL_DAY = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "明天": 1, "明日": 1, "前天": -2}
# days from the date in force (会前一天, 次日): anaphoric, like 当天
_REL_ANAPHORIC = {"前一天": -1, "前一日": -1, "次日": 1, "翌日": 1, "第二天": 1, "后一天": 1}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: its range (range tails included) and its resolved value.

    ``value`` is None when the expression cannot be resolved (当天 with nothing before it,
    今年 without a document date). ``temporal`` is False for a year used as an attribute
    (2020年信息消费示范城市名单), True for a date that says when something happens.
    ``anaphoric`` marks 当天/当日 (and 次日, 前一天: ``offset`` days from it), which refer back
    to the date in force.
    """

    start: int
    end: int
    value: str | None
    temporal: bool = True
    anaphoric: bool = False
    offset: int = 0

    def refer(self, earlier: str | None) -> str | None:
        """An anaphoric date's value given the date it refers back to."""
        return shift_days(earlier, self.offset) if self.offset else earlier


def parse_doc_date(published: str | None) -> dt.date | None:
    """The document date as a ``date``, from ``YYYY-MM-DD`` (longer ISO strings accepted)."""
    if not published:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _fmt(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return None
    y = f"{year:04d}" if year is not None else UNKNOWN_YEAR
    if month is None:
        return y if year is not None else None
    if day is None:
        return f"{y}-{month:02d}"
    return f"{y}-{month:02d}-{day:02d}"


def _year_for_month_day(month: int, day: int, ref: dt.date | None, future: bool) -> int | None:
    """Year of a month-day without a year: the document's year, or the one before when the
    date would lie months after the document (a report looks back unless it says 将)."""
    if ref is None:
        return None
    try:
        candidate = dt.date(ref.year, month, day)
    except ValueError:
        return ref.year
    if not future and (candidate - ref).days > 60:
        return ref.year - 1
    if future and (ref - candidate).days > 300:
        return ref.year + 1
    return ref.year


_FUTURE = re.compile(r"将|即将|将于|计划于|拟于|预计")
_TEMPORAL_AFTER = re.compile(r"[，,、：:]|以来|以后|之后|期间|上半年|下半年|底|初|末|起|至今|前|在|召开|举行|举办|开幕|正式|，")


def find_dates(text: str, published: str | None = None) -> list[DateMention]:
    """Every date expression in ``text``, resolved against the document date ``published``."""
    ref = parse_doc_date(published)
    dateline = None
    if ref is None:
        dm = _DATELINE.search(text[:80])
        dateline = (int(dm.group(1)), int(dm.group(2))) if dm else None
    out: list[DateMention] = []
    covered = 0  # the end of the last range: its second day (2月23日至24日) is no date of its own
    for m in _DATE.finditer(text):
        start, end = m.start(), m.end()
        if start < covered:
            continue
        if start > 0 and (text[start - 1].isdigit() or text[start - 1] == "第"):
            continue
        tail = _RANGE_TAIL.match(text, end)
        if tail:
            end = covered = tail.end()
        window = text[max(0, start - 6) : start]
        future = bool(_FUTURE.search(window))
        value: str | None = None
        temporal, anaphoric, offset = True, False, 0
        try:
            if m.group("y"):
                year = _num(m.group("y"))
                month = _num(m.group("m")) if m.group("m") else None
                day = _num(m.group("d")) if m.group("d") else None
                value = _fmt(year, month, day)
                if month is None:
                    # a bare year is temporal at a clause start or before a comma; 2020年信息... is an attribute
                    nxt = text[end : end + 3]
                    temporal = bool(_TEMPORAL_AFTER.match(nxt))
            elif m.group("rel_y"):
                month = _num(m.group("rm")) if m.group("rm") else None
                day = _num(m.group("rd")) if m.group("rd") else None
                year = ref.year + _REL_YEAR[m.group("rel_y")] if ref else None
                value = _fmt(year, month, day) if year is not None else None
                if m.group("rel_y") == "当年":
                    anaphoric = True
            elif m.group("m2"):
                month, day = _num(m.group("m2")), _num(m.group("d2"))
                value = _fmt(_year_for_month_day(month, day, ref, future), month, day)
            elif m.group("m3"):
                # 3月, 10月下旬: a month of the document's year (of the year before when it lies
                # months after the document), unknown without a document date
                month = _num(m.group("m3"))
                if not 1 <= month <= 12:
                    continue
                year = _year_for_month_day(month, 1, ref, future) if ref else None
                value = _fmt(year, month, None)
            elif m.group("d3"):
                # 5日在西安成立: a day of the month the document is dated in (or its dateline's)
                day = int(m.group("d3"))
                base = (ref.year, ref.month, ref.day) if ref is not None else (None, *dateline) if dateline else None
                if base is not None:
                    year, month, today = base
                    if day > today + 1 and not future and not _FUTURE.search(_sentence_before(text, start)):
                        # a day after the document's: last month's, unless the sentence tells what will be
                        month, year = (month - 1, year) if month > 1 else (12, year - 1 if year else None)
                    value = _fmt(year, month, day)
            elif m.group("rel_m"):  # 上月28日
                if ref is not None:
                    first = ref.replace(day=1)
                    shift = {"上": -1, "本": 0, "下": 1}[m.group("rel_m")[0]]
                    month_start = (first - dt.timedelta(days=1)).replace(day=1) if shift < 0 else \
                        (first + dt.timedelta(days=32)).replace(day=1) if shift > 0 else first
                    value = month_start.replace(day=int(m.group("rmd"))).isoformat()
            elif m.group("rel_w"):  # 本周一, 上周五
                if ref is not None:
                    weeks = {"本": 0, "这": 0, "上": -1, "下": 1}[m.group("rel_w")[0]]
                    weekday = "一二三四五六日天".index(m.group("wd"))
                    monday = ref - dt.timedelta(days=ref.weekday())
                    value = (monday + dt.timedelta(days=7 * weeks + min(weekday, 6))).isoformat()
            elif m.group("rel_a"):
                anaphoric, offset = True, _REL_ANAPHORIC[m.group("rel_a")]
            else:
                word = m.group("rel_d")
                if word in _REL_DAY:
                    value = (ref + dt.timedelta(days=_REL_DAY[word])).isoformat() if ref else None
                elif word in ("近日", "日前", "本月", "月底", "月初", "月中", "本月底", "本月初"):
                    value = f"{ref.year:04d}-{ref.month:02d}" if ref else None
                elif word in ("上月", "上个月", "上月底"):
                    value = (ref.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m") if ref else None
                elif word == "下月":
                    value = (ref.replace(day=28) + dt.timedelta(days=7)).strftime("%Y-%m") if ref else None
                else:  # 当天, 当日
                    anaphoric = True
        except ValueError:
            continue
        if temporal and (_inside_book_title(text, start) or (m.group("y") and month is None and _TARGET_BEFORE.search(window))):
            temporal = False  # 《行动方案（2025—2027年）》, 到2027年, 截至2024年: no time of an event
        elif temporal and (m.group("m2") or m.group("d3")) and _PERIOD_END.search(window):
            temporal = False  # 活动将持续至21日, 截至6月30日: the end of a period, no day something happens on
        out.append(DateMention(start, end, value, temporal, anaphoric, offset))
    return out


# 新华社西安3月5日电: the month and day a wire story is filed on.
_DATELINE = re.compile(r"(\d{1,2})月(\d{1,2})日电")
_TARGET_BEFORE = re.compile(r"(?:到|截至|截止|至|预计到|力争到|争取到)$")
_PERIOD_END = re.compile(r"(?:持续|延续|截|截止|直|一直)(?:至|到)$|截止$|(?<![来达])到$|(?<![截])至$")
_SENTENCE_END = re.compile(r"[。！？!?\n]")


def _sentence_before(text: str, pos: int) -> str:
    """The part of the sentence before ``pos`` (at most 80 characters back)."""
    floor = max(0, pos - 80)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, floor, pos)]
    return text[ends[-1] if ends else floor : pos]


def _inside_book_title(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside 《…》: a date there is part of a name."""
    opened = text.rfind("《", max(0, pos - 60), pos)
    return opened >= 0 and text.rfind("》", opened, pos) < 0


def shift_days(value: str | None, days: int) -> str | None:
    """A day ``days`` later (earlier when negative); a date coarser than a day is kept as is, and
    an unknown year stays unknown (the calendar of a leap year decides 2月29日)."""
    m = re.fullmatch(r"(\d{4}|XXXX)-(\d{2})-(\d{2})", value or "")
    if m is None:
        return value
    unknown = m.group(1) == UNKNOWN_YEAR
    try:
        day = dt.date(2000 if unknown else int(m.group(1)), int(m.group(2)), int(m.group(3))) + dt.timedelta(days=days)
    except ValueError:
        return value
    return f"{UNKNOWN_YEAR}{day.isoformat()[4:]}" if unknown else day.isoformat()


def with_year(value: str | None, year: int | None) -> str | None:
    """Fill an unknown year (``XXXX-10-30``) from context when one is known."""
    if value and year and value.startswith(UNKNOWN_YEAR):
        return f"{year:04d}{value[len(UNKNOWN_YEAR):]}"
    return value
