"""Knowledge-base backends for tests: a SQLite file, or a fresh schema in a real PostgreSQL.

PostgreSQL is ``$ZHNEWS_TEST_POSTGRES`` (default ``postgresql://127.0.0.1:5432/test``). When it
is unreachable the PostgreSQL cases skip with the reason, or fail when ``ZHNEWS_REQUIRE_POSTGRES``
is set (CI).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pytest

POSTGRES_URL = os.environ.get("ZHNEWS_TEST_POSTGRES", "postgresql://127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgres"]


@lru_cache(maxsize=1)
def postgres_problem() -> str | None:
    """Why PostgreSQL tests cannot run here, or None."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'zhnews[postgres]')"
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"PostgreSQL is not reachable at {POSTGRES_URL} ({str(exc).strip()[:200]}); set ZHNEWS_TEST_POSTGRES"
    return None


def need_postgres() -> None:
    problem = postgres_problem()
    if problem:
        if os.environ.get("ZHNEWS_REQUIRE_POSTGRES"):
            pytest.fail(problem)
        pytest.skip(problem)


@contextmanager
def database(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty knowledge-base location for ``backend``: a path or a URL."""
    if backend == "sqlite":
        yield str(tmp_path / f"kb-{uuid.uuid4().hex[:8]}.sqlite")
        return
    need_postgres()
    import psycopg

    schema = f"zt_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}options={quote('-csearch_path=' + schema)}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
