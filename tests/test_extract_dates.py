"""Date expressions resolved against the document date (table-driven)."""

from __future__ import annotations

import pytest

from zhnews.extract.dates import find_dates, shift_days, with_year

CASES = [
    # text, document date, expected (surface, value) of the first date found
    ("2023年2月23日至24日，论坛在成都召开", "2023-02-25", ("2023年2月23日至24日", "2023-02-23")),
    ("10月30日，大会在泸州开幕", "2022-11-02", ("10月30日", "2022-10-30")),
    ("10月30日，大会开幕", None, ("10月30日", "XXXX-10-30")),
    ("去年，工信部公布名单", "2022-02-17", ("去年", "2021")),
    ("去年12月，联盟揭牌成立", "2023-04-10", ("去年12月", "2022-12")),
    ("今天上午，峰会开幕", "2024-05-01", ("今天", "2024-05-01")),
    ("昨日，双方签约", "2024-05-01", ("昨日", "2024-04-30")),
    ("明年，项目将投产", "2024-05-01", ("明年", "2025")),
    ("今年2月，园区入选名单", "2023-04-10", ("今年2月", "2023-02")),
    ("近日，国家数据局召开座谈会", "2024-05-20", ("近日", "2024-05")),
    ("近日，国家数据局召开座谈会", None, ("近日", None)),
    ("论坛将于11月23日至24日在浙江乌镇举行", "2020-11-03", ("11月23日至24日", "2020-11-23")),
    # a month-day months after the document date lies in the year before (a report looks back)
    ("12月28日，项目签约", "2024-01-05", ("12月28日", "2023-12-28")),
    ("二〇二二年三月五日，会议召开", None, ("二〇二二年三月五日", "2022-03-05")),
    # a day alone: of the document's month, else of the dateline's (no year known)
    ("记者5日从会上获悉", "2025-06-06", ("5日", "2025-06-05")),
    ("大会28日闭幕", "2025-06-06", ("28日", "2025-05-28")),  # after the document's day: last month
    ("新华社西安3月5日电 联盟4日成立", None, ("3月5日", "XXXX-03-05")),
]


def test_a_day_alone_takes_the_datelines_month_and_a_range_end_is_no_date() -> None:
    text = "新华社西安3月5日电 联盟4日成立。论坛2月23日至24日举行。日本企业周日到访。"
    dates = [(text[d.start : d.end], d.value) for d in find_dates(text, None)]
    assert dates == [("3月5日", "XXXX-03-05"), ("4日", "XXXX-03-04"), ("2月23日至24日", "XXXX-02-23")]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("厅发布《行动方案（2025—2027年）》", "2027年"),  # a year inside a title names the plan
        ("到2027年，产业规模力争达到1000亿元", "2027年"),  # a target
        ("截至2024年，共有企业300家", "2024年"),
    ],
)
def test_years_of_titles_and_targets_are_not_temporal(text: str, surface: str) -> None:
    dates = {text[d.start : d.end]: d.temporal for d in find_dates(text, "2025-06-18")}
    assert dates.get(surface) is False, dates


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_first_date(text: str, published: str | None, expected: tuple[str, str | None]) -> None:
    dates = find_dates(text, published)
    assert dates, text
    d = dates[0]
    assert (text[d.start : d.end], d.value) == expected


def test_attributive_year_is_not_temporal() -> None:
    text = "去年，工业和信息化部公布了2020年信息消费示范城市名单"
    dates = find_dates(text, "2022-02-17")
    assert [(text[d.start : d.end], d.temporal) for d in dates] == [("去年", True), ("2020年", False)]


def test_anaphoric_day_and_ordinals() -> None:
    dates = find_dates("当天会上还透露，第3月份不是日期", None)
    assert dates[0].anaphoric and dates[0].value is None
    assert all("第" not in "当天会上还透露，第3月份"[d.start : d.end] for d in dates)


def test_with_year_fills_only_unknown_years() -> None:
    assert with_year("XXXX-10-30", 2022) == "2022-10-30"
    assert with_year("2021-10-30", 2022) == "2021-10-30"
    assert with_year(None, 2022) is None


@pytest.mark.parametrize(
    ("value", "days", "expected"),
    [
        ("2025-05-20", 1, "2025-05-21"),
        ("2024-03-01", -1, "2024-02-29"),  # a leap year
        ("XXXX-03-01", -1, "XXXX-02-29"),  # unknown year: the calendar of a leap year
        ("2025-12-31", 1, "2026-01-01"),
        ("2025-05", 1, "2025-05"),  # coarser than a day: kept
        (None, 1, None),
    ],
)
def test_shift_days(value: str | None, days: int, expected: str | None) -> None:
    assert shift_days(value, days) == expected


def test_next_and_previous_day_refer_back() -> None:
    (d,) = find_dates("次日，双方签约", "2025-05-22")
    assert d.anaphoric and d.offset == 1 and d.refer("2025-05-20") == "2025-05-21"
    (d,) = find_dates("会前一天", "2025-05-22")
    assert d.offset == -1 and d.refer("XXXX-05-20") == "XXXX-05-19"


def test_the_end_of_a_period_is_no_day_and_a_sentence_of_plans_looks_ahead() -> None:
    text = "新华社哈尔滨9月15日电 宣传周15日开幕，活动将持续至21日。主办方还将举办分论坛：16日在哈尔滨，17日在大庆。"
    got = {text[d.start : d.end]: (d.value, d.temporal) for d in find_dates(text)}
    assert got["21日"] == ("XXXX-09-21", False)  # 持续至: the end of the week
    assert got["17日"] == ("XXXX-09-17", True)  # 还将: this month's, not last month's
    (d,) = find_dates("截至6月30日，共有企业20家", "2025-07-01")
    assert not d.temporal


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("本周一，中心揭牌。", "2025-12-08"),  # the document is of Friday 2025-12-12
        ("上周五，论坛开幕。", "2025-12-05"),
        ("上月28日，双方签约。", "2025-11-28"),
        ("联盟将于月底成立。", "2025-12"),
    ],
)
def test_weekdays_a_day_of_last_month_and_the_month_end(text: str, value: str) -> None:
    (d,) = find_dates(text, "2025-12-12")
    assert d.value == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3月，全市举行签约活动。", [("3月", "2025-03")]),
        ("10月下旬，联盟成立。", [("10月下旬", "2025-10")]),
        ("将于11月在杭州举办。", [("11月", "2025-11")]),
        ("1-6月，全市增长5%。", []),  # the end of a range of months
        ("前3个月增长明显。", []),  # a duration
    ],
)
def test_a_month_alone(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[d.start : d.end], d.value) for d in find_dates(text, "2025-12-29")] == expected
