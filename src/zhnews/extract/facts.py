"""One document's text -> its entities, roles, events and figures (the order of the steps)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from zhnews.document import Entity, Event, Figure, Mention, Role
from zhnews.extract import entities as ent
from zhnews.extract import interim_ner, lexicon, patterns
from zhnews.extract.dates import find_dates, parse_doc_date
from zhnews.extract.events import EventContext, find_events
from zhnews.extract.figures import find_figures
from zhnews.extract.roles import dedup_roles, find_elected, find_honours, find_titled_names
from zhnews.extract.text_units import split_sentences

# A trained recognizer's mentions rank below the pattern rules and the lexicon recognizer when
# spans conflict: on news its boundaries are the weaker evidence (信息化厅 for 四川省经济和信息化厅).
_MODEL_SCORE_CAP = 0.65


@dataclass(slots=True)
class Facts:
    entities: list[Entity]
    roles: list[Role]
    events: list[Event]
    figures: list[Figure]


_NAME_CONTINUES = re.compile(r"大会|论坛|峰会|会议|博览会|发布会|标杆|示范|名单|项目|产业|行动|计划|规划|白皮书|报告|指数|大赛|创新|发展")


# 湖北智能 of 2025湖北智能制造创新发展论坛: the name runs on, unpunctuated, to a meeting's head word.
_MEETING_AHEAD = re.compile(r"[\u4e00-\u9fff0-9]{0,10}?(?:大会|论坛|峰会|博览会|交易会|发布会|研讨会|推介会|大赛)")


def _inside_a_longer_name(text: str, m: Mention) -> bool:
    """An organization without a suffix right before 大会/示范/名单… is the head of a longer name
    (第五届中国工业互联网大会), not a body."""
    return m.type == "organization" and not ent.has_org_suffix(m.text) and bool(
        _NAME_CONTINUES.match(text, m.end) or _MEETING_AHEAD.match(text, m.end)
    )


def _inside_a_titled_name(m: Mention, named: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(named, (m.start, 10**12)) - 1
    return i >= 0 and named[i][0] <= m.start and m.end <= named[i][1] and m.end - m.start < named[i][1] - named[i][0]


_OFFICE = re.compile(r"新闻办公室|办公厅|办公室|秘书处|办事处")
_BRANCH = re.compile(r"(?P<seat>[\u4e00-\u9fff]{2,4}?)(?:分公司|分行|支行|分中心|分院)")
_DASHES = "—–－"


def _office_after(text: str, m: Mention) -> int:
    """The length of what a body's name runs on to: an office written right after it
    (…信息化委员会办公室, 自治区人民政府办公厅), a branch in a named city (…有限公司南宁分公司)."""
    if m.type != "organization":
        return 0
    if m.text.endswith(("委员会", "领导小组", "工作组", "政府")):
        o = _OFFICE.match(text, m.end)
        return o.end() - m.end if o else 0
    if m.text.endswith(("公司", "集团", "银行", "研究院")):
        b = _BRANCH.match(text, m.end)
        if b and ent.gazetteer.is_place(b.group("seat")):
            return b.end() - m.end
    return 0


_BARE_BODY = re.compile(r"(?P<level>[市区县])(?P<body>委|人民政府|政府)(?!员|会|书记|办)")


def _bare_local_bodies(text: str, mentions: list[Mention]) -> list[Mention]:
    """区委常委、常务副区长钱立峰 in an article about 武进区: a bare 区委/市政府 is the body of the
    district or city the article is about (the one of that level it names most), named in full."""
    if "委" not in text and "政府" not in text:
        return []
    places = [m for m in mentions if m.type == "place"]
    covered = [(m.start, m.end) for m in mentions if m.type == "organization"]
    out = []
    seats: dict[str, str | None] = {}
    for b in _BARE_BODY.finditer(text):
        start = b.start()
        if start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff" and text[start - 1] not in "、和及与兼":
            continue  # 武进区委, 中共某市委: a seat is written
        if any(s <= start < e for s, e in covered):
            continue
        level = b.group("level")
        if level not in seats:
            seats[level] = _main_seat(places, level)
        seat = seats[level]
        if seat:
            out.append(Mention("organization", start, b.end(), seat + b.group("body"), 0.9))
    return out


def _main_seat(places: list[Mention], level: str) -> str | None:
    """The full name of the district (区/县) or city (市) an article names most, if one stands out."""
    counts: dict[str, int] = {}
    for m in places:
        place = ent.gazetteer.lookup_place(m.text)
        if place is None or not place.name.endswith(level) or place.level != ("city" if level == "市" else "county"):
            continue
        counts[place.name] = counts.get(place.name, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None  # two as often: no telling which
    return ranked[0][0]


def _described(text: str, m: Mention) -> bool:
    """是上海首个聚焦开源生态的跨行业产业联盟: a kind of body after 的, with no proper word, describes."""
    return m.type == "organization" and m.start > 0 and text[m.start - 1] == "的" and not ent._has_proper_part(m.text)


def _as_places(m: Mention) -> list[Mention]:
    """乌鲁木齐市新市区 read as a body: a city and its district, two places (none if it is no such chain)."""
    parts = patterns.place_parts(m.text) if m.type == "organization" else None
    return [Mention("place", m.start + off, m.start + off + len(name), name, 0.85) for off, name in parts or ()]


_LEGAL_END = re.compile(lexicon.LEGAL_FORM)


def _cut_after_legal_form(m: Mention) -> Mention:
    """河南翔宇通用航空有限公司签署低空智能网: a company's legal name ends the name when a verb follows."""
    if m.type != "organization" or len(m.text) < 8:
        return m
    legal = _LEGAL_END.search(m.text)
    if legal is None or legal.end() == len(m.text):
        return m
    import rjieba

    words = rjieba.tag(m.text[legal.end() :])
    if words and words[0][1].startswith("v") and words[0][1] != "vn":
        return Mention(m.type, m.start, m.start + legal.end(), m.text[: legal.end()], m.score)
    return m


