"""Lexicons for entity recognition: places, organization suffixes, job titles, family names.

The tables live in ``data/`` beside this module and load on first use (nothing happens at
import). Places cover China's administrative divisions at every level down to towns, with
their short forms (泸州 = 泸州市, 四川 = 四川省), the one-character abbreviations used in news
(京 = 北京, 蓉 = 成都), named regions (长三角, 川南) and the world's countries with their capitals
and large cities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

PLACE_LEVELS = ("country", "province", "city", "county", "town", "region")
# Prominence order used when one short form names several divisions (朝阳: 朝阳市 before 朝阳区).
_RANK = {level: rank for rank, level in enumerate(("country", "province", "region", "city", "county", "town"))}
# Official names that are also everyday words: never a place on their own.
_GENERIC = frozenset(
    "城区 郊区 矿区 新区 市辖区 市区 县城 地区 高新区 开发区 经开区 产业园 园区 工业园 示范区 试验区 实验区 "
    "管理区 林区 农场 保税区 综合保税区 自贸区 港区 新城 老城 中心 城关 城郊 街道".split()
)
# Short forms of districts that news writes as everyday words (新建智算中心, 和平发展): only their
# full names (新建区, 和平区) name the place.
_WORD_SHORT_FORMS = frozenset("新建 和平 红旗 向阳 前进 东风 胜利 建设 光明 团结 解放 先锋 新华 新兴 新城 城中 市中 永久".split())
# Special zones listed among counties (包头稀土高新技术产业开发区): their short forms are generic words.
_ZONE_MARKS = re.compile("开发区|产业园|高新|管理区|管委会|示范区|实验区|试验区|工业园|园区|新区")


@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer."""

    name: str  # full official name: 泸州市, 四川省, 乌镇镇
    short: str  # short form as used in news (泸州), or "" when there is none
    level: str  # one of PLACE_LEVELS
    parent: str  # full name of the enclosing division, "" at the top


def _data_lines(filename: str) -> list[str]:
    text = resources.files("zhnews.extract.ner").joinpath("data", filename).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _words(filename: str) -> list[str]:
    return [word for line in _data_lines(filename) for word in line.split()]


@cache
def places() -> tuple[Place, ...]:
    """Every place of the gazetteer, administrative divisions first, then regions."""
    rows = [Place(*(line.split("\t") + ["", "", ""])[:4]) for line in _data_lines("places.tsv")]
    rows += [Place(name, "", "region", "") for name in _words("regions.txt")]
    return tuple(row for row in rows if row.name not in _GENERIC)


@cache
def _place_index() -> dict[str, Place]:
    """Name or short form -> the most prominent place it names."""
    index: dict[str, Place] = {}
    for place in places():
        short = "" if _ZONE_MARKS.search(place.name) or place.short in _WORD_SHORT_FORMS else place.short
        for key in (place.name, short):
            if len(key) < 2 or key in _GENERIC:
                continue
            known = index.get(key)
            # A full name beats a short form; then the more prominent level wins.
            rank = (key != place.name, _RANK[place.level])
            if known is None or rank < (key != known.name, _RANK[known.level]):
                index[key] = place
    return index


def lookup_place(name: str) -> Place | None:
    """The place a name or short form stands for, or None."""
    return _place_index().get(name.strip())


def is_place(name: str) -> bool:
    """Whether ``name`` is a known place name or short form (泸州, 泸州市, 四川, 美国, 长三角)."""
    return name.strip() in _place_index()


def canonical_place(name: str) -> str:
    """The full official name of a place (泸州 -> 泸州市, 四川 -> 四川省); unknown names unchanged."""
    place = lookup_place(name)
    if place is None:
        return name
    return place.name


def short_place(name: str) -> str:
    """The short form of a place as news writes it (泸州市 -> 泸州); unknown names unchanged."""
    place = lookup_place(name)
    if place is None or not place.short:
        return name
    return place.short


def place_level(name: str) -> str | None:
    """country, province, city, county, town or region; None for an unknown name."""
    place = lookup_place(name)
    return None if place is None else place.level


@cache
def _abbreviations() -> dict[str, str]:
    return dict(line.split("\t")[:2] for line in _data_lines("place_abbreviations.tsv"))


def place_abbreviation(char: str) -> str | None:
    """The place a one-character news abbreviation stands for (京 -> 北京, 蓉 -> 成都), or None.

    These characters are ordinary characters too: use this only where the context asks for a
    place (在京, 赴蓉, 沪深两市).
    """
    return _abbreviations().get(char)


@cache
def place_names(max_level: str = "county") -> frozenset[str]:
    """Names and short forms of places down to ``max_level`` (country/province/city/county/town)."""
    limit = _RANK[max_level]
    names = {key for key, place in _place_index().items() if _RANK[place.level] <= limit or (place.level == "region")}
    return frozenset(names)


@cache
def org_suffixes() -> tuple[str, ...]:
    """Words that end organization names (部, 厅, 局, 中心, 集团, 有限公司 ...), longest first."""
    return tuple(sorted(set(_words("org_suffixes.txt")), key=lambda s: (-len(s), s)))


@cache
def titles() -> frozenset[str]:
    """Job titles and honours (局长, 副书记, 党组成员, 院士, 董事长, 总经理助理 ...)."""
    return frozenset(_words("titles.txt"))


@cache
def titles_longest_first() -> tuple[str, ...]:
    """The titles sorted longest first, for greedy matching at the end of a span."""
    return tuple(sorted(titles(), key=lambda s: (-len(s), s)))


@cache
def surnames() -> frozenset[str]:
    """Chinese family names, single (张) and compound (欧阳)."""
    return frozenset(_words("surnames.txt"))
