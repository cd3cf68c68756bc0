"""Pattern-based mentions that complement the statistical recognizer.

* names before a speech verb at a clause start (张卫东致辞时表示), when the name is no dictionary word;
* members of enumerations: 中国长城、四川移动、四川大学共同签署 / 国家电网、中国联通等60余家企业 —
  one organization in the list, or an organization tail, makes the other items organizations;
  a list of places makes its unknown short forms places (永川、江津和荣昌);
* elliptical coordination: 泸州市委、市政府 -> 泸州市政府;
* one-character place abbreviations where the context asks for a place: 在京举办 -> 北京;
  abbreviation pairs naming a region: 川渝两地 -> 川渝;
* the seat of a government body or park: 郑州国家高新区 -> 郑州.
"""

from __future__ import annotations

import re
from functools import cache

from zhnews.document import Mention
from zhnews.extract import lexicon
from zhnews.extract.ner import gazetteer

_CLAUSE_START = r"(?:(?<=[，,。；;：:\n“”\"（(、])|^)"


@cache
def _speech_name_re() -> re.Pattern[str]:
    verbs = "|".join(sorted(lexicon.SPEECH_VERBS, key=len, reverse=True))
    return re.compile(rf"{_CLAUSE_START}(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?:在|还|也|则|随后|最后|同时)?(?:{verbs})", re.M)


@cache
def _abbreviation_re() -> re.Pattern[str]:
    chars = "".join(sorted({line for line in _abbreviation_chars()}))
    return re.compile(
        rf"(?:在|赴|来|抵|返|回|离|驻|于)(?P<abbr>[{chars}])(?=举办|举行|召开|开幕|闭幕|落幕|发布|启动|签约|签署|成立|揭牌|开展|考察|调研|[，。、,])"
    )


@cache
def _pair_re() -> re.Pattern[str]:
    chars = "".join(sorted(_abbreviation_chars()))
    return re.compile(rf"(?P<pair>[{chars}]{{2,3}})(?=两地|三地|两省|两省市|两市|地区|一体化|合作|协同|双城)")


@cache
def _abbreviation_chars() -> frozenset[str]:
    return frozenset(ch for ch in "京沪津渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀黔贵滇云藏陕秦甘陇青宁新港澳台蓉锡穗杭甬榕厦深汉" if gazetteer.place_abbreviation(ch))


_ITEM = r"[\u4e00-\u9fffA-Za-z0-9·（）()?]{2,30}"
_LIST = re.compile(rf"{_ITEM}(?:、{_ITEM})+(?:(?:和|及|与|以及){_ITEM})?")
_ORG_END = re.compile(
    r"(?:部|厅|局|委|办|院|所|会|社|行|中心|集团|公司|大学|学院|联盟|协会|园区|交易所|银行|医院|政府|研究院|实验室)$"
)
_SIGN_AFTER = re.compile(r"^(?:共同|一起|联合|分别|正式|现场)?(?:签署|签订|签约|签下|达成)")


_FUNCTION_CHARS = re.compile(r"[被把将在对为与和及是了的也又还就都向从]")


def speech_names(text: str) -> list[Mention]:
    """Names at a clause start right before a speech verb, when the name is no dictionary word."""
    import rjieba

    out = []
    for m in _speech_name_re().finditer(text):
        name = m.group("name")
        if lexicon.is_surname_start(name) and not rjieba.has_word(name) and not gazetteer.is_place(name) \
                and not _FUNCTION_CHARS.search(name[1:]) and not (len(name) == 3 and rjieba.has_word(name[1:])):
            out.append(Mention("person", m.start("name"), m.end("name"), name, 0.8))
    return out


def abbreviation_places(text: str) -> list[Mention]:
    """在京举办 -> 北京 (span of 京); 川渝两地 -> 川渝."""
    out = []
    for m in _abbreviation_re().finditer(text):
        full = gazetteer.place_abbreviation(m.group("abbr"))
        if full:
            out.append(Mention("place", m.start("abbr"), m.end("abbr"), full, 0.9))
    for m in _pair_re().finditer(text):
        pair = m.group("pair")
        if len(set(pair)) == len(pair):
            out.append(Mention("place", m.start("pair"), m.end("pair"), pair, 0.8))
    return out


