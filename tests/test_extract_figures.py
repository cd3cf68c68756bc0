"""Figures: value in base units, unit, approximation word; dates, ordinals and ages are not figures."""

from __future__ import annotations

import pytest

from zhnews.extract.figures import find_figures

CASES = [
    ("累计收入突破1000亿元", [(1e11, "CNY", "突破")]),
    ("连接工业设备5000万台", [(5e7, "台", None)]),
    ("提供3600余个岗位", [(3600, "个", "余")]),
    ("服务工业企业将超过10万家", [(1e5, "家", "超过")]),
    ("开发集成工业APP超3万款", [(3e4, "款", "超")]),
    ("签约金额近80亿元", [(8e9, "CNY", "近")]),
    ("招引企业10家、项目近20个", [(10, "家", None), (20, "个", "近")]),
    ("同比增长12.5%", [(12.5, "percent", None)]),
    ("占比百分之三十", [(30, "percent", None)]),
    ("融资2.5亿美元", [(2.5e8, "USD", None)]),
    ("建成数据交易机构二十余家", [(20, "家", "余")]),
    ("规模超过两万亿元", [(2e12, "CNY", "超过")]),
    ("占地120亩，建筑面积8.6万平方米", [(120, "亩", None), (8.6e4, "平方米", None)]),
    ("40余家次", [(40, "家次", "余")]),
    # flights and computing power keep their units
    ("累计飞行超过12万架次，智能算力规模达到2.5EFLOPS", [(1.2e5, "架次", "超过"), (2.5, "EFLOPS", "达到")]),
    # tenths (成) are percent; a round magnitude after an approximation word is a number
    ("增长超3成，八成以上企业上云", [(30, "percent", "超"), (80, "percent", None)]),
    ("培育企业近百家，吸引投资逾千亿元", [(100, "家", "近"), (1e11, "CNY", "逾")]),
    ("建成都市圈，有3成员单位，万家企业，百家争鸣", []),
    # not figures: ordinals, dates, durations, ages, vague counts, articles
    ("第三届科技节", []),
    ("2023年2月23日至24日", []),
    ("近三年来持续增长", []),
    ("一个月内举办活动", []),
    ("一批创新平台", []),
    ("他今年56岁", []),
    ("数十家企业参加", []),
    ("首批千兆城市", []),
    ("七大重点产业和亿万民众", []),
    ("电子元器件及其他关键零部件", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_figures(text: str, expected: list[tuple[float, str, str | None]]) -> None:
    got = [(f.value, f.unit, f.approx) for f in find_figures(text)]
    assert len(got) == len(expected), got
    for (value, unit, approx), (want_value, want_unit, want_approx) in zip(got, expected, strict=True):
        assert value == pytest.approx(want_value)
        assert (unit, approx) == (want_unit, want_approx)


def test_spans_point_at_the_text() -> None:
    text = "泸州市去年组织6家企业参加成果展，汇聚70余家企业。"
    for f in find_figures(text):
        assert text[f.span.start : f.span.end] == f.text
