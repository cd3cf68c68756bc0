"""Shared fixtures. Tests that need ../shared (seeds, gold, data) read it from there, never from copies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ZHNEWS_SHARED", ROOT.parent / "shared")).resolve()


def need_shared(*parts: str) -> Path:
    """Path under ../shared; a clear skip when absent, a failure when CI requires it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        msg = f"{path} is absent: these tests need the shared folder (seeds, eval, data) beside the checkout"
        if os.environ.get("ZHNEWS_REQUIRE_SHARED"):
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need_shared("seeds")


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return need_shared("eval", "gold")


@pytest.fixture(scope="session")
def scorer() -> Path:
    return need_shared("eval", "score.py")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A knowledge base built by the real pipeline from the bundled demo corpus (examples/news), once per run."""
    from zhnews.demo import run_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    run_demo(path, workers=1)
    return path
