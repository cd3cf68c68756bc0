"""Main text and metadata of a whole HTML page, with trafilatura fed correctly decoded text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from zhnews.clean.boilerplate import is_source_line, is_substantial
from zhnews.clean.density import densest_block_text
from zhnews.clean.markup import element_text, parse_html, remove_keep_tail
from zhnews.clean.text import han_count

_NAV_TAGS = ("nav", "header", "footer", "aside", "form", "menu")
MIN_MAIN_TEXT = 30
DENSER = 1.3  # the density extractor wins only with clearly more running text than trafilatura


@dataclass(slots=True)
class MainText:
    """What a page yields: body text (one paragraph per line) and the metadata found on it."""

    text: str
    meta: dict[str, object] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


_META_FIELDS = (("title", "title"), ("date", "published"), ("sitename", "sitename"), ("author", "author"), ("url", "url"))


def extract_main_text(html: str, url: str | None = None) -> MainText:
    """trafilatura's main text, or the densest text block when that holds clearly more running text.

    The page's visible text minus navigation blocks is the last resort.
    """
    import trafilatura  # heavy import, only when a page needs it

    flags: list[str] = []
    result = None
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except Exception as exc:  # noqa: BLE001 - a third-party parser on hostile pages: fall back, never stop
        flags.append(f"trafilatura_failed:{type(exc).__name__}")
    meta: dict[str, object] = {}
    text = ""
    if result is not None:
        for attr, key in _META_FIELDS:
            value = getattr(result, attr, None)
            if isinstance(value, str) and value.strip():
                meta[key] = value.strip()
        text = result.text or ""
    dense = densest_block_text(html)
    if sentence_mass(dense) > DENSER * sentence_mass(text):
        text = dense
        flags.append("main_text_density")
    if len(text.strip()) < MIN_MAIN_TEXT:
        fallback = visible_text(html)
        if len(fallback) > len(text):
            text = fallback
            flags.append("main_text_fallback")
    header = header_source_line(html, text)
    if header:
        meta["source_line"] = header
    return MainText(text, meta, flags)


_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.I | re.S)


def header_source_line(html: str, main: str) -> str | None:
    """The ``来源：… 作者：…`` line of the article's header, which main-text extraction leaves out:
    the last source line of the page above where the main text begins (not a sidebar's)."""
    if "来源" not in html and "作者" not in html:
        return None
    page = unescape(_TAG.sub("\n", html)).replace("\xa0", " ")
    first = next((line.strip() for line in main.split("\n") if is_substantial(line.strip())), "")  # not the headline
    end = page.find(first[:12]) if first else -1
    above = page[: end if end > 0 else len(page)]
    lines = [line.strip() for line in above.split("\n") if line.strip()]
    found = [line for line in lines if len(line) <= 120 and is_source_line(line)]
    return found[-1] if found else None


def visible_text(html: str) -> str:
    """All visible text outside navigation, header, footer and form blocks."""
    root = parse_html(html)
    if root is None:
        return ""
    for el in list(root.iter(*_NAV_TAGS)):
        remove_keep_tail(el)
    return element_text(root)


def sentence_mass(text: str) -> int:
    """Han characters in paragraphs of running text: how much article a candidate holds."""
    return sum(han_count(p) for p in text.split("\n") if is_substantial(p))


_TITLE_SEPARATOR = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|--)\s*")


def strip_site_suffix(title: str) -> str:
    """``标题_网易科技`` / ``标题 - 新华网`` -> ``标题``: the longest separator-delimited part."""
    parts = [p for p in _TITLE_SEPARATOR.split(title) if p.strip()]
    if len(parts) <= 1:
        return title.strip()
    return max(parts, key=len).strip()