_LAST_JOINER = re.compile(r"(?:和|与|同|跟|及)(?!.*(?:和|与|同|跟|及))")
_JOINED_PAIR = re.compile(r"(.+?)(?:以及|和|及|与)(.+)$")
_ITEM_TAIL = re.compile(r"等|共(?=\d|[一二两三四五六七八九十])|\d|[一二两三四五六七八九十]+(?:个|家|所|地)")
_BAD_ITEM = re.compile(r"[了是]|..的")


def _inside_known(part: str, start: int, end: int, known: dict[str, str] | None) -> bool:
    """Whether ``part[start:end]`` (a joiner) lies inside a name already recognized in it: the 和
    of 工业和信息化部 joins nothing."""
    if not known:
        return False
    for name in known:
        at = part.find(name)
        if at >= 0 and at < start and end <= at + len(name):
            return True
    return False


def _split_items(list_text: str, offset: int, known: dict[str, str] | None = None) -> list[tuple[int, str]]:
    """Items of a 、-list; the last may be joined by 和/及/与, the first may follow one (加强与X)."""
    items: list[tuple[int, str]] = []
    pos = 0
    parts = list_text.split("、")
    for i, part in enumerate(parts):
        start = offset + pos
        pos += len(part) + 1
        if i == 0:
            m = _LAST_JOINER.search(part)
            if m and m.end() < len(part) and m.start() > 0 and not _inside_known(part, m.start(), m.end(), known):
                start, part = start + m.end(), part[m.end() :]
        m = _JOINED_PAIR.match(part)
        if m and len(m.group(1)) >= 2 and len(m.group(2)) >= 2 and (i == len(parts) - 1 or (known and m.group(1) in known)):
            items.append((start, m.group(1)))
            start, part = start + m.start(2), m.group(2)
        tail = _ITEM_TAIL.search(part)
        if tail and tail.start() >= 2:
            part = part[: tail.start()]
        if part:
            items.append((start, part))
    return items


_MAX_CLAUSE = 400  # an enumeration longer than this is no news prose
_CLAUSE_END = re.compile(r"[，,。；;：:！!？\n“”\"]")


def _lists(text: str):
    """Enumerations, searched only in the clauses that hold a 、 (most clauses hold none)."""
    pos = 0
    while True:
        i = text.find("、", pos)
        if i < 0:
            return
        start = i
        floor = max(0, i - _MAX_CLAUSE)
        while start > floor and not _CLAUSE_END.match(text, start - 1):
            start -= 1
        m = _CLAUSE_END.search(text, i, i + _MAX_CLAUSE)
        end = m.start() if m else min(len(text), i + _MAX_CLAUSE)
        yield from _LIST.finditer(text, start, end)
        pos = end


def _after_leading_verb(start: int, item: str) -> tuple[int, str]:
    """南山区集聚了腾讯 -> 腾讯: the first item of a list loses the clause before it (a verb, 了)."""
    import rjieba

    if len(item) <= 3:
        return start, item
    tags = rjieba.tag(item)
    cut, pos = -1, 0
    for word, tag in tags[:-1]:
        pos += len(word)
        if tag.startswith("v") and tag != "vn" or tag in ("ul", "uj", "p"):
            cut = pos
    if cut > 0 and len(item) - cut >= 2:
        return start + cut, item[cut:]
    return start, item


def _first_item_start(start: int, item: str, known: list[Mention]) -> tuple[int, str]:
    """The first item of a list starts where a recognized name that ends with it starts
    (积极响应中央宣传部 -> 中央宣传部, 将会同人民银行 -> 人民银行); else after a leading verb."""
    end = start + len(item)
    inner = [m.start for m in known if m.end == end and start < m.start <= end - 2]
    if inner:
        cut = min(inner)
        return cut, item[cut - start :]
    return _after_leading_verb(start, item)


