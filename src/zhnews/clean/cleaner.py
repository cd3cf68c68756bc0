"""The Clean stage: script (pinyin artefacts, Traditional -> Simplified), boilerplate, repeated paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhnews.clean import boilerplate as bp
from zhnews.clean.html_main import strip_site_suffix
from zhnews.clean.script import count_lost_characters, strip_pinyin_artefacts, to_simplified
from zhnews.clean.text import normalize_text, paragraphs
from zhnews.document import Document, Reject

MAX_CONTAINMENT_PARAGRAPHS = 400  # containment checks are quadratic; exact repeats are always removed
MIN_REPEAT = 12
_KEY_DROP = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    """Comparison form of a short line (title, publisher): letters and Han only."""
    return _KEY_DROP.sub("", text)


def _para_key(text: str) -> str:
    """Comparison form of a paragraph for repeats: cheap, spaces only (copies repeat verbatim)."""
    return text.replace(" ", "")


def simplify(text: str, config: str = "t2s") -> tuple[str, int]:
    """Converter pinyin removed first, then Traditional -> Simplified; returns the text and artefacts removed."""
    text, removed = strip_pinyin_artefacts(text)
    return to_simplified(text, config), removed


@dataclass(slots=True)
class Cleaned:
    """Body paragraphs plus what was lifted out of them for the metadata stage."""

    paragraphs: list[str]
    title_line: str | None = None
    source_lines: list[str] | None = None
    header_lines: list[str] | None = None
    removed: int = 0


def drop_repeats(paras: list[str]) -> list[str]:
    """Keep one copy of a repeated paragraph.

    A running-text paragraph contained in a longer one goes too (a lead repeated under its
    dateline); a subheading that repeats a phrase of the body stays.
    """
    seen: set[str] = set()
    keys: list[str] = []
    unique: list[str] = []
    for para in paras:
        key = _para_key(para)
        if key in seen and len(key) >= 2:
            continue
        seen.add(key)
        keys.append(key)
        unique.append(para)
    if len(unique) > MAX_CONTAINMENT_PARAGRAPHS:
        return unique
    # Keys are distinct now, so a key found twice in their NUL-joined string sits inside another one.
    joined = "\x00".join(keys)
    return [
        para
        for para, key in zip(unique, keys, strict=True)
        if len(key) < MIN_REPEAT or joined.count(key) < 2 or not bp.is_substantial(para)
    ]


_SOURCE, _JUNK, _TEXT, _SOURCE_AND_TEXT = 0, 1, 2, 3


def _line_verdict(para: str) -> tuple[int, str]:
    """(``_SOURCE``, line), (``_JUNK``, ""), or (``_TEXT``, the paragraph without junk sentences, maybe empty)."""
    if bp.is_source_line(para):
        return _SOURCE, para
    if bp.is_junk_line(para):
        return _JUNK, ""
    body, credit = bp.split_trailing_source(para)
    if credit:
        return _SOURCE_AND_TEXT, body
    cleaned, reasons = bp.clean_sentences(para)
    if not reasons:
        return _TEXT, para
    return _TEXT, cleaned if cleaned and not bp.is_junk_line(cleaned) else ""


def clean_paragraphs(
    paras: list[str],
    *,
    title: str | None = None,
    names: tuple[str, ...] = (),
    cache: dict[str, tuple[int, str]] | None = None,
) -> Cleaned:
    """Boilerplate removal on normalized, simplified paragraphs (see ``zhnews.clean.boilerplate``).

    ``cache`` keeps line verdicts between rounds of the same document.
    """
    source_lines: list[str] = []
    header_lines: list[str] = []
    kept: list[str] = []
    removed = 0
    cache = {} if cache is None else cache
    in_related_list = False
    for para in paras:
        if bp.is_related_header(para):
            in_related_list = True
            removed += 1
            continue
        if in_related_list:
            if not (bp.is_substantial(para) or bp.ends_as_sentence(para)):
                removed += 1
                continue
            in_related_list = False
        found = cache.get(para)
        if found is None:
            found = cache[para] = _line_verdict(para)
        kind, cleaned = found
        if kind == _SOURCE_AND_TEXT:  # a paragraph closed by a source credit: both parts are kept apart
            source_lines.append(para[len(cleaned) :].strip())
            found = cache.get(cleaned) or cache.setdefault(cleaned, _line_verdict(cleaned))
            kind, cleaned = found
        if kind == _SOURCE:
            source_lines.append(para)
        elif kind == _JUNK:
            removed += 1
            if not kept and bp.is_header_line(para):  # a date line above the body: keep it for metadata
                header_lines.append(para)
        elif cleaned:
            removed += cleaned != para
            kept.append(cleaned)
        else:
            removed += 1
    kept = _drop_tiny_clusters(kept)
    substantial = [i for i, p in enumerate(kept) if bp.is_substantial(p)]
    if substantial:
        first, last = substantial[0], substantial[-1]
        tail = [p for p in kept[last + 1 :] if bp.ends_as_sentence(p) or bp.is_photo_credit(p)]
        head: list[str] = []
        title_key = _key(title) if title else None
        name_keys = {_key(n) for n in names if n}
        for p in kept[:first]:
            key = _key(p)
            if key and (key == title_key or key in name_keys):
                continue
            if bp.is_header_line(p):
                header_lines.append(p)
                continue
            head.append(p)
        title_line = None
        if title is None and head and bp.is_headline(head[-1]) and not head[-1].startswith(("【", "[")):
            # a plain page: chrome (site name, menus, hot links), the headline, then the body
            title_line = head.pop()
            removed += len(head)
            head = []
        removed += (len(kept) - last - 1 - len(tail)) + (first - len(head) - (title_line is not None))
        kept = head + kept[first : last + 1] + tail
        if title_line is not None:
            kept = drop_repeats(kept)
            return Cleaned(kept, title_line, source_lines, header_lines, removed)
    title_line = None
    if title is not None:
        if kept and _key(kept[0]) == _key(title):
            kept.pop(0)
    elif len(kept) >= 2 and bp.is_headline(kept[0]) and bp.is_substantial(kept[1]):
        title_line = kept.pop(0)
    kept = drop_repeats(kept)
    return Cleaned(kept, title_line, source_lines, header_lines, removed)


def _drop_tiny_clusters(paras: list[str], min_run: int = 4) -> list[str]:
    """Four or more tiny lines in a row are a menu or a widget, not an article's subheadings."""
    out: list[str] = []
    run: list[str] = []
    for para in [*paras, None]:
        if para is not None and bp.is_tiny(para):
            run.append(para)
            continue
        if len(run) < min_run:
            out.extend(run)
        run = []
        if para is not None:
            out.append(para)
    return out