def _opened_by_a_place(text: str, mentions: list[Mention], joins: Callable[[Mention], bool], floor: float = 0.0) -> list[Mention]:
    """An organization whose name a place written right before it opens, across a joint ``joins``
    accepts (the character before the organization): the name runs from the place."""
    place_at_end = {m.end: m for m in mentions if m.type == "place"}
    out = []
    for m in mentions:
        if m.type == "organization" and m.start > 0 and joins(m):
            place = place_at_end.get(m.start - 1)
            if place is not None:
                m = Mention(m.type, place.start, m.end, text[place.start : m.end], max(m.score, floor))
        out.append(m)
    return out


def _place_and_big_data(text: str, mentions: list[Mention]) -> list[Mention]:
    """贵阳大数据交易所, 北部湾大数据交易中心: a segmenter cuts 贵阳|大|数据交易所; a place written
    right before 大数据 opens the name."""
    if "大数据" not in text:
        return mentions
    return _opened_by_a_place(text, mentions, lambda m: m.text.startswith("数据") and text[m.start - 1] == "大", 0.76)


def _joined_by_dash(text: str, mentions: list[Mention]) -> list[Mention]:
    """中国—东盟信息港股份有限公司: a place and a dash before an organization open its name."""
    if not any(d in text for d in _DASHES):
        return mentions
    return _opened_by_a_place(text, mentions, lambda m: text[m.start - 1] in _DASHES)


def _defer_to_model_places(lexical: list[Mention], places: list[Mention]) -> list[Mention]:
    """A gazetteer place inside a longer district or town the recognizer found (南区 of 浑南区,
    which the segmenter cut 浑|南区) gives way to it (成渝地区 inside 成渝地区双城经济圈 stays)."""
    if not places:
        return lexical
    longer = [p for p in places if patterns.is_new_area(p.text)
              or (known := ent.gazetteer.lookup_place(p.text)) is not None and known.level in ("county", "town")]
    return [m for m in lexical if m.type != "place"
            or not any(p.start <= m.start and m.end <= p.end and p.end - p.start > m.end - m.start for p in longer)]