def list_mentions(text: str, known: list[Mention]) -> list[Mention]:
    """Members of enumerations typed by their neighbours or by what follows the list."""
    recognized = [m for m in known if m.type == "organization"]  # also the model's guesses: for where a name starts
    known = [m for m in known if m.score >= 0.7]  # a trained model's guesses do not type a list
    by_span = {(m.start, m.end): m.type for m in known}
    by_text: dict[str, str] = {}
    for m in known:
        by_text.setdefault(m.text, m.type)
    out: list[Mention] = []
    for lm in _lists(text):
        items = _split_items(lm.group(), lm.start(), by_text)
        # strip leading filler (来自国家电网 -> 国家电网) from the first item
        first_start, first = items[0]
        fm = lexicon.LEADING_FILLER.match(first)
        if fm and fm.end() < len(first):
            items[0] = (first_start + fm.end(), first[fm.end() :])
        items[0] = _first_item_start(*items[0], recognized)
        last_start, last = items[-1]
        tail = text[last_start + len(last) : last_start + len(last) + 24]  # what follows the last item as cut
        types = [by_span.get((s, s + len(t))) or by_text.get(t) for s, t in items]
        n_org, n_person, n_place = types.count("organization"), types.count("person"), types.count("place")
        tail_says_org = bool(lexicon.ORG_LIST_TAIL.match(tail)) or bool(_SIGN_AFTER.match(tail))
        # one odd item (a company the recognizer took for a person) does not outvote the list
        org_list = (tail_says_org and n_person <= max(1, n_org)) or (n_org >= 1 and n_place == 0 and n_person <= n_org // 3)
        place_list = n_place >= 2 and n_org == 0
        split = {(s, t): parts for s, t in items if (parts := place_parts(t))}
        for (s, _t), parts in split.items():  # 青岛市崂山区: a city and its district, not a body
            out += [Mention("place", s + off, s + off + len(name), name, 0.85) for off, name in parts]
        items = [(s, t) for s, t in items if (s, t) not in split]
        if not items:
            continue
        if org_list:
            last_text = items[-1][1]
            tm = lexicon.ORG_LIST_TAIL.match(tail)
            if tm is None:
                # the last item may run into the verb: 广州保伦电子共同签署 -> cut at the list end
                last_text = re.split(r"共同|一起|联合|分别|领投|跟投|参投", last_text)[0]
                items[-1] = (items[-1][0], last_text)
            prev_text = ""
            for s, t in items:
                if lexicon.title_suffix_re().match(t):
                    prev_text = t
                    continue  # 浙江省委常委: a post, not a body
                if t in lexicon.GENERIC_ORG_WORDS and prev_text:
                    m = re.match(r"^(.+?(?:省|市|区|县))(?:委|政府|人大|政协)", prev_text)
                    if m and t.startswith(("市", "省", "区", "县")):
                        out.append(Mention("organization", s, s + len(t), m.group(1) + t[1:], 0.85))
                elif (2 <= len(t) <= 7 or len(t) <= 30 and _ORG_END.search(t)) and not lexicon.DESCRIPTIVE_ORG.match(t) \
                        and t not in lexicon.GENERIC_ORG_WORDS and (by_span.get((s, s + len(t))) != "person" or n_org >= 2):
                    if not gazetteer.is_place(t) and not _BAD_ITEM.search(t):
                        out.append(Mention("organization", s, s + len(t), t, 0.8))
                prev_text = t
        elif place_list:
            for s, t in items:
                if gazetteer.is_place(t):
                    out.append(Mention("place", s, s + len(t), t, 0.85))
    return out


# Investors of a funding round: 由X领投，Y、Z跟投 / X独家投资.
_INVESTORS = re.compile(r"(?:由|，|,|^)(?P<list>[^，,。；;由]{2,60}?)(?:联合|共同)?(?:领投|跟投|参投|独家投资|超额认购|(?:继续)?追加投资|(?:继续)?追投)")
_INVESTOR_LEAD = re.compile(r"^(?:老股东|新股东|股东|投资方|知名投资机构|机构)")
_NOT_INVESTOR = re.compile(r"(?:老股东|股东|机构|投资方|投资人|资本方|基金们|多家|等)$")


def investor_names(text: str) -> list[Mention]:
    """Organizations named as the investors of a funding round (国投创业领投，深创投、中金资本跟投)."""
    if "投" not in text:
        return []
    out = []
    for m in _INVESTORS.finditer(text):
        pos = m.start("list")
        for part in re.split(r"(、|和|及|与|以及)", m.group("list")):
            name = _INVESTOR_LEAD.sub("", part.strip())
            if 2 <= len(name) <= 20 and part not in ("、", "和", "及", "与", "以及") and not _NOT_INVESTOR.search(name) \
                    and not _FUNCTION_CHARS.search(name[:1]):
                start = pos + part.find(name)
                out.append(Mention("organization", start, start + len(name), name, 0.78))
            pos += len(part)
    return out


# The second party of a signing: A与B(在X)签署…
_SIGNING_PARTY = re.compile(
    r"(?:与|和|同)(?P<b>[\u4e00-\u9fffA-Za-z0-9（）()]{2,24}?)(?:在[^，,。；;]{1,12}?|于[^，,。；;]{1,12}?)?(?:就[^，,。；;]{1,20}?)?"
    r"(?:正式|共同|成功|现场|分别)?(?:签署|签订|签约)"
)
_NOT_PARTY = re.compile(r"^(?:对方|双方|各方|多方|其|该|这|本|有关|相关|多家|\d|[一二两三四五六七八九十]+家)|(?:企业|单位|机构|公司们|方面|代表)$|代表")


# Both parties of a joint act at a clause start: 阿里云与蚂蚁集团联合发布…, A和B共同发起….
_JOINT_ACT = re.compile(
    r"(?:^|(?<=[，,。；;：:\n]))(?:会上|同时|此外|近日|日前|当天|今天|昨天)?(?P<a>[\u4e00-\u9fffA-Za-z0-9]{2,12}?)(?:与|和|同)"
    r"(?P<b>[\u4e00-\u9fffA-Za-z0-9]{2,16}?)(?:联合|共同|携手)(?:发布|发起|签署|举办|主办|成立|打造|推出)"
)


_AFTER_LEGAL_FORM = re.compile(f"({lexicon.LEGAL_FORM}).+$")


def signing_parties(text: str) -> list[Mention]:
    """The body after 与 in a signing clause (中国移动与华为在上海签署…): a party, so an organization;
    both bodies of a joint act (阿里云与蚂蚁集团联合发布…)."""
    import rjieba

    out = []
    for m in _JOINT_ACT.finditer(text):
        for group in ("a", "b"):
            name = m.group(group)
            if _NOT_PARTY.search(name) or gazetteer.is_place(name) or name in lexicon.GENERIC_ORG_WORDS \
                    or name in gazetteer.org_suffixes() or [pos for _, pos in rjieba.tag(name)] == ["nr"]:
                continue  # a bare head word (联盟), or a person (张三与李四共同发起)
            out.append(Mention("organization", m.start(group), m.end(group), name, 0.76))
    if "签" not in text:
        return out
    for m in _SIGNING_PARTY.finditer(text):
        name = re.sub(r"(?:甲方|乙方|丙方)$", "", m.group("b"))  # 泰和公司乙方: the party's role in the contract
        name = _AFTER_LEGAL_FORM.sub(r"\1", name)  # 某某有限公司战略合作: the name ends at its legal form
        if len(name) < 2 or _NOT_PARTY.search(name) or gazetteer.is_place(name):
            continue
        out.append(Mention("organization", m.start("b"), m.start("b") + len(name), name, 0.76))
    return out


_QUOTED_FOUNDED = re.compile(
    r"“(?P<q>[^“”]{3,40}(?:实验室|中心|研究院|研究所|联盟|基地|平台|产业园|园区|学院|工作站|创新中心))”(?:正式)?(?:揭牌|成立|挂牌|启用|落户|授牌)"
)


def quoted_founded_bodies(text: str) -> list[Mention]:
    """“信创与数据安全联合实验室”揭牌: a body named in quotes as it is founded (a recognizer cuts such
    names at 与 or reads them as something else)."""
    if "“" not in text:
        return []
    return [Mention("organization", m.start("q"), m.end("q"), m.group("q"), 0.85) for m in _QUOTED_FOUNDED.finditer(text)]


def place_parts(name: str) -> list[tuple[int, str]] | None:
    """(offset, place) of a name made of two or three gazetteer places end to end (青岛市崂山区,
    四川省成都市), else None."""
    parts: list[tuple[int, str]] = []
    pos = 0
    while pos < len(name) and len(parts) < 3:
        for k in range(min(len(name) - pos, 9), 1, -1):
            if gazetteer.is_place(name[pos : pos + k]):
                parts.append((pos, name[pos : pos + k]))
                pos += k
                break
        else:
            return None
    return parts if pos == len(name) and len(parts) >= 2 else None


_SEAT_SUFFIX = re.compile(r"(?:省委|市委|区委|县委|人民政府|政府|高新区|开发区|新区|园区|产业园|示范区|管委会|人大|政协)$")


_COMPANY_REST = re.compile(
    r"[\u4e00-\u9fff]{1,6}?(?:" + "|".join(lexicon.COMPANY_TAIL) + r")(?=[，,。；;、和与及等]|$)"
)


def company_names(text: str, places: list[Mention]) -> list[Mention]:
    """Place + name + trade word (深圳玟晶光电, 四川航天信息): a company named by its home city."""
    out = []
    for p in places:
        place = gazetteer.lookup_place(p.text)
        if place is None or place.level not in ("province", "city") or p.text != text[p.start : p.end]:
            continue
        m = _COMPANY_REST.match(text, p.end)
        if m:
            out.append(Mention("organization", p.start, m.end(), text[p.start : m.end()], 0.78))
    return out


_BRACKET_HEAD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,12}$")
_BRACKET_GLUE = re.compile(r"^.*[由与及在为将被对向从把等同跟是了的]")
_BRACKET_TAIL = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9]{0,20}?(?:研究院|研究所|实验室|中心|集团|公司|大学|学院|联盟|协会|基地|产业园|园区|银行|交易所)"
    r"(?:(?:股份)?有限(?:责任)?公司)?"
)


