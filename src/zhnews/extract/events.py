"""Events of six types (meeting, signing, award, release, founding, investment) with their
date, place, name and participants.

Triggers are verbs and nouns of Chinese news; arguments are read from the trigger's clause:
the date is the sentence's date expression or the one in force from earlier sentences
(resolved against the document date), the place the most specific place after 在 (在四川成都召开
-> 成都) or named in the event's name, the name a quoted or bounded noun phrase (“…大会”,
《…计划》, 战略合作协议). One event per happening: repeated reports of the same happening
(a release reported twice, 联盟成立后) are merged.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from zhnews.document import Entity, Event, Role, Span
from zhnews.extract.dates import DateMention, with_year
from zhnews.extract.text_units import Sentence

MEETING_NOUN = r"(?:新闻发布会|发布会|大会|会议|论坛|峰会|座谈会|研讨会|推介会|博览会|展览会|交易会|展销会|交流会|对接会|洽谈会|启动会|推进会|年会|科技节|文化节|艺术节|宣传周|活动周|创新周|科技周|嘉年华|大赛|开幕式|颁奖典礼|典礼|展会|会)"
_MEETING_VERB = r"(?:召开|举办|举行|开幕|闭幕|落幕|启幕|揭幕|开幕式|隆重召开|盛大开幕)"
_NAME_CHARS = r"[\u4e00-\u9fffA-Za-z0-9·（）()“”《》\-]"
_QUOTED = re.compile(r"[“\"](?P<name>[^”\"]{2,60})[”\"]")
_SHORT_NAME = re.compile(r"[（(]以下简称[^）)]*[）)]")
_CLAUSE_SPLIT = re.compile(r"[，,。；;：:！!？?]")
_SUB_ACTIVITY = re.compile(r"^(?:大会|会议|论坛|峰会|会上|会议期间|大会期间|期间|同期|同时|此外|本次大会|本届大会)|还举行|还举办|还将举办|同期")
_PLACE_AFTER_ZAI = re.compile(r"(?:在|于|赴)(?P<span>[^，,。；;]{1,20}?)(?:召开|举办|举行|开幕|闭幕|落幕|成立|揭牌|签署|签约|发布|启动|挂牌|落户|投资|建设|授牌|开工|奠基|投产)")

# 选址涪城区, 落户江北新区, 位于贵安新区: where a project is
_PLACE_SITED = re.compile(r"(?:选址|落户|落地|位于)(?:于|在)?(?P<span>[^，,。；;]{2,12})")
_ORGANIZERS = re.compile(r"(?:由|，|,|^|(?<=办)、|(?<=导)、)(?P<orgs>[^，,。由]{2,80}?)(?:共同|联合)?(?:主办|承办|协办|指导)")
# 主办单位：A、B / 承办单位：C (a list of the organizers, a line each)
_ORGANIZER_LINE = re.compile(r"(?:主办|承办|协办|联合主办)(?:单位|方)[：:](?P<orgs>[^。\n]{2,200})")
_CAPTION = re.compile(r"摄[）)]?[。.]?$|^图[为：:]|（图[^）]*）$")
_ASPIRATION = re.compile(r"(?:力争|争取|努力|致力|有望|计划|打算|将|要|推动|助力|打造|建设)[^，,。]{0,12}$")
_SIGN = re.compile(r"(?:签署|签订|签约|签下)(?:了)?(?P<obj>(?:(?!签署|签订|签约)[\u4e00-\u9fffA-Za-z0-9《》\-+·“”]){0,24}?(?:协议|合同|备忘录|协定|意向书|框架协议|合作书))?")
# A bare 签约 (no agreement named) reports a signing at a clause end, or before what was
# signed up to: 32家企业签约入驻, 签约落户, 集中签约信创项目18个.
_SIGN_BARE_END = re.compile(r"[，,。；;]|入驻|落户|[\u4e00-\u9fff]{0,8}?项目(?:\d+|[一二两三四五六七八九十]+)(?:个|项)")
# 已有43家企业签约入驻: a state the article reports, not a signing on its day.
_SIGNED_STATE = re.compile(r"(?:已有|已经|已|累计|目前|先后|陆续)[^，,。；;]{0,12}$")
_SIGN_CEREMONY = re.compile(r"(?P<obj>[\u4e00-\u9fffA-Za-z0-9]{2,24}?签约仪式)")
_AWARD = re.compile(
    r"(?:授牌|授予|颁发|颁奖|获评|被评为|评为|入选|获批|荣获|获得|被命名为|命名为|认定为|成为|创建|成功创建|入围|上榜|摘得|斩获|公布了?|发布了?|揭晓)"
    r"(?P<obj>[\u4e00-\u9fffA-Za-z0-9“”《》（）()]{0,30}?(?:城市|示范区|示范基地|基地|示范|试点|名单|榜单|称号|奖|荣誉|企业|园区|标杆|案例|单位|项目|平台|中心|区))?"
    r"[”」]?(?=[，,。；;、]|$|授牌|称号|证书|奖牌|牌匾)"
)
_AWARD_OBJ_NEEDED = ("获得", "成为", "创建", "成功创建", "公布", "公布了", "颁发", "揭晓", "荣获")
_RELEASE = re.compile(
    r"(?:正式)?(?:发布|印发|出台|推出|发表|颁布|公布|编制)(?:了|的)?"
    r"(?P<obj>《[^》]{2,40}》|[\u4e00-\u9fffA-Za-z0-9“”+]{2,30}?(?:计划|规划|方案|报告|白皮书|蓝皮书|标准|政策|意见|办法|指南|清单|目录|条例|纲要|战略|倡议|产品|系统|芯片|大模型|模型|指数|框架|路线图|服务器|手机|终端|操作系统|软件|机器人|车型|平台|解决方案))"
)
_RELEASE_QUOTED = re.compile(r"(?:正式)?(?:发布|推出|亮相|上市)(?:了)?(?P<obj>[^，,。；;、“活动会]{0,12}“[^”]{2,30}”)")
# 青海省算力调度服务平台上线: a platform or system put online is released
_RELEASE_ONLINE = re.compile(r"(?P<obj>[\u4e00-\u9fffA-Za-z0-9“”]{4,30}?(?:平台|系统|大模型|应用|小程序|App|APP))(?:正式)?上线")
_RELEASE_PASSIVE = re.compile(r"(?P<obj>《[^》]{2,40}》)(?:正式)?(?:发布|印发|出台|公布|出炉|面世)")
_FOUND = re.compile(r"(?:正式)?(?:成立|揭牌|挂牌|落户|组建|设立|开园|启用|揭牌成立)")
_FOUND_SUBJECT = re.compile(
    r"(?P<name>[\u4e00-\u9fffA-Za-z0-9—]{4,30}?(?:联盟|中心|公司|集团|研究院|研究所|实验室|协会|学会|基地|产业园|园区|学院|平台|联合会))"
    r"(?:近日|日前|今天|昨天|今日|正式)?(?:在[^，,。]{1,12})?(?:正式)?$"
)
# 该中心由某集团牵头组建: the body after 由 founds, it is not what is founded.
_FOUNDER = re.compile(r"由[^，,。；;的]*$")
_FOUND_ORG_TAIL = re.compile(r"(?:联盟|中心|公司|集团|研究院|研究所|实验室|协会|学会|基地|园|园区|产业园|学院|大学|工作站|平台|联合会|委员会)$")
_INVEST = re.compile(
    r"(?:总投资|投资|注资|增资|出资|投入|融资)(?:了)?(?:金额)?(?:约|超过|超|近|达到|达|逾|共|总计|累计)?(?P<amount>\d{1,12}(?:\.\d{1,4})?(?:亿|万)?(?:元|美元))"
    r"|(?<![\d.])(?P<amount2>\d{1,12}(?:\.\d{1,4})?(?:亿|万)?(?:元|美元))(?:人民币)?的?(?:[A-E]\+?轮|天使轮|种子轮|Pre-[A-E]轮|战略|新一轮)?融资"
)


# Event mentions read per document at most (a news article reports a few dozen at most);
# the merge of repeated reports compares every pair.
MAX_DRAFTS = 1000

_ANY_TRIGGER = re.compile(
    r"召开|举办|举行|开幕|闭幕|落幕|启幕|揭幕|出席|参加|莅临|列席|亮相|参会|会上|期间|签|授|颁发|获|评为|入选|荣获|命名|认定|成为|创建|入围|上榜|摘得|斩获|公布|揭晓|"
    r"发布|印发|出台|推出|发表|颁布|编制|出炉|面世|成立|揭牌|挂牌|落户|组建|设立|开园|启用|投资|注资|增资|出资|投入"
)


@dataclass(slots=True)
class _Draft:
    type: str
    sentence: Sentence
    start: int
    end: int
    trigger: str
    name: str | None = None
    place: str | None = None
    date: str | None = None
    date_explicit: bool = False
    participants: list[str] = field(default_factory=list)
    persons: set[str] = field(default_factory=set)
    among: bool = False  # 其中，A与B签署… / A、B代表双方签约: part of the happening reported just before
    headline: bool = False  # read in a heading line (no sentence punctuation): a happening the body tells


@dataclass(slots=True)
class EventContext:
    """What the event rules read besides the text: sentences, dates, entities, roles."""

    text: str
    sentences: list[Sentence]
    dates: list[DateMention]
    entities: list[Entity]
    roles: list[Role]
    doc_year: int | None = None
    _index: dict | None = None
    _date_starts: list[int] | None = None
    _dateline_end: int | None = None

    def dateline_end(self) -> int:
        """Where a wire dateline (新华社太原11月18日电（记者…）, 某某网讯) ends, else 0."""
        if self._dateline_end is None:
            m = _DATELINE_AT_START.match(self.text)
            self._dateline_end = m.end() if m else 0
        return self._dateline_end

    def date_starts(self) -> list[int]:
        """Starts of ``dates`` (in text order, as found), for the dates of one sentence."""
        if self._date_starts is None:
            self._date_starts = [d.start for d in self.dates]
        return self._date_starts

    def span_index(self) -> dict[str, tuple[list[int], list[int], list[str]]]:
        """Per entity type: mention starts (sorted), ends and canonical names."""
        if self._index is None:
            index = {}
            for etype in ("person", "organization", "place"):
                rows = sorted((sp.start, sp.end, e.name) for e in self.entities if e.type == etype for sp in e.spans)
                index[etype] = ([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
            self._index = index
        return self._index


def sentence_dates(ctx: EventContext) -> list[tuple[str | None, bool, str | None]]:
    """For each sentence: its date (its own first temporal date, else the one in force) and
    whether it is stated in the sentence itself, and the date in force before it."""
    out: list[tuple[str | None, bool, str | None]] = []
    current: str | None = None
    di = 0
    dates = [d for d in ctx.dates if not ctx.text.startswith("电", d.end)]  # datelines: 北京11月3日电
    # a photo caption (its paragraph ends with a credit: 新华社记者某某摄) does not move the date
    last_of_paragraph: dict[int, Sentence] = {}
    for s in ctx.sentences:
        last_of_paragraph[s.paragraph] = s
    caption_paragraphs = {p for p, s in last_of_paragraph.items() if _CAPTION.search(ctx.text[s.start : s.end])}
    lead: str | None = None  # the first day the story gives: the day of the meeting its 会上 refers to
    for s in ctx.sentences:
        own: str | None = None
        flashback = False
        caption = s.paragraph in caption_paragraphs
        while di < len(dates) and dates[di].start < s.end:
            d = dates[di]
            di += 1
            if d.start < s.start or own is not None:
                continue
            if d.anaphoric:
                own = d.refer(current)
                flashback = d.offset < 0  # 前一天: told in passing, the story stays on its day
            elif d.temporal and d.value:
                own = d.value
        before = current
        if own is None and lead is not None and current != lead and _AT_THE_MEETING.match(ctx.text, s.start):
            out.append((lead, False, before))  # 会上，…: back at the meeting the story opened with
            current = lead
            continue
        if own is not None and lead is None and _precision(own) == 3:
            lead = own
        if own is not None:
            # a coarser date (去年, 2024年, 今年3月: a figure's period, a background) is the
            # sentence's own but does not move the story off the day it is told at
            if not caption and not flashback and (current is None or _precision(own) >= _precision(current)):
                current = own
            out.append((own, True, before))
        else:
            out.append((current, False, before))
    return out


_AT_THE_MEETING = re.compile(r"(?:会上|会议上|大会上|论坛上|会议期间|大会期间|会议还|大会还|大会现场|活动现场)")


def _precision(value: str) -> int:
    """1 year, 2 month, 3 day (YYYY, YYYY-MM, YYYY-MM-DD; XXXX for an unknown year)."""
    return value.count("-") + 1


def _date_at(ctx: EventContext, s: Sentence, pos: int, fallback: tuple[str | None, bool], current: str | None) -> tuple[str | None, bool]:
    """The date of a trigger at ``pos``: the last date before it in its sentence, else the first
    after it, else the sentence's date in force."""
    starts = ctx.date_starts()
    inside = ctx.dates[bisect_left(starts, s.start) : bisect_left(starts, s.end)]  # the sentence's dates
    usable = [d for d in inside if (d.value or d.anaphoric) and d.temporal]
    cstart, cend = _clause_around(ctx.text, s, pos, pos)
    # the clause's own date before the trigger; else the date the sentence opens with (12日，…
    # 介绍近日印发的A，并现场发布B: B is of 12日); else one after the trigger in its clause (a
    # date in a later clause, 计划2026年底前建成, is another matter's)
    in_clause = [d for d in usable if cstart <= d.start and d.end <= pos]
    vague = [d for d in inside if cstart <= d.start and d.end <= pos and d.value is None and not d.anaphoric
             and ctx.text.startswith(("近日", "日前", "近期"), d.start)]
    if vague and not in_clause:
        return None, True  # 记者9日获悉，八部门近日联合印发…: some recent day, not the dateline's
    before = in_clause or [d for d in usable if d.end <= pos][:1]
    after = [d for d in usable if pos <= d.start < cend]
    if not before and not after and usable and current is not None:
        return current, False  # the sentence's only dates are another clause's, later on
    for d in (before[-1] if before else None, after[0] if after else None):
        if d is not None:
            if d.anaphoric:  # 当天: the day named before it in the sentence, else the one in force
                earlier = [e for e in inside if e.end <= d.start and e.value and e.temporal and not e.anaphoric]
                return d.refer(earlier[-1].value if earlier else current), True
            return d.value, True
    return fallback


