"""A lexicon-and-POS entity recognizer used until the trained model of ``zhnews.extract.ner`` is in.

Same signature as ``zhnews.extract.ner.recognize``: ``recognize(text) -> list[Mention]``.
rjieba segments and tags; the gazetteer decides places; organizations are assembled from
tokens ending in an organization suffix; persons are 3-character ``nr`` tokens with a family
name (2-character ``nr`` tags are too often words: 华为, 卫星). Pattern rules in
``zhnews.extract.patterns`` add what this misses.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import accumulate
from operator import itemgetter

from zhnews.document import Mention
from zhnews.extract import lexicon
from zhnews.extract.ner import gazetteer

_NAME_POS = frozenset({"ns", "nt", "nz", "n", "nr", "nrt", "nrfg", "j", "b", "an", "eng", "nw", "s"})
# Words that end in an organization suffix but name no body.
_NOT_ORG_HEADS = frozenset("格局 布局 大局 全局 结局 当局 社会 机会 体会 都会 宴会 晚会 暨 党组 党委 纪委 常委 主办 承办 协办 举办 开办 创办 兴办".split())
# Suffixes that make a name an organization whatever its first part (星河新能源汽车股份有限公司).
_STRONG_TAILS = ("有限公司", "有限责任公司", "集团", "大学", "学院", "研究院", "研究所", "医院", "银行", "委员会", "联合会", "协会", "联盟")
_QUALIFIER = re.compile(r"[（(]([\u4e00-\u9fff]{2,8})[）)]")
_NOT_ORG_ENDINGS = ("格局", "布局", "大局", "全局", "国家队", "暨")
_NOT_NAME_END = frozenset("化展部局区园业性厅委办院所会社网台司馆站队团")


@cache
def _place_names() -> frozenset[str]:
    return gazetteer.place_names("county")


@cache
def _suffixes() -> tuple[str, ...]:
    return gazetteer.org_suffixes()


@cache
def _suffix_re() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(re.escape(s) for s in _suffixes()) + ")$")


# Abbreviated body words that end a name whatever the tagger says (南京某某新区管委会).
_BODY_HEADS = frozenset(("管委会", "党工委", "工委", "管理委员会", "办事处"))
_WEAK_SUFFIXES = frozenset(("平台", "基地", "总部", "网", "台", "店", "厂", "处", "室", "队", "团", "会", "行"))


@lru_cache(maxsize=65536)
def _is_org_head(word: str, pos: str) -> bool:
    if word in _BODY_HEADS:
        return True
    if pos.startswith("v") or word in _NOT_ORG_HEADS or word.endswith(_NOT_ORG_ENDINGS):
        return False
    if pos == "nt" and len(word) >= 3 and not word.endswith(("产业", "格局")):
        return True
    m = _suffix_re().search(word)
    if m is None:
        return False
    suffix = m.group()
    return suffix not in _WEAK_SUFFIXES


@lru_cache(maxsize=65536)
def _is_place(word: str, tag: str) -> bool:
    """A gazetteer name; a county's short form only where the tagger also reads a name
    (合作, 同仁, 新兴 are county short forms and everyday words)."""
    place = gazetteer.lookup_place(word)
    if place is None:
        return False
    if word == place.name:
        return word in _place_names() or word[-1] in "镇乡"
    if place.level in ("country", "province", "city", "region"):
        return True
    if word.endswith(("区", "园")):
        return False
    return tag == "ns"


def _titled_next(tokens: list[tuple[str, str]], i: int) -> bool:
    """A dictionary name (李克强) counts as a person when a title or speech verb follows it."""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1][0]
    return nxt in gazetteer.titles() or nxt in lexicon.SPEECH_VERBS


@lru_cache(maxsize=65536)
def is_place_name(word: str) -> bool:
    """Whether a whole string names a place (the tagger's reading decides county short forms)."""
    tags = _tagger().tag(word)
    tag = tags[0][1] if len(tags) == 1 else "ns"
    return _is_place(word, tag) or (word != _strip_admin(word) and _is_place(_strip_admin(word), "ns"))


def _strip_admin(word: str) -> str:
    for suffix in ("省", "市", "县", "区"):
        if word.endswith(suffix) and len(word) > 2:
            return word[: -len(suffix)]
    return word


@cache
def _tagger():
    import rjieba

    return rjieba


# What a token can start, by its word and tag alone (tags are per word: rjieba tags a word from its
# dictionary entry, whatever the context). Bits of ``_token_kind``:
_PLACE, _SPLIT, _NAME, _NAME_IF_TITLED, _ORG = 1, 2, 4, 8, 16


def _token_kind(token: tuple[str, str]) -> int:
    word, tag = token
    kind = 0
    if _is_place(word, tag):
        kind = _PLACE
    elif tag == "ns" and 4 <= len(word) <= 6:
        if _place_split(word):
            kind = _SPLIT
    elif tag in ("nr", "nrfg") and len(word) == 3 and lexicon.is_surname_start(word) and word[-1] not in _NOT_NAME_END:
        kind = _NAME_IF_TITLED if _tagger().has_word(word) else _NAME
    if _is_org_head(word, tag):
        kind |= _ORG
    return kind


@lru_cache(maxsize=16384)
def _place_split(word: str) -> int:
    """Where a token of two places splits (辽宁沈阳, 重庆永川: 2), or 0."""
    for cut in range(2, len(word) - 1):
        if _is_place(word[:cut], "ns") and _is_place(word[cut:], "ns"):
            return cut
    return 0


# word -> _token_kind: rjieba's tag of a word is its dictionary tag (or x/eng/m off the dictionary),
# never context-dependent, so the word alone is the key (cheaper to hash than the pair).
_KIND_BY_WORD: dict[str, int] = {}
_MAX_CACHED_WORDS = 200_000


def _kinds(tokens: list[tuple[str, str]]) -> list[int]:
    words = list(map(itemgetter(0), tokens))
    kinds = list(map(_KIND_BY_WORD.get, words))
    if None in kinds:
        if len(_KIND_BY_WORD) > _MAX_CACHED_WORDS:
            _KIND_BY_WORD.clear()
        for i, k in enumerate(kinds):
            if k is None:
                kinds[i] = _KIND_BY_WORD[words[i]] = _token_kind(tokens[i])
    return kinds


def recognize(text: str) -> list[Mention]:
    """Person, organization and place mentions in ``text`` (offsets into ``text``).

    The tokens are classified by a per-process cache of (word, tag); only the few that can start
    a mention are looked at in context.
    """
    tokens = _tagger().tag(text)
    kinds = _kinds(tokens)
    hits = [i for i, k in enumerate(kinds) if k]
    if not hits:
        return []
    ends = list(accumulate(map(len, map(itemgetter(0), tokens))))
    out: list[Mention] = []
    for i in hits:
        kind = kinds[i]
        word, tag = tokens[i]
        end = ends[i]
        start = end - len(word)
        if kind & _PLACE:
            out.append(Mention("place", start, end, word))
        elif kind & _SPLIT:
            cut = _place_split(word)  # 辽宁沈阳, 重庆永川: two places in one token
            out.append(Mention("place", start, start + cut, word[:cut]))
            out.append(Mention("place", start + cut, end, word[cut:]))
        elif kind & _NAME or (kind & _NAME_IF_TITLED and _titled_next(tokens, i)):
            out.append(Mention("person", start, end, word, 0.6))
        if kind & _ORG:
            out.append(_organization(text, tokens, ends, i))
    return [m for m in out if m is not None]


def _organization(text: str, tokens: list[tuple[str, str]], ends: list[int], i: int) -> Mention | None:
    """The organization a head token ends (国家网络安全产业园区(成渝地区)), extended to the left
    over name-like tokens."""
    word, tag = tokens[i]
    end = ends[i]
    j = i
    while j > 0 and i - j < 6:
        w, t = tokens[j - 1]
        if t in _NAME_POS and not lexicon.LEADING_FILLER.match(w) and w not in ("的",):
            j -= 1
        elif w == "和" and j >= 2 and tokens[j - 2][1] in _NAME_POS and end - (ends[j - 1] - 1) <= 8 \
                and (word[-1] in "部厅委局" or word.endswith("委员会")) and not _is_org_head(*tokens[j - 2]):
            j -= 1  # 工业和信息化部, 经济和信息化厅
        else:
            break
    if tokens[j][0] == "和":
        j += 1
    if j > 0 and j < i and len(tokens[j][0]) == 1 and tokens[j - 1][1] not in ("x", "m", "eng") \
            and not lexicon.LEADING_FILLER.match(tokens[j - 1][0]):
        # the name starts mid-word (…算算|力产业联盟): take the glued word and the name words before it
        j -= 1
        while j > 0 and i - j < 8 and tokens[j - 1][1] in _NAME_POS and not lexicon.LEADING_FILLER.match(tokens[j - 1][0]):
            j -= 1
    start0 = ends[j] - len(tokens[j][0])
    k = i + 1
    if k < len(tokens) and tokens[k][0] in ("区", "园区") and text[start0:end].endswith("园"):
        end = ends[k]  # 产业园 + 区
    qual = _QUALIFIER.match(text, end)
    if qual and gazetteer.is_place(qual.group(1).removesuffix("地区")):
        end = qual.end()  # 国家网络安全产业园区(成渝地区)
    name = text[start0:end]
    if len(name) >= 3 or tag == "nt":
        strong = len(name) >= 5 and name.endswith(_STRONG_TAILS)
        return Mention("organization", start0, end, name, 0.76 if strong else 0.7)
    return None
