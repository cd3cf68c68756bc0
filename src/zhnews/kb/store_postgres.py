"""The PostgreSQL store (``--db postgresql://user@host/db``; extra ``zhnews[postgres]``, psycopg 3).

The same schema, migrations and portable SQL as SQLite (``zhnews.kb.store.Store``); what
differs lives here: the connection and placeholder style, migration locking, and full-text
search through a ``tsvector`` of the same index tokens (Han unigrams and bigrams with positions,
made in Python: no Chinese parser extension needed) with a GIN index. Concurrent writers are
safe: documents are keyed by a unique content key and inserted with ``ON CONFLICT DO NOTHING``.

A schema other than ``public`` is chosen the libpq way, in the URL:
``postgresql://host/db?options=-csearch_path%3Dmyschema``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, ClassVar

from zhnews.kb.store import SEARCH_CANDIDATES, PreparedDocument, SearchFilters, Store, StoreError
from zhnews.kb.tokenize import QueryTerm, tsquery_expression, tsvector_literal

INSTALL_HINT = "PostgreSQL support needs psycopg 3: pip install 'zhnews[postgres]'"
# tsvector holds at most 1 MB: index the beginning of very long documents only.
MAX_INDEXED_CHARS = 100_000


@lru_cache(maxsize=256)
def _pg_sql(sql: str) -> str:
    """``?`` placeholders to psycopg's ``%s`` (our SQL has no literal ``?`` or ``%``)."""
    return re.sub(r"\?", "%s", sql)


class PostgresStore(Store):
    """Knowledge base in a PostgreSQL database."""

    dialect: ClassVar[str] = "postgres"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(INSTALL_HINT) from exc
        self.location = url
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise StoreError(f"cannot connect to {url}: {exc}".strip()) from exc

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(_pg_sql(sql), params or None)

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(_pg_sql(sql), list(rows))

    def _lock_migrations(self) -> None:
        # one migrator per schema at a time; released with the transaction
        self._execute("SELECT pg_advisory_xact_lock(hashtext('zhnews-migrate:' || current_schema()))")

    def _begin_snapshot(self) -> None:
        self._execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def _lock_derived_tables(self) -> None:
        # two ingests finishing together must not interleave their rewrites of the kb_* tables
        self._execute("SELECT pg_advisory_xact_lock(hashtext('zhnews-kb:' || current_schema()))")

    def _index_insert_many(self, items: list[tuple[int, PreparedDocument]]) -> None:
        rows = []
        for doc_id, prepared in items:
            literal = prepared.index
            if not isinstance(literal, str) or len(prepared.doc.text) > MAX_INDEXED_CHARS:
                literal = tsvector_literal(prepared.doc.title, prepared.doc.text[:MAX_INDEXED_CHARS])
            rows.append((doc_id, literal))
        if rows:
            self._executemany("INSERT INTO doc_search (document_id, tsv) VALUES (?, CAST(? AS tsvector))", rows)

    def search_ids(
        self, groups: list[list[QueryTerm]], filters: SearchFilters, limit: int, *, candidates: int = SEARCH_CANDIDATES
    ) -> list[tuple[int, float]]:
        if not groups or limit <= 0:
            return []
        query = tsquery_expression(groups)
        where, params = self._filter_sql(filters)
        if filters and self.count_filtered(filters, candidates) <= candidates:
            sql = (
                "SELECT d.id, ts_rank(s.tsv, q.q) AS score FROM documents d "
                "JOIN doc_search s ON s.document_id = d.id, (SELECT CAST(? AS tsquery) AS q) AS q "
                f"WHERE {where} AND s.tsv @@ q.q ORDER BY score DESC, d.id DESC LIMIT ?"
            )
            rows = self._execute(sql, (query, *params, limit)).fetchall()
        else:
            # rank the newest `candidates` matches only: a row cap that keeps common terms fast
            sql = (
                "WITH q AS (SELECT CAST(? AS tsquery) AS q), "
                "c AS MATERIALIZED (SELECT s.document_id AS id FROM doc_search s, q WHERE s.tsv @@ q.q "
                "ORDER BY s.document_id DESC LIMIT ?) "
                "SELECT d.id, ts_rank(s.tsv, q.q) AS score FROM c JOIN documents d ON d.id = c.id "
                f"JOIN doc_search s ON s.document_id = c.id, q WHERE {where} ORDER BY score DESC, d.id DESC LIMIT ?"
            )
            rows = self._execute(sql, (query, candidates, *params, limit)).fetchall()
        return [(r[0], float(r[1])) for r in rows]

    def close(self) -> None:
        self.conn.close()
