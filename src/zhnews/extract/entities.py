"""Mentions -> the distinct entities of one document.

Candidates from the recognizer and the pattern rules are filtered (descriptive phrases that
name no body, generic heads, fragments), overlaps are resolved by confidence and length, every
further occurrence of an accepted name becomes a mention too, and mentions are grouped into
entities: the fullest form is the canonical name, short forms (工信部 for 工业和信息化部, 国资委
for 国务院国资委, 泸州 for 泸州市) and script variants (茍坪/苟坪) are its aliases.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache, lru_cache

from zhnews.document import Entity, Mention, Span
from zhnews.extract import lexicon
from zhnews.extract.ner import gazetteer

# Variant characters that survive Traditional->Simplified conversion; key form uses the right side.
_VARIANTS = str.maketrans({"茍": "苟", "裏": "里", "綫": "线"})
_NATIONAL_PREFIX = ("国家", "中国", "中央", "全国", "国务院", "中华", "中共", "人民")
_PLACE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "省", "市", "区", "县", "镇", "乡")
_COMPANY_TAILS = ("集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "股份")


_LATIN = re.compile(r"[A-Za-z]")
_LATIN_MIXED = re.compile(r"[A-Za-z][\u4e00-\u9fff]|[\u4e00-\u9fff][A-Za-z]|[a-z][A-Z]")
_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_NOT_HAN_NAME = re.compile(r"[^\u4e00-\u9fff·]")
_COUNT_TAIL = re.compile(r"\d+(?:万|亿)?[台个家网站所套]$")  # 终端50万台: a count, no body
_BAD_ORG = re.compile(r"[了暨?？]|^[与和及、]|[与和及、]$|..的|" + _COUNT_TAIL.pattern)


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return re.sub(r"\s+", "", name).translate(_VARIANTS).replace("（", "(").replace("）", ")")


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """泸州市 and 泸州 are one place."""
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _has_proper_part(name: str) -> bool:
    if name.startswith(lexicon.CENTRAL_BODIES) or _LATIN.search(name):
        return True
    if name[0] in "市省区县" and len(name) >= 5 and name.endswith(("局", "委", "厅", "办", "办公室")):
        return True  # 市数字经济发展局: the city's own bureau
    for prefix in _NATIONAL_PREFIX:
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            return rest not in lexicon.GENERIC_ORG_WORDS and len(rest) >= 2
    return any(gazetteer.is_place(name[:n]) for n in (2, 3, 4) if len(name) > n)


def has_org_suffix(name: str) -> bool:
    """Whether a name ends as organizations do (部, 局, 中心, 集团, 大学 …)."""
    return bool(_ORG_SUFFIX_END.search(name)) and not name.endswith(_NOT_ORG_TAILS)


@cache
def _bare_suffixes() -> frozenset[str]:
    return frozenset(gazetteer.org_suffixes())


def keep_model_mention(m: Mention) -> bool:
    """Filter for a trained recognizer's mentions: what can name no entity of its type.

    Organizations: no descriptive or generic phrase, no conference, no clause (a verb or an
    adjective among its words: 实现网络强国, 拓展工业互联网), and either an organization suffix or a
    name-like word in it (a place, a proper noun, a Latin name); places: known to the gazetteer.
    """
    return _keep_model(m.type, m.text)


@lru_cache(maxsize=65536)
def _keep_model(mtype: str, text: str) -> bool:
    t = text.strip()
    if not t or len(t) > 40 or not _WORD_CHAR.search(t) or "?" in t:
        return False
    if mtype == "organization":
        if _descriptive(t) or t in lexicon.GENERIC_ORG_WORDS or lexicon.CONFERENCE_HEAD.search(t):
            return False
        if t.upper() in lexicon.TERM_ACRONYMS:
            return False  # GDP, MACD: a term, not a body
        if t in _bare_suffixes() or _generic_body(t):
            return False  # 交易中心, 联盟: a head word alone names no body
        if t.count("(") + t.count("（") != t.count(")") + t.count("）"):
            return False  # 泸州)产业园: a fragment
        if _COUNT_TAIL.search(t) or (len(t) >= 6 and not has_org_suffix(t) and _clause_inside(t)):
            return False  # 卫星通信终端50万台: a count; 河南地处全国航空运输网络: a clause
        return _org_like(t)
    if mtype == "person":
        if _surname_only(t) or t.endswith(_DOCUMENT_KINDS) or _opens_with_a_common_noun(t):
            return False  # 吴小姐, 郑阿姨: a family name and a form of address name no one; 白皮书 is a document
        # digits or a product-like Latin string (iPhone4, Mate1) name no person
        return not gazetteer.is_place(t) and not any(ch.isdigit() for ch in t) and not _LATIN_MIXED.search(t) \
            and t.upper() not in lexicon.TERM_ACRONYMS
    if mtype == "place":
        from zhnews.extract.interim_ner import is_place_name

        return is_place_name(t)
    return False


@lru_cache(maxsize=16384)
def _opens_with_a_common_noun(name: str) -> bool:
    """关键词二 (a heading), 关键词: a common noun of three or more characters opens no name."""
    import rjieba

    words = rjieba.tag(name)
    return bool(words) and len(words[0][0]) >= 3 and words[0][1] in ("n", "vn", "l")


_DOCUMENT_KINDS = ("白皮书", "蓝皮书", "绿皮书")
_ADDRESS_FORMS = ("先生", "女士", "小姐", "阿姨", "师傅", "大爷", "大妈", "大姐", "同学")


def _surname_only(name: str) -> bool:
    """A family name with a form of address and nothing else (王女士, 欧阳先生)."""
    for form in _ADDRESS_FORMS:
        if name.endswith(form):
            head = name[: -len(form)]
            return 1 <= len(head) <= 2 and head in lexicon.surnames()
    return False


# Strings ending in a title are a post, not a body (浙江省委常委).
_TITLE_TAILS = ("常委", "委员", "书记", "主任", "部长", "局长", "厅长", "会长", "院长", "社长", "行长")
_NOT_ORG_TAILS = ("格局", "布局", "国家队", "主力军", "生力军", "强国", "产业", "联网", "社会", "机会", "体会",
                  "领军", "冠军", "亚军", "季军", "大军", "将军", "参军", "从军", "进军",
                  "实行", "进行", "执行", "运行", "推行", "举行", "流行", "发行", "可行", "先行", "同行",
                  "北部", "南部", "东部", "西部", "中部", "东北部", "西北部", "东南部", "西南部", "中北部", "中南部", "市中心",
                  "网站", "基站", "上司", "官司", "部署", "申报", "内部", "开会", "分工", "决策", "国际化", "出处", "到处", "之处", "好处", "益处", "用处", "此处", "各处", "相处")
_PROPER_POS = frozenset({"ns", "nt", "nz", "nr", "nrt", "nrfg", "eng", "j", "x"})
_CLAUSE_POS = ("v", "a", "d", "p", "c", "u", "r", "m")
_OFFICE_CHARS = frozenset("办局委厅处署")


@lru_cache(maxsize=16384)
def _org_like(name: str) -> bool:
    """Whether a recognizer's organization reads as a name rather than a clause or a slogan.

    The tagger's parts of speech are weak evidence on names (it tags 招行 a verb), so they only
    veto long strings that read as clauses (建设信息消费体验中心, 实现网络强国) and single
    dictionary words (汇聚, 领军).
    """
    import rjieba

    tags = rjieba.tag(name)
    proper = any(pos in _PROPER_POS for _, pos in tags)
    clause_word = any(len(w) >= 2 and pos.startswith(_CLAUSE_POS) and pos != "vn" for w, pos in tags)
    if name.endswith(_NOT_ORG_TAILS) or name.endswith(_TITLE_TAILS):
        return False  # 新格局, 国家队
    if len(tags) > 1 and any(pos in ("i", "l") for _, pos in tags) and not has_org_suffix(name):
        return False  # 某市贯彻落实国家数字中国: an idiom or set phrase makes it a clause
    if len(tags) > 1 and tags[-1][0] in _SLOGAN_HEADS and not any(pos in _PROPER_POS and pos != "j" for _, pos in tags[:-1]):
        return False  # 数字中国, 数字政府
    if len(tags) >= 2 and len(name) >= 4 and all(pos in ("ns", "j", "f") for _, pos in tags) \
            and any(pos in ("j", "f") for _, pos in tags) and not has_org_suffix(name):
        return False  # 川南渝西: a region
    if len(tags) > 1 and len(tags[-1][0]) == 1 and tags[-1][1] not in ("n", "ng", "nt", "nz", "j") \
            and not (len(tags) >= 3 and tags[-1][0] in _OFFICE_CHARS and len(tags[-2][0]) >= 2 and tags[0][1] in _PROPER_POS):
        return False  # 康培凯所: a particle, not a suffix (安徽省委网信办: 办 of an office, after a named body)
    if has_org_suffix(name):
        if _LEGAL_NAME.search(name) or _BRANCH.search(name) or _LOCAL_ORGAN.match(name):
            return True  # 某某建筑设计有限公司, 某银行广州分行, 市住建委: the form itself names a body
        head = tags[-1][0]
        if len(tags) > 1 and len(head) >= 2 and tags[-1][1] in ("v", "vd") and head not in _bare_suffixes():
            return False  # 交通出行: the suffix character belongs to a verb, not a body word
        # a clause opens with a verb or an adjective word (建设信息消费体验中心); one character
        # read as one (新韩银行) is too weak a sign, a preposition (在成都设立分公司) is not
        first, first_pos = tags[0]
        return len(tags) == 1 or (len(first) == 1 and first_pos in ("a", "v")) \
            or first_pos not in ("v", "vn", "a", "ad", "d", "p", "c", "u")
    if len(tags) == 1:
        # 汇聚 (a verb) is a word; 热刺, 曼联 are names; 暴雪, 网易 are nouns the recognizer read as names
        # (a compound noun of four or more characters is a concept: 财政政策, 美国股市)
        return proper or (tags[0][1] in ("n", "nz") and len(name) <= 3) or not rjieba.has_word(name)
    last, last_pos = tags[-1]
    if last_pos.startswith("n") and last_pos not in _PROPER_POS and len(last) >= 2 and last not in _BUSINESS_HEADS:
        return False  # 雅安灾区, 证监会部署, 苏州中层: a place or a body and a common noun is no name
    if len(name) <= 4:
        return last_pos not in ("v", "vd")  # 交通出行: a noun and a verb is an activity
    return proper and not clause_word and last_pos not in ("v", "vn")


# Company names in their legal form, branches of a named body, a city's or district's own organ.
# (not after a verb of founding: 成立某某有限公司 is a clause)
_FOUNDING_VERB = r"(?!.*(?:设立|成立|设有|开设|建立|组建|筹建|注册|撤销|收购|入股))"
_LEGAL_NAME = re.compile(_FOUNDING_VERB + r"^[^的了在到向，,]{4,}(?:有限公司|有限责任公司|股份公司)$")
_BRANCH = re.compile(_FOUNDING_VERB + r"^[^的了在到向，,]{2,}(?:分行|支行|分公司|分局|办事处|代表处|营业部)$")
_LOCAL_ORGAN = re.compile(r"^[市省区县][\u4e00-\u9fff]{2,4}(?:委|局|办|厅)$")
_ORG_SUFFIX_END = re.compile(
    r"(?:部|厅|局|委|办|署|院|所|社|行|司|办事处|代表处|中心|集团|公司|控股|银行|大学|学院|学校|研究院|研究所|实验室|联盟|协会|学会|商会|基金会|"
    r"联合会|委员会|办公室|秘书处|投资基金|园区|产业园|软件园|科技园|工业园|创新园|创业园|物流园|科学园|文创园|智慧园|数字园|数据园|信息园|电商园|双创园|开发区|高新区|经开区|交易所|政府|医院|出版社|报社|电视台|日报|新闻网|俱乐部|队|军|网|台|报|会|店|厂)$"
)
# What a firm without a body suffix ends with: its line of business (中信证券, 博时基金, 某某地产),
# or a body noun (美国军方, 清华大学心理学系).
_BUSINESS_HEADS = frozenset(
    "科技 地产 置业 证券 基金 期货 保险 信托 资本 投资 控股 股份 实业 传媒 文化 电子 电器 电气 汽车 能源 医药 药业 "
    "生物 网络 软件 通信 物流 航空 航运 海运 顾问 咨询 营销 设计 教育 国际 农业 食品 钢铁 化工 环保 建设 建工 重工 "
    "机械 装备 数据 信息 智能 互联 影业 娱乐 游戏 体育 乳业 酒业 银行 中华 联合 集团 财经 资讯 财富 智库 产业资本 "
    "兄弟 部门 机构 军方 警方 系 方面".split()
)
# Heads of slogans and programmes that look like names: 数字中国, 网络强国, 川渝通办.
_SLOGAN_HEADS = frozenset("中国 强国 政府 通办 一体化 经济圈 产业 格局".split())


# Function words that end a clause before a name (联盟由X公司, 大会在X举行): a name never starts
# right after one of them inside a recognizer's span.
_GLUE_WORDS = frozenset("由在以为将被对向从把等同跟与和及")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")


@lru_cache(maxsize=16384)
def _glued_boundary(text: str) -> tuple[str, str, str] | None:
    """(head, function word, rest) where a function word stands as a word of its own after a
    head of 1-6 Han characters and before at least 4 characters: 联盟由X公司, not 华为技术有限公司
    (为 is inside the name 华为) nor 同方股份有限公司."""
    import rjieba

    pos = 0
    for token in rjieba.cut(text):
        if pos > 6:
            return None
        if token in _GLUE_WORDS and pos >= 1 and len(text) - pos - 1 >= 4 and _HAN.match(text[:pos]):
            return text[:pos], token, text[pos + 1 :]
        pos += len(token)
    return None


# The verb of the clause an organization is the subject of (某某联盟主办, 某某公司共同发起).
_GLUED_VERB = re.compile(r"(?:共同|联合|分别|一起)?(?:主办|承办|协办|指导|举办|发起|牵头|参与|支持|出席|签署|签约)$")


def trim_leading_clause(m: Mention) -> Mention:
    """An organization with a clause word glued on: 联盟由某某科技有限公司 -> 某某科技有限公司,
    某某产业联盟主办 -> 某某产业联盟.

    The head before the function word must be a bare organization word or a common word; for
    the coordinators 与/和/及 the head must itself end as organizations do, so 工业和信息化部 stays.
    """
    if m.type != "organization":
        return m
    v = _GLUED_VERB.search(m.text)
    if v is not None and v.start() >= 2 and has_org_suffix(m.text[: v.start()]):
        m = Mention(m.type, m.start, m.start + v.start(), m.text[: v.start()], m.score)
    g = _glued_boundary(m.text)
    if g is None or not has_org_suffix(g[2]):
        return m
    head, word, rest = g
    if word in "与和及同跟" and not (has_org_suffix(head) or head in _bare_suffixes()):
        return m
    if word not in "与和及同跟" and _has_proper_part(head) and head not in _bare_suffixes():
        return m
    start = m.start + len(head) + len(word)
    return Mention(m.type, start, m.end, rest, m.score)


def defer_to_model(lexical: list[Mention], model_orgs: list[Mention]) -> list[Mention]:
    """Lexicon candidates that lose to a trained recognizer's organization on the same characters.

    A foreign city the recognizer reads as an organization is a club or a firm named after it
    (罗马 in 切沃vs罗马); an organization built leftwards from a suffix over words that are no
    name (前述邮储银行, 案开庭渣打银行) loses to the recognizer's shorter one ending at the same
    character. A prefix that is a place or a proper word (四川省经济和 of 信息化厅, 达飞 of
    海运集团) keeps the longer name. A lexicon organization the recognizer's runs on from, to
    another body word (安徽省委 of 安徽省委网信办), gives way to the longer one.
    """
    if not model_orgs:
        return lexical
    spans = {(m.start, m.end) for m in model_orgs}
    by_end = {m.end: m for m in model_orgs}
    by_start: dict[int, Mention] = {}  # the longest recognizer organization starting at each character
    for m in model_orgs:
        if m.start not in by_start or m.end > by_start[m.start].end:
            by_start[m.start] = m
    out = []
    for m in lexical:
        if m.type == "place" and (m.start, m.end) in spans and _foreign_city(m.text):
            continue
        if m.type == "organization":
            outer = by_start.get(m.start)
            if outer is not None and outer.end > m.end and has_org_suffix(outer.text) \
                    and _keep_model("organization", outer.text) and has_org_suffix(m.text):
                continue  # 安徽省委 inside 安徽省委网信办: the recognizer's name runs on to a body word
            inner = by_end.get(m.end)
            if inner is not None and inner.start > m.start and _keep_model("organization", inner.text):
                if not _named_prefix(m.text[: inner.start - m.start]):
                    continue
        out.append(m)
    return out


@lru_cache(maxsize=4096)
def _named_prefix(prefix: str) -> bool:
    """达飞 of 达飞海运集团, 四川省经济和 of 四川省经济和信息化厅: a place or a proper word starts the
    longer name; 前述, 案开庭, 积极响应 name nothing, nor does a clause (刘某现任, 某某担任)."""
    import rjieba

    tags = rjieba.tag(prefix)
    if prefix.endswith("任") or any(pos.startswith("v") and pos != "vn" for _, pos in tags):
        return False  # 刘某现任: a clause with a verb, whatever names it holds
    if _has_proper_part(prefix) or any(gazetteer.is_place(prefix[:n]) for n in (2, 3, 4)):
        return True
    return any(pos in _PROPER_POS for _, pos in tags)


@lru_cache(maxsize=4096)
def _foreign_city(name: str) -> bool:
    place = gazetteer.lookup_place(name)
    if place is None or place.level != "city" or not place.parent:
        return False
    parent = gazetteer.lookup_place(place.parent)
    return parent is not None and parent.level == "country" and parent.name != "中国"


def _descriptive(name: str) -> bool:
    """有关部门, 该公司, 贵单位: no specific body; a name that starts with a place (贵阳市委, 本溪市委)
    is not the demonstrative or honorific it starts like."""
    return bool(lexicon.DESCRIPTIVE_ORG.match(name)) and not any(gazetteer.is_place(name[:n]) for n in (2, 3))


# Category heads: a modifier and one of them (科研机构, 中介组织, 龙头企业) names a kind of body.
_GENERIC_HEAD = re.compile(r"^[\u4e00-\u9fff]{0,4}(?:机构|单位|部门|机关|企业|院所|高校|院校|团体|组织|主体)$")


# Kinds of banks and firms: 股份制商业银行, 大型国有银行, 外资法人银行.
_GENERIC_KIND = re.compile(
    r"^(?:某|各|一家|多家|大型|中型|小型|中小型?|境内|境外|全球|国内|外资|中资|国有|股份制|商业|法人|会员|城商|农商|民营|地方|"
    r"上市|非上市|其他|龙头|骨干|优质|明星|创新|高科技|科技型|信息化|平台|配资|城投|证券|投资|私募|公募|央企|国企|IPO|A股|新)+"
    r"(?:银行|企业|公司|集团|基金)$"
)
# What follows a place in 韩国公司, 浙江上市公司, 韩国总部: a kind of body, not its name
# (中国银行 and 中国电信 are names: a bare 银行 after a place is not listed).
_KIND_AFTER_PLACE = re.compile(r"^(?:公司|企业|总公司|总部|分部|集团|企业集团|高校|院校|高等院校|科研院所|院所|机构|部门)$")
# 三家公司, 百家企业: counted bodies; 广州某银行, 北京某信息技术公司: an unnamed one.
_COUNTED = re.compile(r"^(?:[\d一二两三四五六七八九十百千几数多]+家|.*某)")


def _generic_body(name: str) -> bool:
    """科研机构, 龙头企业, 股份制银行: a category, unless a proper part names the body (国家电网企业 is
    rare, 华为 is none); a place and a kind (韩国公司, 浙江上市公司); counted or unnamed bodies
    (三家公司, 广州某银行)."""
    if _COUNTED.match(name):
        return True
    if (_GENERIC_HEAD.match(name) or _GENERIC_KIND.match(name)) and not _has_proper_part(name):
        return True
    for n in (4, 3, 2):
        if len(name) > n and gazetteer.is_place(name[:n]):
            rest = name[n:]
            if rest in ("集团", "公司") and gazetteer.place_level(name[:n]) in ("county", "town"):
                return False  # 北辰集团, 长城公司: a district's name is also a firm's
            return bool(_KIND_AFTER_PLACE.match(rest) or _GENERIC_KIND.match(rest) and "银行" not in rest[-2:])
    return False


def keep_mention(m: Mention) -> bool:
    """Whether a candidate mention of a pattern rule or the interim recognizer can name an entity."""
    return _keep_candidate(m.type, m.text, m.score >= 0.75)


@lru_cache(maxsize=65536)
def _keep_candidate(mtype: str, t: str, confident: bool) -> bool:
    if mtype == "person":
        if "·" in t:  # 古丽米拉·艾山, 萨姆·奥尔特曼: a transliterated name, its parts 1-8 characters
            return bool(re.fullmatch(r"[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8}){1,2}", t))
        return 2 <= len(t) <= 5 and lexicon.is_surname_start(t) and not gazetteer.is_place(t) and not _NOT_HAN_NAME.search(t)
    if mtype == "organization":
        if not 2 <= len(t) <= 30 or _descriptive(t) or t in lexicon.GENERIC_ORG_WORDS:
            return False
        if _BAD_ORG.search(t) or gazetteer.is_place(t):
            return False
        if lexicon.CONFERENCE_HEAD.search(t) or _generic_body(t) or t.endswith(_NOT_ORG_TAILS) or _clause_inside(t):
            return False
        return confident or _has_proper_part(t)
    if mtype == "place":
        return len(t) >= 2 and "?" not in t
    return False


@lru_cache(maxsize=16384)
def _clause_inside(name: str) -> bool:
    """国务院召集一行三会, 机构总结民营银行: a verb (not a verbal noun: 发展, 建设) between the
    words of a name built from its suffix makes it a clause; a legal company name is a name."""
    import rjieba

    if _LEGAL_NAME.search(name):
        return False
    tags = rjieba.tag(name)
    return any(len(w) >= 2 and pos in ("v", "vd") and w not in _NAME_VERBS or w in "被把将疑" for w, pos in tags[1:-1])


# Verbs that names of bodies are made of (创新中心, 海口市创新创业投资基金, 安全测评中心).
_NAME_VERBS = frozenset("联合 共建 创新 创业 孵化 测评 检测 研发 服务 培训 交易 发展 改革 投资 管理 监督 保护 促进 引导".split())


def resolve_overlaps(cands: list[Mention]) -> list[Mention]:
    """Greedy: higher confidence first, then longer; an accepted span blocks overlapping ones.
    A place inside an organization's name (泸州 in 泸州市委) is part of that name, not a mention."""
    if not cands:
        return []
    size = max(m.end for m in cands) + 1
    org_cover = [0] * size  # longest organization candidate covering each character
    for m in cands:
        if m.type == "organization":
            length = m.end - m.start
            for i in range(m.start, m.end):
                if org_cover[i] < length:
                    org_cover[i] = length
    cands = [m for m in cands if m.type != "place" or min(org_cover[m.start : m.end]) <= m.end - m.start]
    # An organization inside a longer one that ends as organizations do (福建省公安厅 in
    # 福建省公安厅经侦总队, 工信部 in 工信部网安中心) is part of that name.
    named_cover = [0] * size
    for m in cands:
        if m.type == "organization" and _ORG_SUFFIX_END.search(m.text) and not m.text.endswith(_TITLE_TAILS):
            length = m.end - m.start
            for i in range(m.start, m.end):
                if named_cover[i] < length:
                    named_cover[i] = length
    cands = [m for m in cands if m.type != "organization" or m.score >= 0.8
             or min(named_cover[m.start : m.end]) <= m.end - m.start]
    order = sorted(cands, key=lambda m: (-m.score, -(m.end - m.start), m.start))
    taken = bytearray(size)
    out: list[Mention] = []
    for m in order:
        if any(taken[m.start : m.end]):
            continue
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        out.append(m)
    out.sort(key=lambda m: m.start)
    return out