def _mentions_in(ctx: EventContext, etype: str, start: int, end: int) -> list[tuple[int, str]]:
    """(start, canonical name) of the entity mentions of a type inside ``[start, end)``, but for the
    dateline's (新华社太原11月18日电: the agency and its city take no part in what it reports)."""
    start = max(start, ctx.dateline_end())
    index = ctx.span_index()[etype]
    starts = index[0]
    found = []
    for i in range(bisect_left(starts, start), bisect_left(starts, end)):
        if index[1][i] <= end:
            found.append((starts[i], index[2][i]))
    return found


def _place_of(ctx: EventContext, start: int, end: int, name: str | None, name_start: int | None, future: bool = True) -> str | None:
    """在 + places + verb in the clause (the most specific place: 郑东新区 of 在郑东新区郑州国际会展中心),
    else the city a venue is named after (在昆明滇池国际会展中心), else the last place in the name."""
    segment = ctx.text[start:end]
    for m in _PLACE_AFTER_ZAI.finditer(segment):
        if not future and segment[max(0, m.start() - 1) : m.start()] == "将" and m.group().startswith("在"):
            continue  # 签署协议，将在江东新区建设: where the project will be, not where the signing was
        places = _mentions_in(ctx, "place", start + m.start("span"), start + m.end("span"))
        if places:
            return _most_specific(places)
        seat = _seat_of(m.group("span"))
        if seat:
            return seat
    for m in _PLACE_SITED.finditer(segment):
        places = _mentions_in(ctx, "place", start + m.start("span"), start + m.end("span"))
        if places:
            return _most_specific(places)
    if name and name_start is not None:
        places = [p for p in _mentions_in(ctx, "place", name_start, name_start + len(name)) if p[1] not in _BROAD_PLACES]
        if places:
            return places[-1][1]
    return None


