"""The ToText stage: markup (HTML page, Markdown with front matter, plain text) -> paragraphs of text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhnews.clean.frontmatter import hints_from_front_matter, split_front_matter
from zhnews.clean.html_main import extract_main_text
from zhnews.clean.markup import markdown_to_text
from zhnews.clean.text import normalize_text
from zhnews.document import Document, Reject

_HTML_PAGE = re.compile(r"\A(?:\s|<!--.*?-->)*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html|<head|<body)", re.I | re.S)
_SCRIPTISH = re.compile(r"<(?:script|style)\b", re.I)
_LIST_MARKER = re.compile(r"^[ \t]*[-*•·][ \t]+", re.M)  # trafilatura renders <li> as "- item"


def markup_of(doc: Document) -> str:
    """``html``, ``md`` or ``txt``: how the decoded source is written (containers say it in hints)."""
    markup = doc.hints.get("markup")
    if markup in ("html", "md", "txt"):
        return markup
    return {"html": "html", "warc": "html", "md": "md"}.get(doc.format, "txt")


@dataclass(slots=True)
class ToText:
    """Main text of HTML pages (trafilatura), Markdown and front matter rendered to text.

    Front matter fields become hints (title, published, publisher, url, authors) unless the
    reader already set them. The result is one paragraph per line.
    """

    def __call__(self, doc: Document) -> Document | Reject:
        text = doc.raw_text
        markup = markup_of(doc)
        if markup != "html":
            front = split_front_matter(text)
            if front.present:
                for key, value in hints_from_front_matter(front.fields).items():
                    doc.hints.setdefault(key, value)
                doc.hints.setdefault("front_matter", {k: str(v) for k, v in front.fields.items()})
                doc.flags.extend(front.flags)
                text, markup = front.body, "md"
            elif _HTML_PAGE.match(text[:4096]):
                markup = "html"
        if markup == "html":
            main = extract_main_text(text, url=doc.hints.get("url"))
            for key, value in main.meta.items():
                if key == "source_line":  # the header's 来源 line, for Metadata
                    doc.hints.setdefault("source_lines", []).append(value)
                    continue
                doc.hints.setdefault(key if key != "title" else "html_title", value)
            doc.flags.extend(main.flags)
            text = _LIST_MARKER.sub("", main.text)
            if _SCRIPTISH.search(text):  # belt and braces: markup that survived extraction
                text = markdown_to_text(text)
        else:
            text = markdown_to_text(text)
        doc.text = normalize_text(text)
        return doc