_BRACKETED_SEAT = re.compile(r"[（(](?P<seat>[\u4e00-\u9fff]{2,8})[）)]")


def bracketed_seat_names(text: str) -> list[Mention]:
    """A name with its seat in brackets: 长三角（苏州）数据流通服务中心, 渤海数算（天津）科技有限公司
    (a recognizer reads a place inside, or a name cut at the bracket). The name starts after the
    verbs and function words before it (启动中国电子（泸州）产业园)."""
    import rjieba

    out = []
    for b in _BRACKETED_SEAT.finditer(text):
        if b.start() < 2 or gazetteer.lookup_place(b.group("seat")) is None:
            continue
        head = _BRACKET_HEAD.search(text, 0, b.start())
        tail = _BRACKET_TAIL.match(text, b.end())
        if head is None or tail is None or tail.end() == b.end():
            continue
        start = head.start()
        glue = _BRACKET_GLUE.match(head.group())
        if glue:
            start += glue.end()
        for word, tag in rjieba.tag(text[start : b.start()]):
            if not tag.startswith(("v", "p", "c", "d", "u", "r", "m", "t")):  # 目前已引进: time words too
                break
            start += len(word)
        if b.start() - start >= 2:
            out.append(Mention("organization", start, tail.end(), text[start : tail.end()], 0.8))
    return out