def _most_specific(places: list[tuple[int, str]]) -> str:
    """The most specific of places written together (a district or a new area over its city, the
    later among equals): 在郑东新区郑州国际会展中心 -> 郑东新区, 在乌鲁木齐市新市区 -> 新市区."""
    from zhnews.extract.ner import gazetteer

    rank = {"town": 0, "county": 1, "city": 2, "province": 3}

    def level(name: str) -> int:
        if name.endswith("新区"):
            return 1
        place = gazetteer.lookup_place(name)
        return rank.get(place.level, 2) if place is not None else 2

    best = min(range(len(places)), key=lambda i: (level(places[i][1]), -i))
    return places[best][1]


def _seat_of(name: str) -> str | None:
    """The city or district a project's name opens with (克拉玛依智算中心 -> 克拉玛依)."""
    from zhnews.extract.ner import gazetteer

    for n in (4, 3, 2):
        place = gazetteer.lookup_place(name[:n]) if len(name) > n + 1 else None
        if place is not None and place.level in ("city", "county") and name[:n] in (place.name, place.short):
            return name[:n]
    return None


def _clause_around(text: str, s: Sentence, start: int, end: int) -> tuple[int, int]:
    """The clause (between commas, semicolons, colons) holding ``[start, end)`` inside sentence ``s``:
    16日在哈尔滨举办A分论坛，17日在大庆举办B分论坛 gives each forum its own city."""
    left = start
    while left > s.start and not _CLAUSE_SPLIT.match(text, left - 1):
        left -= 1
    m = _CLAUSE_SPLIT.search(text, end, s.end)
    return left, m.start() if m else s.end


_BROAD_PLACES = frozenset("中国 我国 全国 中华人民共和国 全球 世界 国际 亚洲 西部 东部 中部".split())


# A clause before the name: 以“…”为主题的X, 为期两天的X, 由…主办的X, 某人在X (the name follows).
_NAME_PREFIX_CLAUSE = re.compile(r"^(?:.{0,40}?为主题的|为期[^的]{1,6}的|.{2,40}?(?:主办|承办|举办|指导|支持)的|.{2,30}在)(?=.{4})")
# Function words that cannot start a name (由X主办, 与X签署, 等X).
_LEADING_FUNCTION = re.compile(r"^(?:由|在|以|为|与|和|及|等|将|于|对|向|从|把|被|同|跟|了|的)+")


# 出席开幕式并宣布宣传周: what an attendee did, before the name (a name holds none of these).
_VERB_BEFORE_NAME = re.compile(r"^.*(?:并|宣布|出席|参加|主持|见证|致辞|讲话)(?=.{2})")
_DATELINE_AT_START = re.compile(r"\s*[\u4e00-\u9fffA-Za-z]{2,16}?(?:\d{1,2}月\d{1,2}日电|讯)\s*(?:（[^）]{0,40}）|\([^)]{0,40}\))?")
_DATELINE_HEAD = re.compile(r"^.*?\d{1,2}日电(?:（[^）]*）|\([^)]*\))?")