_DEFINED_SHORT = re.compile(r"[（(](?:以下)?(?:简称|下称)[：:]?[“\"「]?(?P<short>[^”\"」）)，,、]{2,12}?)[”\"」]?[）)]")


def _defines_short_forms(text: str) -> bool:
    return "简称" in text or "下称" in text


def _definitions(text: str, by_end: dict):
    """(what ends right before it, the match) of each short form the text defines (X（以下简称“Y”）)."""
    for d in _DEFINED_SHORT.finditer(text):
        full = by_end.get(d.start())
        if full is not None:
            yield full, d


def defined_short_forms(text: str, mentions: list[Mention]) -> list[Mention]:
    """海南琼数智能科技有限公司（以下简称“琼数智能”）: the short form is the same entity wherever it
    is written; a recognizer's other reading of it (a person) goes."""
    if not _defines_short_forms(text):
        return mentions
    defined: dict[str, Mention] = {}
    for full, d in _definitions(text, {m.end: m for m in mentions}):
        if full.type != "person":
            short = d.group("short")
            defined[short] = Mention(full.type, d.start("short"), d.end("short"), short, 0.9)
    if not defined:
        return mentions
    kept = [m for m in mentions if not (m.text in defined and m.type != defined[m.text].type)]
    taken = {(m.start, m.end) for m in kept}
    kept += [m for m in defined.values() if (m.start, m.end) not in taken]
    return sorted(kept, key=lambda m: m.start)


