"""Sector tagging: the taxonomy and the weighted-keyword classifier on real documents and sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import need_shared
from kbdocs import clean_file
from zhnews.kb.sectors import classify, classify_event, parse_taxonomy, sector_scores, taxonomy

FIELD = {"网络安全", "数据安全", "密码", "信创", "云计算", "算力", "大数据", "人工智能", "工业互联网", "移动支付",
         "数字政府", "智慧城市", "量子", "卫星互联网"}


def clean_seed(seeds_dir: Path, prefix: str) -> str:
    path = next(seeds_dir.glob(f"{prefix}_*"))
    doc = clean_file(path)
    return f"{doc.title or ''}\n{doc.text}"


def test_taxonomy_covers_the_field() -> None:
    assert FIELD <= set(taxonomy().sectors)


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("000", {"网络安全", "信创"}),  # a 网信 industry conference: secure computing, security ecosystem
        ("001", {"云计算", "移动支付"}),  # a carrier's cloud-network convergence and mobile-payment chain
        ("002", {"网络安全", "数据安全"}),  # a network and data security industry summit
        ("003", {"网络安全"}),  # the cyberspace administration on security guarantees
        ("004", {"大数据", "数字政府"}),  # a city's digital economy: data, government services
    ],
)
def test_seed_documents_get_their_sectors(seeds_dir: Path, seed: str, expected: set[str]) -> None:
    got = {s for s, _v in classify(clean_seed(seeds_dir, seed))}
    assert expected <= got, (got, sector_scores(clean_seed(seeds_dir, seed)))


def test_unrelated_financial_news_gets_no_field_sector() -> None:
    # NetEase finance pages of July 2015 about the stock market: none of them is about this field
    folder = need_shared("data", "html_netease", "Text")
    tagged = {}
    market = [p for p in folder.glob("*.txt") if "股" in p.read_bytes().decode("gb18030", errors="replace")[:200]]
    assert len(market) >= 10
    for path in market:
        text = path.read_bytes().decode("gb18030", errors="replace")
        got = {s for s, _v in classify(text)} & {"网络安全", "数据安全", "密码", "信创", "量子", "卫星互联网", "工业互联网"}
        if got:
            tagged[path.name] = got
    assert not tagged


def test_real_sentences_from_the_seeds_are_tagged(seeds_dir: Path) -> None:
    # each sentence of a seed that names a sector's anchor term is tagged with that sector
    text = clean_seed(seeds_dir, "002")
    sentences = [s for s in text.replace("\n", "。").split("。") if "数据安全" in s]
    assert sentences
    assert all("数据安全" in classify_event(s) for s in sentences)


@pytest.mark.parametrize(
    ("sentence", "sector", "tagged"),
    [
        ("请勿向他人透露账号密码和登录密码。", "密码", False),
        ("推动商用密码应用安全性评估工作。", "密码", True),
        ("公司发布了新一代大模型，并开放人工智能算力服务。", "人工智能", True),
        ("AIR系列耳机今日发售。", "人工智能", False),
        ("低轨卫星星座组网加快推进。", "卫星互联网", True),
        ("市民可以使用数字人民币乘坐公交。", "移动支付", True),
        ("今年粮食产量再创新高。", "大数据", False),
    ],
)
def test_sentences_written_for_the_test(sentence: str, sector: str, tagged: bool) -> None:
    assert (sector in classify_event(sentence)) is tagged


def test_longer_terms_win_over_the_terms_they_contain() -> None:
    tax = parse_taxonomy(["甲\t3\t商用密码", "乙\t2\t密码"])
    assert sector_scores("商用密码", tax) == {"甲": 3.0}
    assert sector_scores("密码密码密码密码", tax) == {"乙": 6.0}  # counts are capped at 3


def test_negative_terms_cancel() -> None:
    assert "密码" not in sector_scores("修改密码，输入密码")