def _clean_name(name: str) -> str:
    name = _SHORT_NAME.sub("", name)
    name = _DATELINE_HEAD.sub("", name)  # 新华社成都5月20日电（记者李明）2025…大会: the dateline is no part of it
    if name.count("）") > name.count("（"):  # 滕子琪）黑龙江省…宣传周: the end of a credit before it
        name = name[name.rfind("）") + 1 :]
    if name.count("》") > name.count("《"):  # 办法》政策解读会: a title's end cut from its start
        name = name[name.rfind("》") + 1 :]
    if not name.startswith(("《", "“")):
        name = _NAME_PREFIX_CLAUSE.sub("", name)
        name = _VERB_BEFORE_NAME.sub("", name)
        name = _LEADING_FUNCTION.sub("", name)
    if name.startswith("《") and name.find("》") < len(name) - 1:
        name = name.strip("“”\" ")  # 《办法》政策解读会: the title is part of the name
    else:
        name = name.strip("“”\"《》 ")
    if name.count("“") != name.count("”"):
        name = name.replace("“", "").replace("”", "")
    return name


_AWARD_FOR = re.compile(r"为[^，,。；;]{0,40}?“(?P<obj>[^”]{2,30})”(?:颁发|授予)(?:了)?(?:证书|奖牌|牌匾|荣誉证书|称号)")
_SENTENCE_END_PUNCT = re.compile(r"[。！？!?；;，,]")
_AMONG = re.compile(r"(?:^|[，,；;])其中[，,]?[^，,。；;]*$")
_ON_BEHALF = re.compile(r"代表(?:双方|三方|四方|各方|多方|两方)?(?:正式)?$")
_STATISTIC_BEFORE = re.compile(r"(?:累计|年均|全年|全市|全省|全区|研发)[^，,。；;]{0,4}$")
_QUOTED_BEFORE = re.compile(r"“(?P<q>[^”]{4,40})”(?:正式)?$")
_UNVEILED_FOR = re.compile(r"(?:共同|一起|一同)?为(?P<what>[^，,。；;为]{1,40})$")
_FOUNDED_BY = re.compile(r"由(?P<who>[^，,。；;由]{2,40}?)(?:牵头|(?:联合|共同)?(?:发起|组建|设立|筹建))")
_INVESTORS_CLAUSE = re.compile(r"领投|跟投|参投|追加投资|追投|独家投资")
_COMPANY = re.compile(r"(?:公司|集团)$")


# A count of sessions or items (6场分论坛, 三个项目) is no event name.
_COUNTED = re.compile(r"^(?:\d+|[一二两三四五六七八九十百千多数几]+)(?:余|多)?(?:场|个|项|家|次|批|届|类|位|名)")
# Bare category words that name no event, place or body (企业, 项目, 单位 …).
# The clause before a signing verb opened by a bare head word: 联盟与…, 协会和….
_BARE_PARTY = re.compile(r"(?:^|[，,。；;]|会上|同时|此外|期间)(?:该|本)?(联盟|协会|学会|商会|集团|公司|大学|学院|研究院|园区)(?=与|和|同)")
_SIGNED_PARTIES = re.compile(
    r"(?:此次|本次|现场|集中)?签约的(?:\d+|[一二两三四五六七八九十]+)?(?:余|多)?(?:家|个)?(?:企业|单位|项目|机构|公司|合作方)[^。，,]{0,6}?"
    r"(?:分别是|分别为|包括|是|为|有)"
)
_LIST_AHEAD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{0,12}?(?:名单|榜单|排行榜)")
_TALLY = re.compile(r"^(?:共有|共|有|其中|另有)(?:\d+|[一二两三四五六七八九十百千多数几]+)(?:余|多)?(?:个|项|家|批|类)")
_BARE_NAME = re.compile(r"^[\u4e00-\u9fff]{0,2}(?:企业|项目|单位|城市|园区|平台|中心|名单|称号|区)$")


def _usable_name(name: str | None) -> str | None:
    """The name, or None when it is a count, a bare category or too short to name anything."""
    if not name or len(name) < 4 or _COUNTED.match(name) or _BARE_NAME.match(name) or _TALLY.match(name):
        return None
    return name


_DESCRIPTIVE_NAME = re.compile(r"的|^(?:第|相关|有关|该|此|这|其|一个|一项|多项|各类|新的)")


def _meeting_names(ctx: EventContext, s: Sentence) -> list[tuple[str, int, int]]:
    """(name, start, trigger position) of meetings a sentence reports as held."""
    text = ctx.text
    body = text[s.start : s.end]
    out: list[tuple[str, int, int]] = []
    for vm in re.finditer(_MEETING_VERB, body):
        v = s.start + vm.start()
        # quoted name in the clause before the verb: “…大会”在泸州开幕
        clause_start = _clause_around(text, s, v, v)[0]
        before = _SHORT_NAME.sub(lambda m: " " * len(m.group()), text[clause_start:v])
        found = False
        for qm in _QUOTED.finditer(before):
            if re.search(MEETING_NOUN + r"$", qm.group("name")):
                out.append((qm.group("name"), clause_start + qm.start("name"), v))
                found = True
        if not found:
            m = re.search(rf"(?P<name>{_NAME_CHARS}{{2,50}}?{MEETING_NOUN})\s*{_WHEN_BETWEEN}(?:(?:将)?(?:于|在)[^，,。]*)?$", before)
            if m:
                name = re.sub(r"^(?:\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日)", "", m.group("name"))
                out.append((name, clause_start + m.start("name"), v))
                found = True
        # 举行的…发布会上 / 举办…大会、…推介会
        after = text[v + len(vm.group()) : s.end]
        am = re.match(rf"(?:了|的)?(?P<list>(?:“[^”]{{1,20}}”)?{_NAME_CHARS}{{2,50}}?{MEETING_NOUN}(?:、(?:“[^”]{{1,20}}”)?{_NAME_CHARS}{{2,50}}?{MEETING_NOUN})*)", after)
        if am and not found:
            pos = v + len(vm.group()) + am.start("list")
            for part in am.group("list").split("、"):
                name = re.sub(r"^“[^”]*”", "", part)
                out.append((name, pos + part.find(name), v))
                pos += len(part) + 1
    if not out:
        out += _attended_meetings(body, s.start)
    return out


