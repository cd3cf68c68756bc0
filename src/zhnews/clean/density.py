"""A second main-text extractor: the block where running Chinese text is densest.

Each block element is scored by the sentence-like text it holds directly (Han characters
outside links, counted only when the block has Chinese sentence punctuation); its score
flows to its parent and, halved, to its grandparent. The best-scoring container is the
article body. Link-dense blocks inside it (related-news lists, tag clouds) are dropped.
Complements trafilatura on short pages whose one or two paragraphs it discards.
"""

from __future__ import annotations

from lxml import etree

from zhnews.clean.markup import BLOCK_TAGS, DROP_TAGS, element_text, parse_html, remove_keep_tail
from zhnews.clean.text import han_count

_NAV_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu", "select"})
_SENTENCE_MARKS = ("，", "。", "！", "？", "；", "、")
MAX_LINK_SHARE = 0.5


def _own_text(el: etree._Element) -> tuple[str, int]:
    """Text directly in ``el`` (inline children included, block children excluded) and how much of it is link text."""
    parts = [el.text or ""]
    linked = 0
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag and tag not in BLOCK_TAGS and tag not in DROP_TAGS:
            inner = "".join(child.itertext())
            parts.append(inner)
            if tag == "a":
                linked += len(inner)
        parts.append(child.tail or "")
    return "".join(parts), linked


def _link_share(el: etree._Element) -> float:
    text = "".join(el.itertext())
    if not text.strip():
        return 0.0
    linked = sum(len("".join(a.itertext())) for a in el.iter("a"))
    return linked / len(text)


def densest_block_text(html: str) -> str:
    """The text of the container holding the most sentence-like text, one paragraph per line."""
    root = parse_html(html)
    if root is None:
        return ""
    for el in list(root.iter(*(DROP_TAGS | _NAV_TAGS))):
        remove_keep_tail(el)
    scores: dict[etree._Element, float] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        text, linked = _own_text(el)
        han = han_count(text) - linked
        if han < 8 or not any(mark in text for mark in _SENTENCE_MARKS):
            continue
        score = float(han)
        parent = el.getparent() if el.tag.lower() in ("p", "span", "font", "strong", "b") else el
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + score
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + score / 2
    if not scores:
        return ""
    best = max(scores, key=scores.__getitem__)
    for el in list(best.iter("ul", "ol", "dl", "table", "div")):
        if el is not best and el.getparent() is not None and _link_share(el) > MAX_LINK_SHARE:
            remove_keep_tail(el)
    return element_text(best)
