"""--limit-memory: workers and shard sizes fitted to a budget; too small a budget is refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from zhnews.run.memory import PROCESS_MB, estimate_mb, parse_size, plan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "news"


@pytest.mark.parametrize(("text", "mb"), [("800M", 800), ("1.5G", 1536), ("2GiB", 2048), ("700", 700), ("512mb", 512)])
def test_parse_size(text: str, mb: float) -> None:
    assert parse_size(text) == mb


def test_parse_size_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="not a memory size"):
        parse_size("lots")


@pytest.mark.parametrize(
    ("limit", "workers", "shard", "expected"),
    [
        ("4G", 2, 16, (2, 16)),  # room for all
        ("1G", 8, 64, (4, 32)),  # fewer workers, smaller shards
        ("500M", 2, 16, (1, 16)),  # two workers do not fit: in this process
    ],
)
def test_plan_fits_the_budget(limit: str, workers: int, shard: int, expected: tuple[int, int]) -> None:
    fitted = plan(parse_size(limit), workers, shard)
    assert (fitted.workers, fitted.shard_size) == expected
    assert fitted.estimate_mb <= parse_size(limit) and fitted.estimate_mb == estimate_mb(*expected)


def test_a_budget_below_one_process_is_refused_by_the_cli(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="raise --limit-memory"):
        plan(PROCESS_MB - 1, 2, 16)
    proc = subprocess.run([sys.executable, "-m", "zhnews.serve.cli", "ingest", str(EXAMPLES), "--db",
                           str(tmp_path / "kb.sqlite"), "--limit-memory", "100M"], capture_output=True, text=True)
    assert proc.returncode == 2 and "raise --limit-memory" in proc.stderr
    assert not (tmp_path / "kb.sqlite").exists()  # refused before anything was written


def test_the_cli_prints_the_plan_and_ingests(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "zhnews.serve.cli", "ingest", str(EXAMPLES), "--db",
                           str(tmp_path / "kb.sqlite"), "--limit-memory", "400M", "--workers", "2"],
                          capture_output=True, text=True, check=True)
    assert "memory plan: in this process" in proc.stderr and "stored 15" in proc.stderr
