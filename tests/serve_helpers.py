"""Helpers for the HTTP API / web UI tests: a knowledge base holding a hostile document."""

from __future__ import annotations

from pathlib import Path

from zhnews.document import Document, Entity, Event, Figure, Role, Span

HOSTILE_TEXT = (
    "测试公司<script>alert('x')</script>董事长张三表示，"
    '<img src=x onerror="alert(1)">将投资5亿元。'
    "他说：“</textarea><b>粗体</b>&amp;”。"
)


def hostile_document(source: str = "hostile/xss.txt") -> Document:
    """A document whose text, title and facts carry markup and script that must show as text."""
    text = HOSTILE_TEXT
    person_at = text.index("张三")
    org_at = text.index("测试公司<script>")
    org_end = text.index("董事长")
    fig_at = text.index("5亿元")
    img_at = text.index("<img")
    return Document(
        source=source,
        format="txt",
        text=text,
        title="<script>alert('title')</script>标题",
        published="2024-01-02",
        publisher='<b onmouseover="alert(2)">出版方</b>',
        url="javascript:alert(3)",
        entities=[
            Entity("person", "张三", spans=[Span(person_at, person_at + 2)]),
            Entity("organization", "测试公司<script>alert('x')</script>", spans=[Span(org_at, org_end)]),
        ],
        roles=[Role("张三", "董事长", "测试公司<script>alert('x')</script>", Span(org_at, person_at + 2))],
        events=[Event("investment", "2024-01", None, "<img src=x onerror=alert(4)>", ["张三"], Span(img_at, fig_at + 3), "投资")],
        figures=[Figure(5e8, "CNY", "5亿元", Span(fig_at, fig_at + 3))],
    )


def build_hostile_kb(path: Path) -> Path:
    """A real SQLite knowledge base with the hostile document stored through the store's own write path."""
    from zhnews.kb.store import open_store

    with open_store(path) as store:
        doc = hostile_document()
        outcomes = store.write([store.prepare(doc)])
        assert outcomes[0].status == "stored", outcomes
    return path