# A meeting reported through its attendance (出席2025数字经济大会并致辞, 在X峰会上表示): the
# named meeting took place even when no verb of holding it is written.
# A day or time between a meeting's name and its verb: 大会20日开幕, 论坛今天上午举行.
_WHEN_BETWEEN = r"(?:(?:\d{1,2}月)?\d{1,2}日|今天|今日|昨天|昨日|明天|当天|近日|日前|上午|下午|晚间|正式|隆重|)*"
_ATTENDED = re.compile(
    rf"(?:(?:出席|参加|莅临|列席|亮相|参会)(?:了)?|(?<![现存所实])在)(?P<name>{_NAME_CHARS}{{2,50}}?{MEETING_NOUN})"
    r"(?:上|期间|现场|开幕式|主论坛|并|时|，|,|。|$)"
)
_UNNAMED_MEETING = re.compile(r"^(?:本|此|这|该|上|下|首|各|多|一|两|那|其|有关|相关|会)")
# The heads of MEETING_NOUN without the bare 会 (某某会 is too weak without a verb of holding it).
_NAMED_MEETING_HEAD = re.compile(MEETING_NOUN.replace("|会)", ")") + "$")


def _attended_meetings(body: str, offset: int) -> list[tuple[str, int, int]]:
    out = []
    for m in _ATTENDED.finditer(body):
        name = m.group("name")
        if _UNNAMED_MEETING.match(name) or not _NAMED_MEETING_HEAD.search(name):
            continue  # 本次大会, 会上, 某某会
        out.append((name, offset + m.start("name"), offset + m.start()))
    return out


_PROJECT_HEAD = r"(?:项目|中心|基地|实验室|产业园|园区|工厂|集群|工程|数据中心|智算中心|产业基地)"
_PROJECT = rf"[\u4e00-\u9fffA-Za-z0-9]{{2,24}}?{_PROJECT_HEAD}"
# 总投资35亿元的X项目 / 投资35亿元，建设X / 投资35亿元用于X
_TARGET_AFTER = re.compile(rf"^(?:人民币)?(?:的|，|,)?(?:用于|建设|打造|新建|兴建|布局)?(?P<name>{_PROJECT}(?:项目)?)")
# X项目总投资20亿元 / X中心一期投资15亿元
_TARGET_BEFORE = re.compile(rf"(?P<name>{_PROJECT})(?:一期|二期|三期|项目)?(?:计划|预计|共|累计)?$")
# A verb or function word that a target's name cannot start with: the clause before it.
_TARGET_CLAUSE = re.compile(r"^.*(?:签署|签订|签约|建设|打造|开工|落户|启动|将|在|与|和|由|是|为|的|了|公司|集团)")
_NAMED_PROJECT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,40}项目")
_BARE_TARGET = re.compile(rf"(?:^|(?<=[，,]))(?:该|本|此|这个|这一|一批|新)?{_PROJECT_HEAD}(?:总|计划|预计|共|累计)?(?:投资|注资|投入)?$")


def investment_target(before: str, after: str, context: str) -> str | None:
    """What money is committed to: the project named right after or before the amount; a bare
    项目 refers back to the last named project in the preceding text."""
    m = _TARGET_AFTER.match(after)
    name = m.group("name") if m else None
    if name is None:
        clause = _CLAUSE_SPLIT.split(before)[-1]
        bm = _TARGET_BEFORE.search(re.sub(r"(?:总投资|投资|注资|增资|出资|投入|融资)(?:约|超过|超|近|达|共|总计|累计)?$", "", clause))
        name = bm.group("name") if bm else None
        if name is None and _BARE_TARGET.search(clause):
            name = "项目"  # 项目总投资20亿元: the project named before
    if name is None:
        bm = list(re.finditer(_PROJECT, before))
        name = bm[-1].group() if bm else None
    if name is None:
        return None
    name = _TARGET_CLAUSE.sub("", name)
    if _BARE_TARGET.match(name) or len(name) < 4:
        refs = [_TARGET_CLAUSE.sub("", r) for r in _NAMED_PROJECT.findall(context)]
        refs = [r for r in refs if len(r) >= 4 and not _BARE_TARGET.match(r)]
        return refs[-1] if refs else None
    return name