# Government organs whose standard names hold a 和 (a segmenter splits them there): the
# departments of a province, city or county, and the ministries named the same way.
_ORGAN_CORE = re.compile(
    r"(?:国家)?(?:发展和改革|工业和信息化|经济和信息化|住房和城乡建设|人力资源和社会保障|自然资源和规划|文化和旅游|文化广电和旅游|"
    r"退役军人事务|应急管理|卫生健康|市场监督管理|生态环境|农业农村|交通运输|科学技术|商务|教育|公安|财政|审计|统计|大数据发展|数据)"
    r"(?:委员会|厅|局|部|委)(?!员)"
)
_ORGAN_SEAT = re.compile(r"(?:省|市|区|县|州|自治区|自治州|盟|旗)$")


def organ_names(text: str, places: list[Mention]) -> list[Mention]:
    """广西壮族自治区发展和改革委员会, 南宁市住房和城乡建设局, 市工业和信息化局: a seat written
    right before a standard department name is part of the name; the name needs a 和 (names
    without one are found by the recognizer) or a seat."""
    if "和" not in text:
        return []
    by_end = {m.end: m for m in places if m.type == "place"}
    out = []
    for m in _ORGAN_CORE.finditer(text):
        if "和" not in m.group():
            continue
        start = m.start()
        seat = by_end.get(start)
        if seat is not None:
            start = seat.start
        elif start > 0 and _ORGAN_SEAT.search(text, max(0, start - 3), start):
            start -= len(_ORGAN_SEAT.search(text, max(0, start - 3), start).group())
        out.append(Mention("organization", start, m.end(), text[start : m.end()], 0.8))
    return out


