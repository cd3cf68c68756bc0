"""Turn a clean text and the facts pointing into it into safe, highlighted HTML.

Everything from a document is escaped here; the only markup in the output is ours. Facts may
overlap (a person inside an event sentence, an organization inside a role), so the text is cut
at every span boundary and each piece carries the classes of all spans covering it: the HTML
stays well formed however the spans nest or cross.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

# Fact kinds, in the order a piece's link is chosen when several cover it (innermost first).
KINDS = ("person", "organization", "place", "figure", "role", "event")


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted range ``[start, end)`` of the text: its kind, a label and where it links."""

    start: int
    end: int
    kind: str
    label: str = ""
    href: str | None = None
    fact_id: str | None = None


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    marks: list[Mark] = field(default_factory=list)


def _clip(marks: Iterable[Mark], length: int) -> list[Mark]:
    """Marks inside the text, non-empty, with known kinds; bad spans are dropped, not trusted."""
    out = []
    for m in marks:
        start, end = max(0, int(m.start)), min(length, int(m.end))
        if start < end and m.kind in KINDS:
            out.append(Mark(start, end, m.kind, m.label, m.href, m.fact_id))
    return out


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """HTML of ``text`` with every mark wrapped in a ``<span class="f f-KIND">`` (escaped throughout).

    A piece covered by a linked entity, figure or role becomes an ``<a>`` to that fact's page;
    paragraphs (newlines) become ``<br>`` so the text keeps its shape.
    """
    clipped = _clip(marks, len(text))
    bounds = sorted({0, len(text), *(m.start for m in clipped), *(m.end for m in clipped)})
    pieces = [_Piece(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    # Assign marks to pieces by sweeping (pieces are sorted and contiguous).
    starts = {p.start: i for i, p in enumerate(pieces)}
    for m in clipped:
        i = starts[m.start]
        while i < len(pieces) and pieces[i].end <= m.end:
            pieces[i].marks.append(m)
            i += 1
    out: list[str] = []
    for piece in pieces:
        body = str(escape(text[piece.start : piece.end])).replace("\n", "<br>\n")
        if not piece.marks:
            out.append(body)
            continue
        ordered = sorted(piece.marks, key=lambda m: (KINDS.index(m.kind), m.end - m.start))
        classes = " ".join(sorted({f"f-{m.kind}" for m in ordered}))
        lead = ordered[0]
        titles = "; ".join(dict.fromkeys(f"{_KIND_ZH[m.kind]}: {m.label}" if m.label else _KIND_ZH[m.kind] for m in ordered))
        attrs = f' class="f {classes}" title="{escape(titles)}" data-kind="{escape(lead.kind)}"'
        if lead.fact_id:
            attrs += f' data-fact="{escape(lead.fact_id)}"'
        if lead.href:
            out.append(f'<a href="{escape(lead.href)}"{attrs}>{body}</a>')
        else:
            out.append(f"<span{attrs}>{body}</span>")
    return Markup("".join(out))


_KIND_ZH = {
    "person": "人物",
    "organization": "机构",
    "place": "地点",
    "figure": "数字",
    "role": "职务",
    "event": "事件",
}


def snippet_html(snippet: str, open_mark: str, close_mark: str) -> Markup:
    """A search snippet whose hits are delimited by ``open_mark``/``close_mark`` as safe HTML with ``<mark>``."""
    out: list[str] = []
    rest = snippet
    while rest:
        i = rest.find(open_mark)
        if i < 0:
            out.append(str(escape(rest)))
            break
        j = rest.find(close_mark, i + len(open_mark))
        if j < 0:
            out.append(str(escape(rest)))
            break
        out.append(str(escape(rest[:i])))
        out.append("<mark>" + str(escape(rest[i + len(open_mark) : j])) + "</mark>")
        rest = rest[j + len(close_mark) :]
    return Markup("".join(out))