def find_events(ctx: EventContext) -> list[Event]:
    """Events of the document, one per happening."""
    text = ctx.text
    sdates = sentence_dates(ctx)
    drafts: list[_Draft] = []
    person_roles: dict[str, set[str]] = {}
    for r in ctx.roles:
        if r.organization:
            person_roles.setdefault(r.person, set()).add(r.organization)
    main: _Draft | None = None
    # only sentences holding a trigger word (or the lead, for organizers) are read further
    starts = [s.start for s in ctx.sentences]
    hot = {bisect_right(starts, m.start()) - 1 for m in _ANY_TRIGGER.finditer(text)}
    among, last_index = False, -2
    for s, (date, explicit, before_date) in zip(ctx.sentences, sdates, strict=True):
        if s.index not in hot and s.index > 4:
            continue
        if len(drafts) >= MAX_DRAFTS:
            break  # no article reports this many happenings; merging more would be quadratic
        body = text[s.start : s.end]
        # 其中，A与B签署X；C与D签署Y: the clauses after 其中, up to the sentence's full stop
        prev_end = text[s.start - 1 : s.start] if s.start else ""
        among = body.startswith("其中") or (among and prev_end in "；;" and s.index == last_index + 1)
        last_index = s.index

        def when(pos: int, s: Sentence = s, fb: tuple[str | None, bool] = (date, explicit), cur: str | None = before_date) -> dict:
            value, is_explicit = _date_at(ctx, s, pos, fb, cur)
            return {"date": value, "date_explicit": is_explicit}

        # meetings
        for raw, nstart, trig in _meeting_names(ctx, s):
            name = _usable_name(_clean_name(raw))
            if name is not None and name in raw:
                nstart += raw.find(name)  # the clause cut off the front (以…为主题的X)
            if name is None or (main is not None and not explicit and _SUB_ACTIVITY.search(body)):
                continue
            d = _Draft("meeting", s, nstart, s.end, "meeting", name=name, **when(trig))
            cstart, cend = _clause_around(text, s, nstart, max(trig, nstart + len(name)))
            d.place = _place_of(ctx, cstart, cend, name, nstart) or _place_of(ctx, s.start, s.end, name, nstart)
            for _, org in _mentions_in(ctx, "organization", nstart, nstart + len(name)):
                if name.startswith(org) or name.startswith(org[:2]):
                    d.participants.append(org)
            if nstart > trig:  # 自治区人民政府新闻办公室举行新闻发布会: who holds it, right before the verb
                index = ctx.span_index()["organization"]
                for i in range(bisect_left(index[0], cstart), bisect_left(index[0], trig)):
                    gap = text[index[1][i] : trig]
                    if index[1][i] <= trig and len(gap) <= 6 and not _CLAUSE_SPLIT.search(gap) and index[2][i] not in d.participants:
                        d.participants.append(index[2][i])
            for om in _ORGANIZERS.finditer(body):  # 由A主办、B承办
                d.participants += [o for _, o in _mentions_in(ctx, "organization", s.start + om.start("orgs"), s.start + om.end("orgs"))
                                   if o not in d.participants]
            if main is None and s.index <= 3:
                main = d
                for om in _ORGANIZER_LINE.finditer(text, s.end, min(len(text), s.end + 600)):  # 主办单位：A、B after the lead
                    d.participants += [o for _, o in _mentions_in(ctx, "organization", om.start("orgs"), om.end("orgs"))
                                       if o not in d.participants]
            drafts.append(d)
        # organizers stated in a later sentence of the lead: 本次高峰论坛由工业和信息化部、四川省人民政府主办
        if main is not None and s is not main.sentence and s.index <= 4:
            for om in _ORGANIZERS.finditer(body):
                main.participants += [o for _, o in _mentions_in(ctx, "organization", s.start + om.start("orgs"), s.start + om.end("orgs"))
                                      if o not in main.participants]
        # signing
        for m in list(_SIGN.finditer(body)) + list(_SIGN_CEREMONY.finditer(body)):
            obj = m.group("obj")
            if m.re is _SIGN and not obj and not _SIGN_BARE_END.match(text, s.start + m.end()) and s.start + m.end() < s.end:
                continue
            if m.re is _SIGN and text[s.start + m.end() : s.start + m.end() + 2] == "仪式":
                continue
            if m.re is _SIGN and not obj and _SIGNED_STATE.search(body, 0, m.start()):
                continue
            if m.re is _SIGN_CEREMONY and re.match(r"(?:现场|上)", body[m.end() :]) and re.search(r"签署|签订", body[m.end() :]):
                continue  # 在签约仪式现场签署X协议: the ceremony is where X is signed
            name = _clean_name(obj) if obj else None
            if name and m.re is _SIGN_CEREMONY:
                name = re.split(r"举行|举办|召开|进行|开展|出席|参加|见证", name)[-1].lstrip("了") or name
            trig = m.group()[:2] if m.re is _SIGN else "签约"
            d = _Draft("signing", s, s.start + m.start(), s.start + m.end(), trig, name=_usable_name(name),
                       **when(s.start + m.start()))
            party_end = s.start + (m.end() if m.re is _SIGN_CEREMONY else m.start())  # A与B、C…签约仪式: C too
            d.participants = [o for _, o in _mentions_in(ctx, "organization", s.start, party_end)]
            # 其中…; 见证签约: witnesses of the signing just told, no signing of its own
            d.among = among or bool(_AMONG.search(body, 0, m.start())) or body.endswith("见证", 0, m.start())
            if _ON_BEHALF.search(body, 0, m.start()):  # A与B代表双方签约: the signers take part
                d.participants += [p for _, p in _mentions_in(ctx, "person", s.start, s.start + m.start()) if p not in d.participants]
                d.among = True  # who signed the agreement reported before
            head = _BARE_PARTY.search(text, s.start, s.start + m.start())
            if head:
                ref = [o for _, o in _mentions_in(ctx, "organization", max(0, s.start - 2000), s.start) if o.endswith(head.group(1))]
                if ref and ref[-1] not in d.participants:
                    d.participants.insert(0, ref[-1])  # 联盟与某银行签署: the alliance named before
            d.place = _place_of(ctx, s.start, s.end, None, None, future=False)
            drafts.append(d)
        # the parties of a signing just reported, listed after it: 此次签约的6家企业分别是A、B…
        listed = _SIGNED_PARTIES.search(body)
        if listed and drafts and drafts[-1].type in ("signing", "investment"):
            last_sign = next((d for d in reversed(drafts) if d.type == "signing"), None)
            if last_sign is not None and s.index - last_sign.sentence.index <= 2:
                for _, o in _mentions_in(ctx, "organization", s.start + listed.end(), s.end):
                    if o not in last_sign.participants:
                        last_sign.participants.append(o)
        # award
        for m in _AWARD.finditer(body):
            verb = m.group()[: len(m.group()) - len(m.group("obj") or "")]
            obj = m.group("obj")
            if verb.rstrip("了") in _AWARD_OBJ_NEEDED and not obj:
                continue
            if verb.startswith(("公布", "发布")) and not (obj or "").endswith(("名单", "榜单")):
                continue  # 发布 of a plan is a release; of a list or a ranking, a designation
            if verb in ("获得",) and not re.search(r"称号|奖|荣誉", obj or ""):
                continue
            if verb in ("成为", "创建", "成功创建") and not re.search(r"示范|试点|城市|基地|标杆", obj or ""):
                continue
            if _ASPIRATION.search(body[: m.start()]):
                continue
            name = _clean_name(obj) if obj else None
            if verb == "授牌":
                target = re.search(r"对(?P<t>[^，,。]{2,40})$", body[: m.start()])
                name = (_clean_name(target.group("t")) + "授牌") if target else None
            d = _Draft("award", s, s.start + m.start(), s.start + m.end(), verb, name=_usable_name(name),
                       **when(s.start + m.start()))
            d.place = _place_of(ctx, s.start, s.end, None, None)
            d.participants = [o for _, o in _mentions_in(ctx, "organization", s.start, s.end)]
            if not d.participants and verb == "颁奖":  # A、B为获奖单位颁奖: the winners named before in the paragraph
                para_start = min(x.start for x in ctx.sentences if x.paragraph == s.paragraph)
                d.participants = [o for _, o in _mentions_in(ctx, "organization", para_start, s.start)]
                d.participants += [p for _, p in _mentions_in(ctx, "person", s.start, s.start + m.start())]
            drafts.append(d)
        # 为首批10家“X”颁发证书: a designation conferred, its holders before it
        for m in _AWARD_FOR.finditer(body):
            d = _Draft("award", s, s.start + m.start(), s.start + m.end(), "颁发", name=_usable_name(m.group("obj")),
                       **when(s.start + m.start()))
            d.place = _place_of(ctx, s.start, s.end, None, None)
            d.participants = [o for _, o in _mentions_in(ctx, "organization", s.start, s.end)]
            drafts.append(d)
        # release
        for m in list(_RELEASE.finditer(body)) + list(_RELEASE_PASSIVE.finditer(body)) + list(_RELEASE_QUOTED.finditer(body)) \
                + list(_RELEASE_ONLINE.finditer(body)):
            obj = m.group("obj")
            if "名单" in obj or re.search(MEETING_NOUN + "$", obj) or _LIST_AHEAD.match(body, m.end()):
                continue  # 发布…企业百强榜单: a ranking, a designation (see award)
            name = _clean_name(obj)
            if _DESCRIPTIVE_NAME.search(name) and not obj.startswith("《"):
                continue  # 发布了第一个部委层面的行动计划: no name, and often no new happening
            d = _Draft("release", s, s.start + m.start(), s.start + m.end(), "发布", name=name, **when(s.start + m.start()))
            d.place = _place_of(ctx, s.start, s.end, None, None)
            clause_start = _clause_around(text, s, s.start + m.start(), s.start + m.start())[0]
            persons = [p for _, p in _mentions_in(ctx, "person", clause_start, s.start + m.start())]
            d.persons = set(persons)
            d.participants = persons + [o for _, o in _mentions_in(ctx, "organization", clause_start, s.start + m.start())]
            for p in persons:
                d.participants += sorted(person_roles.get(p, ()))
            drafts.append(d)
        # founding
        for m in _FOUND.finditer(body):
            pos = s.start + m.start()
            if body.startswith("于", m.end()) and re.match(r"于(?:\d{4}|[二][〇零一二三四五六七八九]{3})年", body[m.end() :]):
                continue  # 成立于2016年: the background of a body, not a founding the article reports
            if re.match(r"(?:以来|至今|之初|之后|后|多年|\d+(?:周)?年)", body[m.end() :]) and m.group().endswith("成立"):
                continue  # 成立以来, 成立10年: the life of a body since, not its founding
            if m.group().endswith("成立") and body.startswith(("大会", "仪式"), m.end()):
                # 出席X联盟成立大会: the body founded is the one named right before 成立大会
                named = [o for st, o in _mentions_in(ctx, "organization", s.start, pos) if text.find(o, st) + len(o) == pos]
                if not named and not _FOUND_SUBJECT.search(text, s.start, pos):
                    continue
            orgs = [(st, o) for st, o in _mentions_in(ctx, "organization", s.start, s.end) if _FOUND_ORG_TAIL.search(o)]
            before = [o for st, o in orgs if st < pos and not _CLAUSE_SPLIT.search(text[st:pos])
                      and not _FOUNDER.search(text, s.start, st)]
            after = [o for st, o in orgs if st > pos and st - pos <= len(m.group()) + 2]
            org = before[-1] if before else (after[0] if after else None)
            unveiled = _UNVEILED_FOR.search(body, 0, m.start()) if m.group().endswith(("揭牌", "揭牌成立")) else None
            quoted = _QUOTED_BEFORE.search(body, 0, m.start())
            if quoted and not unveiled:  # “信创与数据安全联合实验室”揭牌: the quoted body
                org = quoted.group("q")
            elif unveiled:
                # A、B共同为中心揭牌: what follows 为 is unveiled; a bare head refers back to it
                what = unveiled.group("what").strip("“”\"")
                if len(what) <= 3:
                    named = [d.name for d in drafts if d.type == "founding" and d.name and d.name.endswith(what)]
                    named += [o for _, o in _mentions_in(ctx, "organization", max(0, s.start - 2000), s.start) if o.endswith(what)]
                    org = named[-1] if named else None
                else:
                    org = _clean_name(what)
            if org is None:
                subject = _FOUND_SUBJECT.search(text, s.start, pos)
                if subject is None:
                    continue
                org = _LEADING_FUNCTION.sub("", subject.group("name"))
            d = _Draft("founding", s, pos, pos + len(m.group()), m.group(), name=org, participants=[org], **when(pos))
            if m.group().endswith(("揭牌", "揭牌成立")) and _UNVEILED_FOR.search(body, 0, m.start()):
                # A、B、C共同为中心揭牌: who unveils it takes part
                d.participants += [p for _, p in _mentions_in(ctx, "person", s.start, pos)]
            for told in ctx.sentences[s.index : s.index + 2]:  # 联盟由A牵头发起, also in the sentence after
                founder = _FOUNDED_BY.search(text, told.start, told.end)
                if founder:  # the founder takes part
                    d.participants += [o for _, o in _mentions_in(ctx, "organization", founder.start("who"), founder.end("who"))
                                       if o not in d.participants]
                    break
            d.place = _place_of(ctx, s.start, s.end, None, None)
            drafts.append(d)
        # investment
        for m in _INVEST.finditer(body):
            if _STATISTIC_BEFORE.search(body, max(0, m.start() - 8), m.start()):
                continue  # 累计研发投入超过12亿元, 全年完成投资: a figure of spending, no money committed to a project
            d = _Draft("investment", s, s.start + m.start(), s.start + m.end(), "投资", **when(s.start + m.start()))
            d.name = investment_target(body[: m.start()], body[m.end() :], text[max(0, s.start - 200) : s.start])
            d.participants = [o for _, o in _mentions_in(ctx, "organization", s.start, s.end)]
            if "融资" in m.group():  # 完成B轮融资。本轮融资由A领投，B跟投: the investors take part
                for nxt in ctx.sentences[s.index + 1 : s.index + 3]:
                    if _INVESTORS_CLAUSE.search(text, nxt.start, nxt.end):
                        d.participants += [o for _, o in _mentions_in(ctx, "organization", nxt.start, nxt.end) if o not in d.participants]
            elif not d.participants and s.index > 0 and _BARE_TARGET.search(body[: m.start()]):
                # 项目总投资15亿元 after A与B签署投资协议: the company that builds the project invests
                prev = ctx.sentences[s.index - 1]
                d.participants = [o for _, o in _mentions_in(ctx, "organization", prev.start, prev.end) if _COMPANY.search(o)]
            d.place = _place_of(ctx, s.start, s.end, None, None)
            if d.place is None and d.name and d.name in body:  # 用于克拉玛依智算中心二期建设
                d.place = _place_of(ctx, s.start, s.end, d.name, s.start + body.find(d.name)) or _seat_of(d.name)
            if d.place is None and d.name and s.index > 0:
                prev = ctx.sentences[s.index - 1]
                if d.name in text[prev.start : prev.end]:  # 项目总投资…: where the project was named
                    d.place = _place_of(ctx, prev.start, prev.end, None, None)
            drafts.append(d)
    for d in drafts:
        line = text[d.sentence.start : d.sentence.end]
        d.headline = len(line) <= 40 and not _SENTENCE_END_PUNCT.search(line)
    return [_finish(d, main, ctx, sdates) for d in _carry_places(_merge(drafts, main))]


