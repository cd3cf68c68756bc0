"""Stated quantities: value in base units, unit, approximation word, span.

1000亿元 -> 1e11 CNY; 5000万台 -> 5e7 台; 3600余个 -> 3600 个 (approx 余); 5% -> 5 percent.
Dates, ordinals (第三届, 首批), ages and durations are not figures. Chinese numerals are
converted with cn2an, only on the number already found (cn2an on running text turns 一些 into 1些).
"""

from __future__ import annotations

import re
from functools import lru_cache

from zhnews.document import Figure, Span

_CN_NUM_CHARS = "〇零一二两三四五六七八九十百千万亿"
_MAGNITUDE = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3, "百": 1e2}
_CURRENCY = {"元": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD", "日元": "JPY", "英镑": "GBP"}
# Counted nouns' measure words and physical units, longest first within the alternation.
_COUNT_UNITS = (
    "家次 人次 架次 车次 EFLOPS PFLOPS TFLOPS 平方公里 平方米 平方千米 千瓦时 万千瓦 千瓦 兆瓦 吉瓦 公顷 公里 千米 立方米 吨 亩 "
    "家 个 台 项 人 名 位 场 款 套 条 件 所 座 批 种 户 辆 架 颗 篇 部 支 只 枚 份 笔 处 栋 间 张 起 艘 列 例 "
    "PB TB GB EB P 倍 次"
).split()
_UNIT_ALT = "|".join(sorted([*_CURRENCY, *_COUNT_UNITS, "%", "％", "个百分点"], key=len, reverse=True)) + \
    r"|成(?!都|员|本|为|功|交|果|绩|效|立|长|熟|型|品|套|批|就|份|年|像|绩|全|形|色|药|分|就)"  # 超3成: tenths
_APPROX_BEFORE = r"(?P<pre>将近|接近|超过|突破|逾|近|超|约|达到|达|多达|不到|不足|高达|上千)?"
# The pattern starts at the number (a character class the regex engine scans for quickly);
# an approximation word before it is read afterwards with _APPROX_TAIL.
_APPROX_TAIL = re.compile(_APPROX_BEFORE.rstrip("?") + "$")
_FIGURE = re.compile(
    r"(?=[\d〇零一二两三四五六七八九十百千万亿])"  # lets the engine skip to candidate starts (2x faster)
    r"(?P<pre>)(?<![〇零一二两三四五六七八九十百千万亿\d.,])(?P<num>\d{1,15}(?:,\d{3}){0,5}(?:\.\d{1,6})?|[〇零一二两三四五六七八九十百千万亿]{1,12})"
    + r"(?P<post>余|多)?(?P<mag>万亿|千亿|百亿|亿|千万|百万|万|千)?(?P<post2>余|多)?"
    + rf"(?P<unit>{_UNIT_ALT})"
)
_PERCENT_WORDS = re.compile(r"百分之(?P<num>[〇零一二两三四五六七八九十百点]{1,10}|\d{1,6}(?:\.\d{1,4})?)")
# What follows the unit and shows it is time, not a count (一个月, 3个小时).
_NOT_COUNT_AFTER = re.compile(r"月|小时|工作日|星期|季度|百分点")
_GENERIC_MEASURES = frozenset("个 项 种 条 类 批 次 件 部 点 方面".split())
_VAGUE_BEFORE = ("数", "几", "若干", "第", "首", "每", "前", "后", "上", "近几")


def _to_number(num: str) -> float | None:
    num = num.replace(",", "")
    if num[0].isdigit():
        return float(num)
    return _chinese_number(num)


@lru_cache(maxsize=4096)
def _chinese_number(num: str) -> float | None:
    """cn2an on a numeral already found (cached: cn2an compiles patterns on every call)."""
    if num[0] in "〇零" or not any(ch in "一二两三四五六七八九十" for ch in num):
        return None  # 万家, 千兆: a word, not a number
    try:
        import cn2an

        return float(cn2an.cn2an(num, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


_BARE_MAGNITUDE = re.compile(r"[百千万亿]{1,3}")


def _bare_magnitude(num: str) -> float:
    value = 1.0
    for ch in num:
        value *= {"百": 1e2, "千": 1e3, "万": 1e4, "亿": 1e8}[ch]
    return value


def find_figures(text: str) -> list[Figure]:
    """Every quantity stated in ``text`` with its unit; one Figure per distinct (value, unit, text)."""
    out: list[Figure] = []
    seen: set[tuple[float, str, str]] = set()
    for m in _FIGURE.finditer(text):
        num_start = m.start("num")
        pm = _APPROX_TAIL.search(text, max(0, num_start - 4), num_start)
        pre = pm.group("pre") if pm else None
        before = text[max(0, num_start - 2) : num_start]
        if num_start > 0 and (text[num_start - 1].isdigit() or text[num_start - 1] in ".．" or text[num_start - 1].isascii() and text[num_start - 1].isalpha()):
            continue
        if any(before.endswith(v) for v in _VAGUE_BEFORE) and not pre:
            continue
        num = m.group("num")
        if not num[0].isdigit() and num_start > 0 and text[num_start - 1] in _CN_NUM_CHARS:
            continue
        unit_word = m.group("unit")
        if _NOT_COUNT_AFTER.match(text, m.end()) and unit_word in ("个", "多"):
            continue
        if unit_word in ("P", "T", "G") and m.end() < len(text) and text[m.end()].isascii() and text[m.end()].isalnum():
            continue
        value = _to_number(num)
        if value is None and pre and _BARE_MAGNITUDE.fullmatch(num):
            value = _bare_magnitude(num)  # 近百家, 逾千亿元: a round magnitude after an approximation word
        if value is None:
            continue
        if not num[0].isdigit() and (value == 1 or value < 10 and unit_word in _GENERIC_MEASURES):
            continue  # 一个, 一批: an article; 两个/四种: a manner of speaking, not a stated quantity
        if m.group("mag"):
            value *= _MAGNITUDE[m.group("mag")]
        if unit_word in _CURRENCY:
            unit = _CURRENCY[unit_word]
        elif unit_word in ("%", "％"):
            unit = "percent"
        elif unit_word == "成":
            unit, value = "percent", value * 10
        else:
            unit = unit_word
        approx = pre or m.group("post") or m.group("post2")
        start = pm.start("pre") if pre else num_start
        key = (value, unit, m.group())
        if key in seen:
            continue
        seen.add(key)
        out.append(Figure(value=value, unit=unit, text=text[start : m.end()], span=Span(start, m.end()), approx=approx))
    for m in _PERCENT_WORDS.finditer(text):
        value = _to_number(m.group("num").replace("点", ".")) if not m.group("num")[0].isdigit() else float(m.group("num"))
        if value is not None:
            out.append(Figure(value=value, unit="percent", text=m.group(), span=Span(m.start(), m.end())))
    out.sort(key=lambda f: f.span.start)
    return out