def short_form_referents(text: str, orgs: list[Mention]) -> list[Mention]:
    """Every place a defined short form of an organization is written, as a mention under the
    full name (for what refers back to a body: 公司创始人 after 琼数智能总部位于海口)."""
    if not _defines_short_forms(text):
        return []
    out = []
    for full, d in _definitions(text, {m.end: m for m in orgs if m.type == "organization"}):
        short = d.group("short")
        pos = text.find(short, d.end())
        while pos >= 0:
            out.append(Mention("organization", pos, pos + len(short), full.text, 0.9))
            pos = text.find(short, pos + len(short))
    return out


def merge_defined_short_forms(text: str, entities: list[Entity]) -> list[Entity]:
    """The entity of a defined short form (琼数智能 of 海南琼数智能科技有限公司（以下简称“琼数智能”）)
    is the full name's: one entity, the short form among its aliases."""
    if not _defines_short_forms(text):
        return entities
    out = list(entities)
    for full, d in _definitions(text, {sp.end: e for e in entities for sp in e.spans}):
        short = next((e for e in out if e.name == d.group("short") and e.type == full.type), None)
        if short is None or short is full or full not in out:
            continue
        full.aliases = sorted({*full.aliases, short.name, *short.aliases} - {full.name})
        full.spans = sorted([*full.spans, *short.spans], key=lambda sp: sp.start)
        out.remove(short)
    return out