def _carry_places(drafts: list[_Draft]) -> list[_Draft]:
    """An event with no place of its own on the day of an earlier one with a place took place
    there (仪式上…签署, 当天下午…在同一地点举行): the story stays at its venue for the day."""
    at: dict[str, str] = {}
    for d in sorted(drafts, key=lambda d: d.start):
        if not d.date or _precision(d.date) < 3:
            continue
        if d.place is None:
            d.place = at.get(d.date)
        elif d.date not in at:
            at[d.date] = d.place
    return drafts


def _same_happening(a: _Draft, b: _Draft) -> bool:
    if a.type != b.type:
        return False
    if a.date and b.date and a.date != b.date and _precision(a.date) == _precision(b.date) == 3:
        return False  # told on two days: two happenings
    same_day = bool(a.date) and a.date == b.date and _precision(a.date) == 3
    if same_day and b.among and a.type == "signing":
        return True  # A、B代表双方签署…: who signed the agreement of that day
    if same_day and (a.headline or b.headline):
        return True  # 【昨日】自治区出台行动方案: a subheading announces what the paragraph reports
    if same_day and a.type == "signing" and (not a.name or not b.name) and abs(a.sentence.paragraph - b.sentence.paragraph) <= 4:
        return True  # 副市长代表市政府与三家企业签约 … 活动现场，市政府分别与A、B、C签署投资合作协议: one signing
    if same_day and a.type == "signing" and len(b.participants) >= 2 and set(b.participants) <= set(a.participants):
        return True  # the same parties' signing on the same day, told again (签署… / …签约仪式在顺德区举行)
    if a.name and b.name and (a.name == b.name or a.name in b.name or b.name in a.name):
        # money for one project at two dates (签约 35亿元, 一期 15亿元) is two commitments
        return a.type != "investment" or a.date == b.date
    if a.type == "release" and a.persons & b.persons and a.date == b.date:
        return True
    if a.type == "signing" and _separate_signings(a, b) and not b.among:
        return False
    if a.type in ("award", "signing") and a.sentence.paragraph == b.sentence.paragraph:
        return True
    return a.type == "founding" and a.name == b.name


