"""Markup -> text: HTML (fragments or whole pages, without main-text selection) and Markdown.

Script, style and other non-text elements are dropped with their content. Block elements
end a paragraph (``\\n``). The HTML walk is iterative, and libxml2 caps nesting depth, so
pathological nesting truncates a document instead of crashing the run.
"""

from __future__ import annotations

import re

from lxml import etree

BLOCK_TAGS = frozenset(
    "address article aside blockquote br center dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr td th ul "
    "caption body html".split()
)
DROP_TAGS = frozenset(
    "script style noscript template iframe svg math object embed head title select option button input "
    "textarea canvas audio video map area source track link meta base param frame frameset applet".split()
)
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]*>", re.I)
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_HTML_TAG = re.compile(
    r"<(?:p|div|br|span|strong|b|em|i|a|img|table|tr|td|ul|ol|li|h[1-6]|section|article|script|style|font|center|"
    r"blockquote|iframe|noscript|html|body|head)\b[^>]*>|</(?:p|div|span|strong|a|td|li|h[1-6]|section|font)>",
    re.I,
)


def has_html_tags(text: str) -> bool:
    """True when ``text`` contains HTML elements (not just a stray ``<``)."""
    return _HTML_TAG.search(text) is not None


def _parser() -> etree.HTMLParser:
    return etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True, remove_blank_text=False)


def parse_html(html: str) -> etree._Element | None:
    """Parse (broken) HTML leniently; None when nothing parseable is left."""
    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        return etree.fromstring(html, _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def html_to_text(html: str, *, keep_newlines: bool = False) -> str:
    """All visible text of an HTML document or fragment, one paragraph per line.

    ``keep_newlines`` treats source line breaks as paragraph breaks (Markdown bodies with
    inline HTML); otherwise whitespace runs collapse as a browser would render them.
    """
    root = parse_html(html)
    if root is None:
        return ""
    return element_text(root, keep_newlines=keep_newlines)


def remove_keep_tail(el: etree._Element) -> None:
    """Remove ``el`` and its content from the tree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def element_text(root: etree._Element, *, keep_newlines: bool = False) -> str:
    parts: list[str] = []

    def add(chunk: str | None) -> None:
        if chunk:
            parts.append(chunk if keep_newlines else _SPACE_RUN.sub(" ", chunk))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if tag in DROP_TAGS or not tag:
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS:
                parts.append("\n")
            add(el.text)
        else:
            if tag in BLOCK_TAGS:
                parts.append("\n")
            add(el.tail)
    return "\n".join(line.strip() for line in "".join(parts).split("\n") if line.strip())


# --- Markdown ---------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(```|~~~).*$", re.M)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]")
_LINK = re.compile(r"\[([^\]\n]*)\]\((?:[^()\n]|\([^)\n]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^>\s]*>")
_BARE_URL_LINE = re.compile(r"^\s*(?:https?:)?//\S+\s*$")
_LINK_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s*(?:=+|-+)\s*$")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_CODE = re.compile(r"`([^`\n]+)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_MARKDOWN_SIGNS = re.compile(r"[#*_\[\]!<>|`~=\\]|^\s*(?:[-+]|\d+\.)(?:\s|$)|^\s*-{3,}|^\s*(?:https?:)?//")
_LINK_SEPARATORS = re.compile(r"^[\s|｜/·•,，、>»\-–—]*$")


def _is_link_only(line: str) -> bool:
    """A line made only of links (and separators) is navigation: ``[返回首页](/)｜[上一篇](...)``."""
    if "](" not in line and "<http" not in line:
        return False
    rest = _AUTOLINK.sub("", _LINK.sub("", _IMAGE.sub("", line)))
    return _LINK_SEPARATORS.match(rest) is not None


def markdown_to_text(text: str) -> str:
    """Markdown (possibly with inline HTML) -> plain text, one paragraph per line.

    Images and link-only (navigation) lines are removed, link anchors kept as text,
    heading, emphasis, quote and bullet markers dropped.
    """
    text = _HTML_COMMENT.sub("", text)
    out: list[str] = []
    for line in text.split("\n"):
        if not _MARKDOWN_SIGNS.search(line):  # most lines of a Chinese article: nothing to do
            out.append(line)
            continue
        if (
            _FENCE.match(line)
            or _RULE.match(line)
            or _TABLE_SEP.match(line)
            or _LINK_DEF.match(line)
            or _BARE_URL_LINE.match(line)
            or (_SETEXT.match(line) and out)
            or _is_link_only(line)
        ):
            continue
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
        line = _QUOTE.sub("", line)
        line = _BULLET.sub("", line)
        line = _IMAGE.sub("", line)
        line = _LINK.sub(r"\1", line)
        line = _REF_LINK.sub(r"\1", line)
        line = _AUTOLINK.sub("", line)
        line = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", line)
        line = _CODE.sub(r"\1", line)
        line = _ESCAPE.sub(r"\1", line)
        if line.count("|") >= 2 and line.strip().startswith("|"):
            line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        out.append(line)
    body = "\n".join(out)
    if has_html_tags(body):
        body = html_to_text(body, keep_newlines=True)
    return body