def add_repeats(text: str, mentions: list[Mention]) -> list[Mention]:
    """Every further occurrence of an accepted name (not inside another mention) is a mention too."""
    names: dict[str, str] = {}
    for m in mentions:
        if len(m.text) >= 2 and m.text == text[m.start : m.end]:
            names.setdefault(m.text, m.type)
    if not names:
        return mentions
    taken = bytearray(len(text) + 1)
    for m in mentions:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    extra = []
    for s, name in _occurrences(text, names):
        e = s + len(name)
        if any(taken[s:e]):
            continue
        extra.append(Mention(names[name], s, e, name, 0.5))
    return sorted(mentions + extra, key=lambda m: m.start)


def _occurrences(text: str, names) -> list[tuple[int, str]]:
    """Non-overlapping occurrences of ``names``, scanning left to right and taking the longest
    name at each position (what a longest-first regex alternation finds, without compiling one
    per document)."""
    hits: list[tuple[int, int, str]] = []
    for name in names:
        i = text.find(name)
        while i >= 0:
            hits.append((i, -len(name), name))
            i = text.find(name, i + 1)
    hits.sort()
    out: list[tuple[int, str]] = []
    reached = 0
    for start, neg_len, name in hits:
        if start >= reached:
            out.append((start, name))
            reached = start - neg_len
    return out