def collect_mentions(text: str, recognize: Callable[[str], list[Mention]], publisher: str | None = None):
    """Recognizer mentions plus pattern mentions, filtered and de-overlapped; and the titled names.

    A trained recognizer's mentions pass a light filter; the interim recognizer's and the
    pattern rules' a strict one.
    """
    trusted = getattr(recognize, "__module__", "") != interim_ner.__name__
    model = []
    if trusted:
        for m in recognize(text):
            m = ent.trim_leading_clause(m)
            if places := _as_places(m):  # 乌鲁木齐市新市区 read as a body
                model += places
            elif m.type == "organization" and patterns.is_new_area(m.text):
                model += patterns.new_area_places([m])  # 贵安新区: a place (its score beats 江北 of 江北新区)
            elif ent.keep_model_mention(m) and not _inside_a_longer_name(text, m):
                end = m.end + _office_after(text, m)
                model.append(Mention(m.type, m.start, end, text[m.start : end], min(m.score, _MODEL_SCORE_CAP)))
    # the lexicon recognizer always runs: gazetteer places and suffix-built organizations
    raw = patterns.new_area_places([p for m in interim_ner.recognize(text) for p in (_as_places(m) or [m])])
    lexical = [m for m in map(ent.trim_leading_clause, _place_and_big_data(text, raw))
               if ent.keep_mention(m) and not (trusted and m.type == "person") and not _described(text, m)]
    if trusted:
        persons = [m for m in model if m.type == "person"]  # 人民政府副市长某某代表市政府: a name inside is no body's
        lexical = [m for m in lexical if m.type != "organization" or not any(m.start <= p.start and p.end <= m.end for p in persons)]
        lexical = ent.defer_to_model(lexical, [m for m in model if m.type == "organization"])
        lexical = _defer_to_model_places(lexical, [m for m in model if m.type == "place"])
        model = _defer_to_model_places(model, [m for m in model if m.type == "place" and patterns.is_new_area(m.text)])
    model += lexical
    model = _joined_by_dash(text, model)
    model = [_cut_after_legal_form(m) for m in model]
    # a name with its seat in brackets, which the title rule and the recognizer cut at the bracket
    bracketed = patterns.bracketed_seat_names(text) if "（" in text or "(" in text else []
    bracketed += patterns.organ_names(text, model)  # 发展和改革委员会: names a segmenter cuts at 和
    bracketed += _bare_local_bodies(text, model)  # 区委 of an article about 武进区: 武进区委
    bracketed += patterns.quoted_founded_bodies(text)  # “信创与数据安全联合实验室”揭牌
    model_orgs = [m for m in model if m.type == "organization"] + bracketed
    titled = find_titled_names(text, model_orgs, publisher, ent.short_form_referents(text, model_orgs),
                               [m for m in model if m.type == "person"])
    # a title right before a name is stronger evidence than a place read inside it (院士江海澜: not 江海)
    named = sorted((t.person.start, t.person.end) for t in titled)
    if named:
        model = [m for m in model if m.type != "place" or not _inside_a_titled_name(m, named)]
    cands: list[Mention] = list(bracketed)
    for t in titled:
        cands.append(t.person)
        cands += t.orgs
    cands += patterns.speech_names(text)
    cands += patterns.abbreviation_places(text)
    cands += patterns.company_names(text, [m for m in model if m.type == "place"])
    cands += patterns.investor_names(text)
    cands += patterns.signing_parties(text)
    kept = model + [m for m in map(ent.trim_leading_clause, cands) if ent.keep_mention(m)]
    if "、" in text:  # enumerations are 、-lists: no 、, no list to type
        listed = patterns.list_mentions(text, ent.resolve_overlaps(kept))
        kept += [m for m in map(ent.trim_leading_clause, listed) if ent.keep_mention(m)]
    mentions = patterns.new_area_places(ent.resolve_overlaps(kept))
    mentions = ent.defined_short_forms(text, mentions)
    mentions = ent.add_repeats(text, mentions)
    # (a body named through its committee, 陕西省委宣传部 written 宣传部, seats no place where it is written)
    mentions += patterns.seat_places([m for m in mentions if m.type == "organization" and text[m.start : m.end] == m.text])
    mentions.sort(key=lambda m: m.start)
    return mentions, titled


def extract_facts(text: str, recognize: Callable[[str], list[Mention]], *, published: str | None = None,
                  publisher: str | None = None) -> Facts:
    """Entities, roles, events and figures of one clean text."""
    mentions, titled = collect_mentions(text, recognize, publisher)
    entities = ent.merge_defined_short_forms(text, ent.group_entities(mentions))
    persons = {e.name for e in entities if e.type == "person"} | {a for e in entities if e.type == "person" for a in e.aliases}
    orgs = [m for m in mentions if m.type == "organization"]
    roles = [r for t in titled for r in t.roles if t.person.text in persons]
    roles += find_honours(text, persons, orgs)
    roles += find_elected(text, persons, orgs)
    roles = dedup_roles(roles)
    sentences = split_sentences(text)
    ref = parse_doc_date(published)
    ctx = EventContext(text, sentences, find_dates(text, published), entities, roles, ref.year if ref else None)
    events = find_events(ctx)
    figures = find_figures(text)
    return Facts(entities, roles, events, figures)