def _separate_signings(a: _Draft, b: _Draft) -> bool:
    """Two agreements of one paragraph, each named and with parties of its own (A与B签署X协议;
    A还与C签订Y协议), are two signings; a ceremony retold in the same paragraph is one."""
    if not (a.name and b.name) or a.name in b.name or b.name in a.name:
        return False
    return len(b.participants) >= 2 and not set(b.participants) <= set(a.participants)


def _merge(drafts: list[_Draft], main: _Draft | None) -> list[_Draft]:
    out: list[_Draft] = []
    for d in drafts:
        # what is part of a happening told just before (其中…, 代表双方签约) belongs to the latest such one
        twin = next((o for o in (reversed(out) if d.among else out) if _same_happening(o, d)), None)
        if twin is None:
            out.append(d)
            continue
        if not twin.participants or twin.type != "signing" or d.among or not (twin.name and d.name):
            # a retelling names more of them; an unnamed signing told again with its agreement
            for p in d.participants:
                if p not in twin.participants:
                    twin.participants.append(p)
        twin.place = twin.place or d.place
        twin.name = twin.name or d.name
        if not twin.date_explicit and d.date_explicit:
            twin.date, twin.date_explicit = d.date, True
    return out


def _finish(d: _Draft, main: _Draft | None, ctx: EventContext, sdates: list | None = None) -> Event:
    date = d.date
    if d.name and d.type == "meeting":  # 2022网信产业融合发展大会 is held in 2022; a 2014年…公报 is not
        ym = re.match(r"^((?:19|20)\d{2})", d.name)
        if ym:
            date = with_year(date, int(ym.group(1))) if date else ym.group(1)
    if main is not None and d is not main:
        if d.place is None and d.date == main.date:
            d.place = main.place
        date = with_year(date, int(main_date_year(main))) if main_date_year(main) else date
    participants: list[str] = []
    if d is main:
        # the main meeting: everyone the article names with a role or a speech, and its organizers
        participants += [p for p in _people_in_roles(ctx, d.date, sdates)]
    for p in d.participants:
        if p not in participants:
            participants.append(p)
    return Event(type=d.type, date=date, place=d.place, name=d.name, participants=participants,
                 span=Span(d.sentence.start, d.sentence.end), trigger=d.trigger)


def main_date_year(main: _Draft) -> str | None:
    if main.name:
        ym = re.match(r"^((?:19|20)\d{2})", main.name)
        if ym and (main.date is None or main.date.startswith("XXXX")):
            return ym.group(1)
    return None


def _people_in_roles(ctx: EventContext, day: str | None = None, sdates: list | None = None) -> list[str]:
    """Everyone the article names with a post, but those told in sentences of another day (a wire
    story of two happenings: the second day's signers did not attend the first day's meeting)."""
    starts = [s.start for s in ctx.sentences]
    seen: list[str] = []
    for r in ctx.roles:
        if r.person in seen or r.title in ("记者", "通讯员", "摄影记者"):
            continue
        if day and sdates and _precision(day) == 3 and starts:
            i = max(0, bisect_right(starts, r.span.start) - 1)
            told, explicit = sdates[i][0], sdates[i][1]
            if explicit and told and told != day and _precision(told) == 3:
                continue  # 7日，佛山市人民政府…: a sentence that names another day
        seen.append(r.person)
    return seen