def _is_alias(short: str, long: str) -> bool:
    """工信部 of 工业和信息化部 (same first and last character, characters in order),
    国资委 of 国务院国资委 (a tail of at least three characters), 中国电子 of 中国电子集团."""
    if short == long or len(short) >= len(long) or len(short) < 2:
        return False
    if long.endswith(short) and len(short) >= 3:
        return True
    for tail in _COMPANY_TAILS:
        if long == short + tail:
            return True
    if len(short) >= 2 and _trade_name(long) == short:
        return True  # 麒麟星云 of 深圳麒麟星云软件有限公司: the firm's own name between place and trade
    if short[0] != long[0] or short[-1] != long[-1] or len(short) > len(long) - 2:
        return False
    it = iter(long)
    return all(ch in it for ch in short)


_LEGAL_FORM = re.compile(r"(?:集团股份有限公司|集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|公司)$")
_TRADES = sorted(_BUSINESS_HEADS | {"信息技术", "网络科技", "技术", "软件技术", "数字科技", "智能科技", "电子科技", "信息科技"},
                 key=len, reverse=True)


@lru_cache(maxsize=16384)
def _trade_name(name: str) -> str | None:
    """The name proper of a company written place + name + trade + legal form (深圳 麒麟星云 软件
    有限公司 -> 麒麟星云; 中科云岭（北京）科技有限公司 -> 中科云岭), or None."""
    legal = _LEGAL_FORM.search(name)
    if legal is None:
        return None
    core = name[: legal.start()]
    core = re.sub(r"[（(][\u4e00-\u9fff]{2,4}[）)]", "", core)  # （北京）: the seat in brackets
    for n in (4, 3, 2):
        if len(core) > n + 2 and gazetteer.is_place(core[:n]):
            core = core[n:]
            break
    for trade in _TRADES:
        if core.endswith(trade) and len(core) - len(trade) >= 2:
            core = core[: -len(trade)]
            break
    return core if len(core) >= 2 else None


