"""The Python API: what the CLI, the HTTP API and the web UI call.

    from zhnews import api
    report = api.ingest(["corpus/"], db="kb.sqlite")
    with api.open_kb("kb.sqlite") as kb:
        for hit in api.search("人工智能", kb=kb):
            print(hit.source, hit.snippet)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from zhnews.document import Reject
from zhnews.kb.search import Hit
from zhnews.kb.search import search as _search
from zhnews.kb.store import SearchFilters, Store, StoreError, default_db, open_store
from zhnews.kb.view import document_view
from zhnews.run.progress import Progress, RunReport

__all__ = ["Hit", "RunReport", "SearchFilters", "Store", "StoreError", "ingest", "open_kb", "search", "show", "stats"]


def open_kb(db: str | Path | None = None, *, create: bool = False) -> Store:
    """Open a knowledge base (SQLite path or ``postgresql://`` URL; default ``$ZHNEWS_DB`` or
    ``./zhnews.sqlite``). Without ``create`` a missing SQLite file is a ``StoreError``."""
    return open_store(db or default_db(), create=create)


def ingest(
    paths: Sequence[str | Path],
    db: str | Path | None = None,
    workers: int = 0,
    *,
    executor: str = "local",
    address: str | None = None,
    progress: Progress | None = None,
    on_reject: Callable[[Reject], None] | None = None,
    shard_size: int = 16,
) -> RunReport:
    """Ingest files, folders or globs into the knowledge base; ``workers=0`` uses all cores."""
    from zhnews.run.ingest import ingest as _ingest
    from zhnews.run.local import LocalExecutor

    if executor == "ray":
        from zhnews.run.ray_executor import RayExecutor

        runner: Any = RayExecutor(address=address, shard_size=shard_size, num_cpus=workers or None)
    elif executor == "local":
        runner = LocalExecutor(workers=workers, shard_size=shard_size)
    else:
        raise ValueError(f"unknown executor {executor!r}: use 'local' or 'ray'")
    with open_store(db or default_db()) as store:
        near_duplicates = _near_duplicate_check(store)
        report = _ingest(
            [str(p) for p in paths], store, executor=runner, progress=progress, on_reject=on_reject,
            near_duplicates=near_duplicates,
        )
        _after_ingest(store, near_duplicates)
        return report


def _after_ingest(store: Store, near_duplicates: Any) -> None:
    """Global passes after the documents are in: keep the near-duplicate index's last signatures,
    and bring the knowledge base (resolved entities, merged events, sectors) up to date."""
    close = getattr(near_duplicates, "close", None)
    if close is not None:
        close()
    from zhnews.kb.build import rebuild

    rebuild(store)


def _near_duplicate_check(store: Store) -> Callable[..., str | None] | None:
    """The near-duplicate finder of ``zhnews.dedup`` for this store, when it provides one."""
    try:
        from zhnews import dedup
    except ImportError:
        return None
    factory = getattr(dedup, "near_duplicate_check", None)
    return factory(store) if factory is not None else None


def search(
    query: str,
    db: str | Path | None = None,
    *,
    kb: Store | None = None,
    limit: int = 10,
    date_from: str | None = None,
    date_to: str | None = None,
    publisher: str | None = None,
) -> list[Hit]:
    """Ranked full-text hits for ``query`` with highlighted snippets."""
    filters = SearchFilters(date_from, date_to, publisher)
    if kb is not None:
        return _search(kb, query, limit=limit, filters=filters)
    with open_kb(db) as store:
        return _search(store, query, limit=limit, filters=filters)


def stats(db: str | Path | None = None, *, kb: Store | None = None) -> dict[str, Any]:
    """Counts over the knowledge base: documents, rejects, entities, roles, events, figures, duplicates."""
    if kb is not None:
        return kb.stats()
    with open_kb(db) as store:
        return store.stats()


def show(source: str, db: str | Path | None = None, *, kb: Store | None = None) -> dict[str, Any] | None:
    """One document (by source, file name, content key or id): metadata, text, facts with sentences."""
    if kb is not None:
        return document_view(kb, source)
    with open_kb(db) as store:
        return document_view(store, source)
