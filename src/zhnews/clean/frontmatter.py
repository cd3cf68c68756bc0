"""YAML front matter (WeChat scrapes, Jekyll/Hugo posts): split it off and read it safely."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

_OPEN = re.compile(r"\A\ufeff?[ \t]*---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w\-]*)\s*:\s*(.*)$")
MAX_FRONT_MATTER = 20_000


class _PlainLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader that keeps dates as written: ``2022-02-17 03:00 +0800`` must not move to the UTC day."""


_PlainLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(slots=True)
class FrontMatter:
    """The fields of a front matter block and the body that follows it."""

    fields: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    present: bool = False
    flags: list[str] = field(default_factory=list)


def split_front_matter(text: str) -> FrontMatter:
    """Split ``---``-delimited front matter from ``text``; broken front matter is flagged, never fatal."""
    opening = _OPEN.match(text)
    if not opening:
        return FrontMatter(body=text)
    closing = _CLOSE.search(text, opening.end(), opening.end() + MAX_FRONT_MATTER)
    if not closing:
        # No closing fence: read leading ``key: value`` lines as fields, the rest is body.
        lines = text[opening.end() :].split("\n")
        fields: dict[str, Any] = {}
        i = 0
        while i < len(lines) and (m := _KEY_VALUE.match(lines[i])):
            fields[m.group(1).lower()] = m.group(2).strip().strip("\"'")
            i += 1
        return FrontMatter(fields, "\n".join(lines[i:]), True, ["front_matter_unclosed"])
    block = text[opening.end() : closing.start()]
    body = text[closing.end() :]
    flags: list[str] = []
    simple = _simple_fields(block)
    if simple is not None:
        return FrontMatter(simple, body, True, flags)
    try:
        loaded = yaml.load(block, Loader=_PlainLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        loaded = None
        flags.append("front_matter_invalid")
    if not isinstance(loaded, dict):
        if loaded is not None:
            flags.append("front_matter_invalid")
        loaded = {}
        for line in block.split("\n"):
            if m := _KEY_VALUE.match(line):
                loaded[m.group(1)] = m.group(2).strip().strip("\"'")
    fields = {str(k).lower(): v for k, v in loaded.items()}
    return FrontMatter(fields, body, True, flags)


_PLAIN_VALUE = re.compile(r"""^(?:"([^"\\]*)"|'([^']*)'|([^"'\[\]{}|>&*!%@`#\s][^#]*?|))\s*$""")


def _simple_fields(block: str) -> dict[str, Any] | None:
    """Fast path for the common case, ``key: plain value`` lines only; None when YAML is needed."""
    fields: dict[str, Any] = {}
    for line in block.split("\n"):
        if not line.strip():
            continue
        match = _KEY_VALUE.match(line)
        if not match:
            return None
        value = _PLAIN_VALUE.match(match.group(2))
        if not value or (value.group(3) is not None and ": " in value.group(3)):
            return None
        fields[match.group(1).lower()] = next((g for g in value.groups() if g is not None), "")
    return fields


_TITLE_KEYS = ("title", "headline")
_DATE_KEYS = ("published", "date", "pubdate", "publish_date", "publish_time", "pub_date", "time", "created")
_PUBLISHER_KEYS = ("publisher", "source", "site_name", "sitename", "site", "media", "account", "nickname")
_URL_KEYS = ("url", "link", "original_url", "source_url", "canonical_url", "permalink")
_AUTHOR_KEYS = ("authors", "author", "byline")


def _first(fields: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = fields.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def hints_from_front_matter(fields: dict[str, Any]) -> dict[str, Any]:
    """Map front matter keys to reader hints. ``categories`` and ``tags`` are topics, not publishers."""
    hints: dict[str, Any] = {}
    for name, keys in (("title", _TITLE_KEYS), ("published", _DATE_KEYS), ("publisher", _PUBLISHER_KEYS), ("url", _URL_KEYS)):
        value = _first(fields, keys)
        if isinstance(value, (str, int, float)) and str(value).strip():
            hints[name] = str(value).strip()
    authors = _first(fields, _AUTHOR_KEYS)
    if isinstance(authors, str) and authors.strip():
        hints["authors"] = [a for a in re.split(r"[,，、;；/]\s*|\s{2,}", authors.strip()) if a]
    elif isinstance(authors, list):
        hints["authors"] = [str(a).strip() for a in authors if isinstance(a, (str, int)) and str(a).strip()]
    return hints