def _one_type_per_name(mentions: list[Mention]) -> list[Mention]:
    """A name read as two types in one document (诺基亚 as person and organization) takes the type
    with more evidence: summed confidence of its mentions."""
    weight: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for m in mentions:
        weight[m.text][m.type] += m.score
    best = {name: max(types.items(), key=lambda kv: (kv[1], kv[0] == "organization"))[0]
            for name, types in weight.items() if len(types) > 1}
    return [m if m.text not in best or best[m.text] == m.type else Mention(best[m.text], m.start, m.end, m.text, m.score)
            for m in mentions]


def group_entities(mentions: list[Mention]) -> list[Entity]:
    """Group mentions of one document into entities with canonical names and aliases."""
    forms: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    mentions = _one_type_per_name(mentions)
    for m in mentions:
        key = place_key(_key(m.text)) if m.type == "place" else _key(m.text)
        forms[(m.type, key)].append(m)
    entities: list[Entity] = []
    for etype in ("person", "organization", "place"):
        groups = [(k, ms) for (t, k), ms in forms.items() if t == etype]
        # longest key first, so short forms find the full name they abbreviate
        groups.sort(key=lambda kv: -len(kv[0]))
        merged: list[tuple[str, list[Mention]]] = []
        # an alias shares its full name's first character or (a tail of 3+) its last three:
        # only those groups are compared (the full pairwise test is quadratic)
        by_first: dict[str, list[int]] = defaultdict(list)
        by_last3: dict[str, list[int]] = defaultdict(list)
        by_trade: dict[str, list[int]] = defaultdict(list)  # 麒麟星云 -> 深圳麒麟星云软件有限公司
        for key, ms in groups:
            target = None
            if etype == "organization":
                near = set(by_first.get(key[:1], ()))
                if len(key) >= 3:
                    near.update(by_last3.get(key[-3:], ()))
                near.update(by_trade.get(key, ()))
                matches = [merged[i] for i in sorted(near) if _is_alias(key, merged[i][0])]
                target = matches[0] if len(matches) == 1 else None
            if target is not None:
                target[1].extend(ms)
            else:
                by_first[key[:1]].append(len(merged))
                by_last3[key[-3:]].append(len(merged))
                if etype == "organization" and (trade := _trade_name(key)):
                    by_trade[trade].append(len(merged))
                merged.append((key, list(ms)))
        for _, ms in merged:
            surface = sorted({m.text for m in ms}, key=lambda s: (-len(s), s))
            name = surface[0]
            if etype == "place":
                place = gazetteer.lookup_place(name)
                if place is not None and place.name.startswith(name) and place.name in surface:
                    name = place.name
            spans = sorted({(m.start, m.end) for m in ms})
            entities.append(Entity(etype, name, [s for s in surface if s != name], [Span(s, e) for s, e in spans]))
    entities.sort(key=lambda e: e.spans[0].start)
    return entities
