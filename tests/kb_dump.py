"""A canonical dump of a knowledge base, to compare two stores built from the same input.

Nothing in it depends on storage ids, timestamps or insertion order: documents are keyed by
content key, each kind of fact is a sorted list (with character spans), and the derived
knowledge-base rows are compared as sorted lists of their contents.
"""

from __future__ import annotations

import json
from typing import Any

from zhnews.kb.store import Store


def _canonical(row: Any) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def dump(store: Store) -> dict[str, Any]:
    """Documents (metadata, text, sources, facts), rejects, resolved entities and merged events."""
    documents = []
    rows = store._execute(
        "SELECT id, content_key, source, title, published, publisher, url, authors, flags, text, duplicate_of, "
        "format, encoding, dateline_place FROM documents ORDER BY content_key"
    ).fetchall()
    for doc_id, key, *meta in rows:
        sources = sorted(r[0] for r in store._execute("SELECT source FROM sources WHERE document_id = ?", (doc_id,)).fetchall())
        facts = {kind: sorted(rows, key=_canonical) for kind, rows in store.facts(doc_id).items()}
        documents.append({"key": key, "meta": list(meta), "sources": sources, "facts": facts})
    rejects = sorted(tuple(r) for r in store._execute("SELECT source, reason, stage FROM rejects").fetchall())
    entities = sorted(tuple(r) for r in store._execute(
        "SELECT type, name, aliases, documents, mentions FROM kb_entities").fetchall())
    events = sorted(tuple(map(str, r)) for r in store._execute("SELECT type, date, name, sectors FROM kb_events").fetchall())
    return json.loads(json.dumps(
        {"documents": documents, "rejects": rejects, "kb_entities": entities, "kb_events": events}, ensure_ascii=False
    ))


def differences(left: dict[str, Any], right: dict[str, Any]) -> list[str]:
    """Readable differences between two dumps (empty when equal)."""
    out = []
    for part in left.keys() | right.keys():
        a, b = left.get(part), right.get(part)
        if a == b:
            continue
        if part == "documents":
            ka, kb = {d["key"]: d for d in a}, {d["key"]: d for d in b}
            out += [f"document {k} only on the left" for k in ka.keys() - kb.keys()]
            out += [f"document {k} only on the right" for k in kb.keys() - ka.keys()]
            for k in ka.keys() & kb.keys():
                for field in ("meta", "sources", "facts"):
                    if ka[k][field] != kb[k][field]:
                        out.append(f"document {k} ({ka[k]['sources'][:1]}): {field} differ")
        else:
            out.append(f"{part}: {len(a)} rows vs {len(b)} rows, contents differ")
    return out