@dataclass(slots=True)
class Clean:
    """Simplified, boilerplate-free body text in ``doc.text``; damage that cannot be repaired is flagged.

    ``config`` is the OpenCC configuration (``t2s``: character and phrase conversion that keeps
    the article's own vocabulary).
    """

    config: str = "t2s"
    max_rounds: int = 3

    def __call__(self, doc: Document) -> Document | Reject:
        text, artefacts = simplify(doc.text, self.config)
        if artefacts:
            doc.flags.append(f"pinyin_artefacts_removed:{artefacts}")
        text = normalize_text(text)
        lost = count_lost_characters(text)
        if lost and not any(f.startswith("lost_characters") for f in doc.flags):
            doc.flags.append(f"lost_characters:{lost}")
        hints = doc.hints
        title = hints.get("title")
        title = to_simplified(str(title), self.config) if title else None
        html_title = hints.get("html_title")
        others = [hints.get("publisher"), *hints.get("authors", []), html_title, html_title and strip_site_suffix(html_title)]
        names = tuple(to_simplified(str(n), self.config) for n in others if n)
        paras = paragraphs(text)
        cache: dict[str, tuple[int, str]] = {}
        for _ in range(self.max_rounds):  # to a fixed point: cleaning clean text changes nothing
            result = clean_paragraphs(paras, title=title or hints.get("title_line"), names=names, cache=cache)
            if result.title_line:
                hints["title_line"] = result.title_line
            for key in ("source_lines", "header_lines"):
                found = getattr(result, key)
                if found:
                    hints.setdefault(key, []).extend(found)
            if result.paragraphs == paras:
                break
            paras = result.paragraphs
        doc.text = "\n".join(paras)
        if not doc.text:
            return Reject(doc.source, "no body text left after cleaning", "clean")
        return doc
