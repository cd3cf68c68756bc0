"""Person-title-organization roles from the patterns of Chinese news.

* ``ORG+TITLE+NAME``: 四川省密码管理局局长张卫东 -> (张卫东, 局长, 四川省密码管理局)
* coordinated titles: 泸州市委副书记、市长余先河 -> 副书记 of 泸州市委, 市长 of 泸州市
* chains: 中国电子总经理助理、中国长城党委书记、董事长谢庆林 (the organization carries to the right)
* ``NAME+TITLE`` honours: 倪光南院士 -> 院士 of the academy named nearby
* reporter credits: 新华社北京11月3日电(记者郭倩) -> 记者 of 新华社
* carried over: 该公司董事长王某 -> the last company named before

Former posts (原副社长) and conference offices (大会主席) are not roles.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache

from zhnews.document import Mention, Role, Span
from zhnews.extract import lexicon

_FOREIGN_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}")
_CHAIN_JOINER = re.compile(r"以及|及|和|与|同")
_HARD_DELIMITER = re.compile(r"[，,。；;：:\n（(）)“”\"《》!！?？\s]")
_GOV_HEAD_TITLES = frozenset("市长 副市长 常务副市长 常务副区长 常务副县长 代理市长 代理省长 代理区长 代理县长 省长 副省长 常务副省长 区长 副区长 县长 副县长 州长 副州长 镇长 乡长 主席 副主席".split())
_PARTY_COMMITTEE = re.compile(r"^(?P<place>.+?)(?P<level>省|市|区|县|州|自治区|自治州)委$")
_MAX_POSTS = 6  # posts in one chain (中国电子总经理助理、中国长城党委书记、董事长 is three)
_MAX_CHAIN = 80  # characters a title chain reaches back (a chain of four posts is ~50)
_COMMITTEES = frozenset({"省委", "市委", "区委", "县委", "州委"})
def _whole_name_before(text: str, known: Mention, org_start: int) -> bool:
    """A recognized organization ending at the title runs further left than the text the title
    rule read (中科云岭（北京）科技有限公司, 山东大学计算机科学与技术学院: the rule stopped at a bracket
    or at 与): the longer name, when it stays inside the clause."""
    return known.start < org_start and known.end - known.start <= 40 and not _CLAUSE_MARKS.search(text, known.start, org_start)


_CLAUSE_MARKS = re.compile(r"[，,。；;：:！？!?、\n]")
_REGION_COMMITTEE_POSTS = frozenset({"常委", "书记", "副书记", "委员"})


def _is_region(name: str) -> bool:
    """A province-level or city-level place (内蒙古自治区, 西藏, 深圳市)."""
    from zhnews.extract.ner import gazetteer

    return gazetteer.place_level(name) in ("province", "city")


_MEDIA = re.compile(r"(?:社|报|台|网|电视台|日报|晚报|杂志|通讯社|新闻网|客户端|传媒)$")
_BAD_ORG_CHARS = re.compile(r"[的了着是将把被从向对于也都还就要]")
_REPORTER = re.compile(r"(?P<title>摄影记者|特约记者|实习记者|见习记者|记者|通讯员|特约通讯员)[ \u3000]?"
                       r"(?P<name>[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,6}|[\u4e00-\u9fff]{2,3}?)(?=[）)\s，,、。 摄报道和与]|$)")
# 天山数智观察讯（记者 …）: the outlet that files the story (本报讯 is the publisher's own)
_OUTLET_CREDIT = re.compile(r"(?P<outlet>[\u4e00-\u9fffA-Za-z]{2,12})讯\s*[（(]\s*$")
# Further names of one credit: （记者姚若冰、张丹宇）, （记者 王姝 马力）.
_MORE_REPORTERS = re.compile(r"(?:、|[ \u3000]+|和|与)(?P<name>[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,6}|[\u4e00-\u9fff]{2,3}?)(?=[）)\s、 摄报道和与]|$)")


@dataclass(slots=True)
class TitledName:
    """A person named right after (or before) a title, with the roles read from the chain."""

    person: Mention
    roles: list[Role]
    orgs: list[Mention]


@cache
def _title_name_re() -> re.Pattern[str]:
    # a Chinese name of 2-3 characters, or a transliterated one with its dot (萨姆·奥尔特曼)
    return re.compile(rf"(?={lexicon.title_first_chars()})(?P<title>{lexicon.titles_pattern()})"
                      rf"(?P<name>[\u4e00-\u9fff]{{1,6}}·[\u4e00-\u9fff]{{1,8}}?|[\u4e00-\u9fff·]{{2,3}}?){lexicon.NAME_BOUNDARY}")


@cache
def _name_title_re() -> re.Pattern[str]:
    honours = "|".join(lexicon.POST_NAME_TITLES)
    return re.compile(rf"(?<![\u4e00-\u9fff])(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?P<title>{honours})")


@cache
def _bare_heads() -> frozenset[str]:
    """Organization heads used alone to refer back (联盟, 公司, 集团, 协会)."""
    from zhnews.extract.ner import gazetteer

    return frozenset(s for s in gazetteer.org_suffixes() if len(s) >= 2)


def _strip_filler(text: str, start: int) -> tuple[str, int]:
    m = lexicon.LEADING_FILLER.match(text)
    if m and m.end() < len(text):
        return text[m.end() :], start + m.end()
    return text, start


_SYMBOLS = re.compile(r"^[^\u4e00-\u9fffA-Za-z0-9]+")
_TITLE_MODIFIERS = ("执行", "常务", "代理", "首席", "高级", "资深", "特约", "名誉", "荣誉", "见习", "实习")
_TRAINEE = ("实习生", "见习生", "学生")
_SELF_MEDIA = ("本报", "本台", "本网", "本刊", "本社")


def _trim_org_text(org: str, start: int) -> tuple[str, int]:
    """The organization part of a title item without leading symbols, a clause before the name
    (收编未完成招行 -> 招行) or a title modifier at its end (新浪乐居北京公司执行 -> 新浪乐居北京公司)."""
    m = _SYMBOLS.match(org)
    if m:
        org, start = org[m.end() :], start + m.end()
    for mod in _TITLE_MODIFIERS:
        if org.endswith(mod) and len(org) > len(mod) + 1:
            org = org[: -len(mod)]
            break
    if len(org) > 4 and not org.startswith(lexicon.CENTRAL_BODIES):
        cut, nothing = _clause_cut(org)
        if cut:
            org, start = org[cut:], start + cut
            if nothing:
                return "", start + len(org)  # 此次我们采访业内 -> no organization stated
    return org, start


@lru_cache(maxsize=16384)
def _clause_cut(org: str) -> tuple[int, bool]:
    """Where the clause before an organization ends (after its last verb, pronoun, particle...),
    and whether what remains names no organization (two characters, no proper noun)."""
    import rjieba

    cut = 0
    pos = 0
    for w, tag in rjieba.tag(org):
        pos += len(w)
        if tag in ("v", "vd", "r", "p", "u", "uj", "ul", "d") and pos < len(org):
            # 由该公司: the clause ends before 该, which with its head word refers to a body
            cut = pos - len(w) if w in _REFERRING and lexicon.ANAPHORIC_ORG.match(org[pos - len(w) :]) else pos
    rest = org[cut:]
    nothing = bool(cut) and len(rest) <= 2 and not any(tag in ("ns", "nt", "nz", "j") for _, tag in rjieba.tag(rest))
    return cut, nothing


_REFERRING = frozenset("该其本")


def _titled_person(org: str) -> bool:
    """记者杨莉 (in 记者杨莉通讯员王媛), 实习生李泽玲: a title and a name, not an organization."""
    for cut in range(2, len(org) - 1):
        head = org[:cut]
        if (head in gazetteer_titles() or head in _TRAINEE) and _is_name(org[cut:]):
            return True
    return False


def _valid_org_text(org: str) -> bool:
    return 2 <= len(org) <= 25 and not _BAD_ORG_CHARS.search(org) and not lexicon.DESCRIPTIVE_ORG.match(org)


def _inherit(prev_org: str | None, title: str) -> str | None:
    """The organization an item without one takes from the item before it."""
    if not prev_org:
        return None
    m = _PARTY_COMMITTEE.match(prev_org)
    if m and title in _GOV_HEAD_TITLES:
        return m.group("place") + m.group("level")  # 泸州市委 ... 市长 -> 泸州市
    for tail in ("党委", "党组", "纪委"):
        if prev_org.endswith(tail) and len(prev_org) > len(tail) + 1:
            return prev_org[: -len(tail)]
    return prev_org


# Bodies named without their place after the party committee of the same place or zone.
_SIBLING_BODIES = ("管委会", "管理委员会", "人民政府", "政府", "办事处")
_PARTY_TAILS = ("党工委", "党委", "工委")


def _sibling_body(prev_org: str | None, org_text: str) -> str | None:
    """某某新区党工委 … 管委会 -> 某某新区管委会; 某市委 … 政府 -> 某市政府 (the shared place stated once)."""
    if not prev_org or org_text not in _SIBLING_BODIES:
        return None
    m = _PARTY_COMMITTEE.match(prev_org)
    if m:
        return m.group("place") + m.group("level") + org_text
    for tail in _PARTY_TAILS:
        if prev_org.endswith(tail) and len(prev_org) > len(tail) + 1:
            return prev_org[: -len(tail)] + org_text
    return None


_LEGAL_FORM = re.compile(lexicon.LEGAL_FORM + "$")


class _OrgsByEnd:
    """Organization mentions ordered by end, for the nearest one before a position."""

    def __init__(self, orgs: list[Mention]) -> None:
        # by end, and among equal ends the first listed first when walking back
        self.orgs = [m for _, _, m in sorted((m.end, -i, m) for i, m in enumerate(orgs))]
        self.ends = [m.end for m in self.orgs]
        self._by_suffix: dict[tuple[str, ...], _OrgsByEnd] = {}

    def with_suffix(self, suffixes: tuple[str, ...]) -> _OrgsByEnd:
        """The same, only the organizations ending in one of ``suffixes`` (built once per suffix)."""
        sub = self._by_suffix.get(suffixes)
        if sub is None:
            sub = self._by_suffix[suffixes] = _OrgsByEnd([])
            # 该集团 of 某某投资集团有限公司: the head word before the legal form counts
            sub.orgs = [m for m in self.orgs if m.text.endswith(suffixes) or _LEGAL_FORM.sub("", m.text).endswith(suffixes)]
            sub.ends = [m.end for m in sub.orgs]
        return sub


def _nearest_org(orgs: _OrgsByEnd, before: int, suffixes: tuple[str, ...] | None = None, after: int = 0) -> Mention | None:
    """The organization ending last at or before ``before`` and starting at or after ``after``
    (the first listed among equals), with one of ``suffixes`` if given."""
    if suffixes is not None:
        orgs = orgs.with_suffix(suffixes)
    for i in range(bisect_right(orgs.ends, before) - 1, -1, -1):
        m = orgs.orgs[i]
        if m.end < after:
            return None  # every organization further back starts before ``after``
        if after <= m.start:
            return m
    return None


def _is_name(name: str) -> bool:
    """A family name first, no function character after it, and no everyday word (来到, 主要)."""
    if not lexicon.is_surname_start(name) or any(ch in "的了是在和与及等" for ch in name[1:]):
        return False
    if len(name) == 3 and (name[1:] in _ADDRESS_WORDS or name[1:] in gazetteer_titles()):
        return False  # 向记者, 朱博士: a family name and a form of address, not a given name
    return len(name) != 2 or name[0] in lexicon.COMMON_SURNAMES or not _has_word(name)


_ADDRESS_WORDS = frozenset("记者 博士 先生 女士 同志 老师 师傅 总裁 老板 教授 主任 部长 局长".split())


def gazetteer_titles() -> frozenset[str]:
    from zhnews.extract.ner import gazetteer

    return gazetteer.titles()


def _has_word(word: str) -> bool:
    import rjieba

    return rjieba.has_word(word)


def _titled_name_matches(text: str, known_persons: frozenset[tuple[int, int]] = frozenset()):
    """Title + name matches; a match whose name is none (委员 of 委员会副主任覃立新: 会副主) does
    not hide the one starting inside it (副主任覃立新). A name the recognizer found there counts
    as a name though its family name is rare (院长达世昌)."""
    pattern = _title_name_re()
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        name = m.group("name")
        if _is_name(name) or _FOREIGN_NAME.fullmatch(name) or m.span("name") in known_persons:
            yield m
            pos = m.end()
        else:
            pos = m.start() + 1


def find_titled_names(text: str, org_mentions: list[Mention], publisher: str | None = None,
                      referents: list[Mention] | None = None, persons: list[Mention] | None = None) -> list[TitledName]:
    """Persons introduced by a title (or followed by an honour), with their roles.

    ``referents`` are further places a body is named at, under its full name (a defined short
    form: 琼数智能 written for 海南琼数智能科技有限公司): 公司创始人 may refer back to them."""
    if publisher and publisher not in text:
        publisher = None  # 本报记者 where the text never names the paper: no organization stated
    out: list[TitledName] = []
    org_by_end: dict[int, Mention] = {}
    for m in org_mentions:
        if m.end not in org_by_end or m.start < org_by_end[m.end].start:
            org_by_end[m.end] = m
    chain_org_at_end: dict[int, str] = {}  # end of a titled name -> the last organization of its chain
    by_end = _OrgsByEnd([*org_mentions, *(referents or ())])
    delimiters = [d.start() for d in _HARD_DELIMITER.finditer(text)]
    last_end = -1  # the end of the last titled name
    for m in _titled_name_matches(text, frozenset((p.start, p.end) for p in persons or ())):
        name = m.group("name")
        ns, ne = m.start("name"), m.end("name")
        # the chain runs back to the last hard delimiter
        left = m.start()
        k = bisect_left(delimiters, left) - 1  # the last hard delimiter before the title
        left = max(0, left - _MAX_CHAIN, delimiters[k] + 1 if k >= 0 else 0)
        if last_end > left:  # 部长张锋及西安市市长叶牛平: the chain starts after the person before
            left = last_end
            jm = _CHAIN_JOINER.match(text, left)
            if jm:
                left = jm.end()
        chain = text[left:ns]
        items: list[tuple[int, str]] = []
        pos = left
        for piece in re.split("[、兼]", chain):  # 创始人兼首席执行官: 兼 coordinates titles too
            items.append((pos, piece))
            pos += len(piece) + 1
        parsed: list[tuple[str, int, str, int]] = []  # (org_text, org_start, title, title_start)
        carried: str | None = None
        for start, piece in reversed(items[-_MAX_POSTS:]):
            tm = lexicon.title_suffix_re().match(piece)
            if not tm:
                # 南江市委书记林海、市长赵明: the organization carries over the person before
                carried = chain_org_at_end.get(start + len(piece))
                break
            org_text, title, title_start = tm.group("org"), tm.group("title"), start + tm.start("title")
            if org_text and title[:2] in _COMMITTEES and len(title) > 2:
                # 浙江省委常委: the title is 常委, of 浙江省委
                org_text, title, title_start = org_text + title[:2], title[2:], title_start + 2
            elif org_text and title.startswith("党委") and title[2:] in _REGION_COMMITTEE_POSTS and _is_region(org_text):
                # 内蒙古自治区党委常委: a region's 党委 is its 省委 (a firm's 党委书记 stays the title)
                org_text, title, title_start = org_text + "党委", title[2:], title_start + 2
            parsed.append((org_text, start, title, title_start))
        parsed.reverse()
        person = Mention("person", ns, ne, name, 0.95)
        roles: list[Role] = []
        orgs: list[Mention] = []
        prev_org: str | None = carried
        for org_text, org_start, title, title_start in parsed:
            org_text, org_start = _strip_filler(org_text, org_start)
            org_text, org_start = _trim_org_text(org_text, org_start)
            if org_text in _TITLE_MODIFIERS or _titled_person(org_text):
                org_text, org_start = "", title_start  # 见习记者, 记者杨莉通讯员王媛: no organization stated
            if org_text.startswith(lexicon.FORMER_MARK) or org_text.endswith(lexicon.FORMER_MARK):
                # 原华信集团副总裁: a former post is no role; the organization is still named
                for mark in lexicon.FORMER_MARK:
                    org_text = org_text.removeprefix(mark).removesuffix(mark)
                if _valid_org_text(org_text):
                    orgs.append(Mention("organization", title_start - len(org_text), title_start, org_text, 0.9))
                prev_org = org_text or prev_org
                continue
            if org_text and lexicon.CONFERENCE_HEAD.search(org_text):
                continue
            org: str | None = None
            known = org_by_end.get(title_start)
            sibling = _sibling_body(prev_org, org_text)
            if sibling is not None:
                org = sibling  # 某某新区党工委副书记、管委会主任 -> 某某新区管委会
            elif known is not None and known.text not in _bare_heads() and (
                known.start >= org_start or _whole_name_before(text, known, org_start)
            ):
                org = known.text
                pm = prev_org and _PARTY_COMMITTEE.match(prev_org)
                if pm and org.endswith(("部", "办", "办公室")) and len(org) <= 4 and org == org_text:
                    org = prev_org + org  # 浙江省委常委、宣传部部长 -> 浙江省委宣传部
                # confirmed by the post; a department named by its committee is that committee's
                orgs.append(Mention("organization", known.start, known.end, org, 0.9))
            elif org_text in _SELF_MEDIA:
                org = publisher  # 本报记者: the publisher's own reporter
            elif org_text and (lexicon.ANAPHORIC_ORG.match(org_text) or org_text in _bare_heads()):
                # 该公司董事长 / 联盟理事长: the last such organization named before
                am = lexicon.ANAPHORIC_ORG.match(org_text)
                suffix = am.group(1) if am else org_text
                ref = _nearest_org(by_end, org_start, (suffix,) if suffix else None)
                org = ref.text if ref else None
            elif org_text and _valid_org_text(org_text):
                org = org_text
                pm = prev_org and _PARTY_COMMITTEE.match(prev_org)
                if pm and org.endswith(("部", "办", "办公室")) and len(org) <= 4:
                    org = prev_org + org  # 浙江省委常委、宣传部部长 -> 浙江省委宣传部
                orgs.append(Mention("organization", org_start, title_start, org, 0.9))
            elif not org_text:
                if title.endswith(("记者", "通讯员")):
                    ref = _nearest_org(by_end, title_start, None, max(0, title_start - 40))
                    org = ref.text if ref is not None and _MEDIA.search(ref.text) else publisher
                else:
                    org = _inherit(prev_org, title)
            roles.append(Role(person=name, title=title, organization=org, span=Span(org_start if org_text else title_start, ne)))
            prev_org = org if org_text or org else prev_org
        if prev_org:
            chain_org_at_end[ne] = prev_org
        out.append(TitledName(person, roles, orgs))
        last_end = ne
    titled_starts = {t.person.start for t in out}
    for m in _REPORTER.finditer(text):
        name = m.group("name")
        if not (_is_name(name) or _FOREIGN_NAME.fullmatch(name)):
            continue
        ref = _nearest_org(by_end, m.start(), None, max(0, m.start() - 40))
        org = ref.text if ref is not None and _MEDIA.search(ref.text) else publisher
        outlet = _OUTLET_CREDIT.search(text, max(0, m.start() - 16), m.start())
        outlet_orgs: list[Mention] = []
        if outlet and not outlet.group("outlet").startswith(("本报", "本网", "本刊", "本台")):
            org = outlet.group("outlet")
            outlet_orgs = [Mention("organization", outlet.start("outlet"), outlet.end("outlet"), org, 0.9)]
        credit = [(m.start("name"), name)]
        pos = m.end()
        while (more := _MORE_REPORTERS.match(text, pos)) and (_is_name(more.group("name")) or _FOREIGN_NAME.fullmatch(more.group("name"))):
            credit.append((more.start("name"), more.group("name")))
            pos = more.end()
        for start, each in credit:
            if start in titled_starts:
                continue  # read as a titled name already
            person = Mention("person", start, start + len(each), each, 0.9)
            out.append(TitledName(person, [Role(each, m.group("title"), org, Span(m.start(), start + len(each)))], outlet_orgs))
            outlet_orgs = []
    return out


def find_honours(text: str, persons: set[str], org_mentions: list[Mention]) -> list[Role]:
    """``NAME+TITLE`` honours of known persons (倪光南院士), with the academy named nearby."""
    out: list[Role] = []
    academy: dict[tuple[str, tuple[str, ...]], str | None] = {}
    for m in _name_title_re().finditer(text):
        name = m.group("name")
        if name not in persons:
            continue
        title = m.group("title")
        suffixes = lexicon.HONOUR_ORG_SUFFIX.get(title)
        org = None
        if suffixes:
            key = (name, suffixes)
            if key not in academy:  # the answer depends on the name only: looked up once
                ref = next((o for o in org_mentions if o.text.endswith(suffixes)
                            and text.find(name, max(0, o.start - 5), o.end + 30) >= 0), None)
                academy[key] = ref.text if ref else None
            org = academy[key]
        out.append(Role(name, title, org, Span(m.start(), m.end())))
    return out


@cache
def _elected_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<name>[\u4e00-\u9fff]{{2,4}})(?:当选为|当选|被选举为|被推选为|出任|担任)(?:首届|新一届|第[一二三四五六七八九十]+届)?"
        rf"(?P<org>[^，,。；;、\s]{{0,30}}?)(?:首届|新一届|第[一二三四五六七八九十]+届)?(?P<title>{lexicon.titles_pattern()})(?![\u4e00-\u9fff]{{0,1}}[长员])"
    )


def find_elected(text: str, persons: set[str], org_mentions: list[Mention]) -> list[Role]:
    """``NAME 当选 ORG TITLE`` (钱某当选联盟理事长): the post taken, of the organization named, or of
    the last one before it with that head word (联盟, 协会) when only the head word is written."""
    out: list[Role] = []
    if "当选" not in text and "选举为" not in text and "推选为" not in text and "任" not in text:
        return out
    by_text = {m.text for m in org_mentions}
    last_org, last_end = None, -1  # 甲当选联盟理事长，乙当选秘书长: the same body's posts
    for m in _elected_re().finditer(text):
        name = next((n for n in (m.group("name")[-k:] for k in (4, 3, 2)) if n in persons), None)
        if name is None:
            continue
        org_text = m.group("org")
        org: str | None = None
        if not org_text and last_org and "。" not in text[last_end : m.start()]:
            org = last_org
        elif org_text in by_text:
            org = org_text
        elif org_text:
            bare = lexicon.ANAPHORIC_ORG.match(org_text)
            head = bare.group(1) if bare else org_text
            before = [o for o in org_mentions if o.end <= m.start("org") and head and o.text.endswith(head)]
            if not before or len(head) > 4:
                continue  # a post of something the text does not name as a body
            org = max(before, key=lambda o: o.end).text
        out.append(Role(name, m.group("title"), org, Span(m.start("name") + m.group("name").find(name), m.end())))
        if org:
            last_org, last_end = org, m.end()
    out += _posts_held_by(text, persons, org_mentions)
    return out


# 院长由东北大学教授阚文博担任: the post of the body the sentence is about
_HELD_BY = re.compile(r"(?P<title>院长|所长|校长|理事长|秘书长|会长|主任|局长|行长|社长|馆长|站长|董事长|总经理)由(?P<desc>[^，,。；;]{0,40}?)担任")
_POST_HEADS = {"院长": ("院",), "所长": ("所",), "校长": ("大学", "学院", "学校"), "理事长": ("联盟", "协会", "学会", "商会", "联合会", "会"),
               "秘书长": ("联盟", "协会", "学会", "商会", "联合会", "会"), "会长": ("协会", "学会", "商会", "会"),
               "主任": ("中心", "委员会", "办公室", "办"), "局长": ("局",), "行长": ("行",), "社长": ("社",), "馆长": ("馆",),
               "站长": ("站",), "董事长": ("公司", "集团"), "总经理": ("公司", "集团")}


def _posts_held_by(text: str, persons: set[str], org_mentions: list[Mention]) -> list[Role]:
    out = []
    for m in _HELD_BY.finditer(text):
        desc = m.group("desc")
        name = next((n for n in (desc[-k:] for k in (4, 3, 2)) if n in persons), None)
        if name is None:
            continue
        sentence_start = max(text.rfind(c, 0, m.start()) for c in "。！？\n") + 1
        heads = _POST_HEADS[m.group("title")]
        bodies = [o for o in org_mentions if sentence_start <= o.start and o.end <= m.start() and o.text.endswith(heads)]
        if bodies:
            out.append(Role(name, m.group("title"), bodies[0].text, Span(m.start(), m.end())))
    return out


def dedup_roles(roles: list[Role]) -> list[Role]:
    """One role per (person, title, organization); a role without organization is dropped
    when the same person and title are known with one."""
    with_org = {(r.person, r.title) for r in roles if r.organization}
    seen: set[tuple[str, str, str | None]] = set()
    out: list[Role] = []
    for r in roles:
        key = (r.person, r.title, r.organization)
        if key in seen or (r.organization is None and (r.person, r.title) in with_org):
            continue
        seen.add(key)
        out.append(r)
    return out
