"""The Metadata stage: title, published date, publisher, url, authors, dateline place.

Sources, strongest first: reader hints (front matter, JSON Lines fields), lines the Clean
stage lifted out of the body (source lines ``来源：…``, header lines with dates and bylines,
a headline first line), the dateline opening the body (``新华社北京11月3日电(记者郭倩)``),
and last the HTML page's own metadata. Nothing is invented: a dateline without a year gives
no published date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhnews.clean import boilerplate as bp
from zhnews.clean.dates import normalize_date
from zhnews.clean.html_main import strip_site_suffix
from zhnews.clean.script import to_simplified
from zhnews.clean.text import HAN
from zhnews.document import Document, Reject

_OUTLET = r"(?:通讯社|客户端|新闻|社|网|报|台)"
DATELINE = re.compile(
    rf"^[（(【\[]?\s*(?P<pub>[{HAN}]{{1,10}}{_OUTLET})\s*(?P<place>[{HAN}]{{2,8}})?\s*"
    rf"(?:(?P<year>\d{{4}})\s*年\s*)?(?P<month>\d{{1,2}})\s*月\s*(?P<day>\d{{1,2}})\s*日\s*(?:电|讯|消息)"
    rf"[】\])）]?\s*(?:[（(【\[](?P<credit>[^（()）【】\[\]]{{1,40}})[）)】\]])?"
)
DATELINE_NO_DATE = re.compile(
    rf"^[（(【\[]?\s*(?P<pub>[{HAN}]{{1,10}}(?:网|报|台|社))(?:讯|消息)[】\])）]?\s*(?:[（(【\[](?P<credit>[^（()）【】\[\]]{{1,40}})[）)】\]])?"
)
_CREDIT_ROLE = re.compile(r"(?:本报|本网|特约|实习)?(?:记者|通讯员|特约撰稿人|撰稿|报道)\s*")
_GENERIC_PUBLISHERS = frozenset({"本报", "本网", "本刊", "本台", "本社", "我报", "我台"})
_SITENAME_MAX = 12


@dataclass(frozen=True, slots=True)
class Dateline:
    """What a dateline says: who sent the story, from where, when, and by whom."""

    publisher: str | None
    place: str | None
    date: str | None
    authors: tuple[str, ...]


def parse_dateline(paragraph: str) -> Dateline | None:
    """``新华社北京11月3日电(记者郭倩)`` -> 新华社 / 北京 / (no year: no date) / 郭倩."""
    match = DATELINE.match(paragraph)
    if match:
        year = match.group("year")
        date = normalize_date(f"{year}-{match.group('month')}-{match.group('day')}") if year else None
        place = match.group("place")
    else:
        match = DATELINE_NO_DATE.match(paragraph)
        if not match:
            return None
        date, place = None, None
    publisher = match.group("pub")
    if publisher in _GENERIC_PUBLISHERS:
        publisher = None
    return Dateline(publisher, place, date, tuple(credit_names(match.group("credit") or "")))


def credit_names(credit: str) -> list[str]:
    """Person names in a byline credit: ``记者郭倩`` / ``记者 张三 李四 通讯员 王五``."""
    names = []
    for part in re.split(r"[\s、，,;；和及/]+", _CREDIT_ROLE.sub(" ", credit)):
        part = part.strip()
        if 2 <= len(part) <= 4 and re.fullmatch(f"[{HAN}·]+", part):
            names.append(part)
    return names


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


_INLINE_AUTHOR = re.compile(r"(?<!责任)(?:作者|记者)[：:]\s*([\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])")
_ACCOUNT_TAIL = re.compile(r"(?:报|网|台|社|号|发布|观察|资讯|新闻|在线|头条|之声|视点|融媒|传媒|杂志|周刊|客户端|公众号|网信|科技|数据|智库)$")


def _is_account(name: str) -> bool:
    """A WeChat account or an outlet written where a byline would be (陕西网信, 陇东报), not a person."""
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in name)
    return han >= 3 and (len(name) > 4 or bool(_ACCOUNT_TAIL.search(name)))


def _authors(value: object) -> list[str]:
    if isinstance(value, str):
        return [a for a in re.split(r"[,，、;；/|]\s*|\s{2,}", value) if a.strip()]
    if isinstance(value, (list, tuple)):
        return [str(a).strip() for a in value if str(a).strip()]
    return []


@dataclass(slots=True)
class Metadata:
    """Fill ``title``, ``published``, ``publisher``, ``url``, ``authors``, ``dateline_place`` (simplified script)."""

    config: str = "t2s"
    dateline_paragraphs: int = 3

    def __call__(self, doc: Document) -> Document | Reject:
        hints = doc.hints
        simp = lambda s: to_simplified(s, self.config) if s else s  # noqa: E731
        dateline = next(
            (d for p in doc.text.split("\n")[: self.dateline_paragraphs] if (d := parse_dateline(p))), None
        )
        title = _text(hints.get("title")) or _text(hints.get("title_line"))
        if not title and _text(hints.get("html_title")):
            title = strip_site_suffix(_text(hints.get("html_title")) or "") or None
        doc.title = simp(title)
        header_lines = [str(line) for line in [*hints.get("header_lines", []), *hints.get("source_lines", [])]]
        doc.published = next(
            (
                d
                for d in (
                    normalize_date(hints.get("published")),
                    *(normalize_date(line) for line in header_lines),
                    dateline.date if dateline else None,
                )
                if d
            ),
            None,
        )
        source_publishers = [p for line in hints.get("source_lines", []) if (p := bp.source_line_publisher(str(line)))]
        sitename = _text(hints.get("sitename"))
        if sitename and (len(sitename) > _SITENAME_MAX or " " in sitename):
            sitename = None
        hinted_authors = _authors(hints.get("authors")) or _authors(hints.get("author"))
        account = next((a for a in hinted_authors if _is_account(a)), None)  # front matter author: 陕西网信
        publisher = (
            _text(hints.get("publisher"))
            or (source_publishers[0] if source_publishers else None)
            or (dateline.publisher if dateline else None)
            or sitename
            or account
        )
        doc.publisher = simp(publisher)
        doc.url = _text(hints.get("url")) or doc.url
        authors = [a for a in hinted_authors if not _is_account(a)]
        if not authors and dateline:
            authors = list(dateline.authors)
        if not authors:
            authors = [n for line in header_lines for n in bp.author_line_names(line)]
        if not authors:  # 2025-07-02 来源：北辰日报 作者：王晓东 【打印】: an author inside a header line
            authors = [m.group(1) for line in header_lines if (m := _INLINE_AUTHOR.search(line))]
        doc.authors = [simp(a) for a in dict.fromkeys(authors)]
        if dateline and dateline.place:
            doc.dateline_place = simp(dateline.place)
        return doc