_SEAT_WORD = re.compile(r"(?:省委|市委|人民政府|高新区|开发区|新区|园区|产业园|示范区|管委会)")


_ZONE_NAME = re.compile(r"(?:开发区|高新区|新区|新城|园区|示范区|自贸区|保税区)")
_ZONE_WORDS = ("新区", "新城", "园区", "高新", "开发", "经开", "保税", "示范", "产业", "管委")


_NEW_AREA = re.compile(r"(?<!高)新区")


def is_new_area(name: str) -> bool:
    """贵安新区, 南宁五象新区: a new area's name alone (not 高新区, not a body of one)."""
    area = _NEW_AREA.search(name)
    return area is not None and area.end() == len(name) >= 4


def new_area_places(mentions: list[Mention]) -> list[Mention]:
    """A new area (贵安新区, 南宁五象新区) is a place, not a body: the mention is retyped, a city
    written before its name split off; a body of one (郑东新区管委会) seats it."""
    out = []
    for m in mentions:
        area = _NEW_AREA.search(m.text) if m.type == "organization" else None
        if area is None or area.end() < 4:
            out.append(m)
            continue
        name = m.text[: area.end()]
        if area.end() < len(m.text):
            out.append(m)  # 郑东新区管委会, 滨海新区工业和信息化局: the body stays
        head = next((n for n in (4, 3, 2) if len(name) - n >= 4 and gazetteer.is_place(name[:n])
                     and (p := gazetteer.lookup_place(name[:n])) is not None and p.level in ("province", "city")), 0)
        if head:
            out.append(Mention("place", m.start, m.start + head, name[:head], 0.8))
        out.append(Mention("place", m.start + head, m.start + len(name), name[head:], 0.9))
    return out


def seat_places(orgs: list[Mention]) -> list[Mention]:
    """The place at the head of a government body or park (郑州国家高新区 -> 郑州)."""
    out = []
    for m in orgs:
        if not _SEAT_SUFFIX.search(m.text) and not _SEAT_WORD.search(m.text):
            continue
        if m.text.endswith("新区") and len(m.text) >= 4 and gazetteer.is_place(m.text[:-2].removesuffix("国家级")):
            out.append(Mention("place", m.start, m.end, m.text, 0.8))  # 和林格尔新区: a zone that is also a place
        for n in (3, 2):
            head = m.text[:n]
            place = gazetteer.lookup_place(head)
            if place is not None and place.level not in ("province", "city") and (
                m.text[n : n + 2] in _ZONE_WORDS or _ZONE_NAME.search(m.text)
            ):
                continue  # 某某新区, 东湖新技术开发区: a district-sized name is the zone's own name, not its seat
            if place is not None and place.level != "town" and (head == place.name or head == place.short):
                out.append(Mention("place", m.start, m.start + n, head, 0.8))
                break
    return out
