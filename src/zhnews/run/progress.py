"""Progress bar (on a terminal) and the run summary: documents read, stored, duplicates, rejects."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO


def reason_group(reason: str) -> str:
    """The kind of a reject reason, for grouped counts (the text before the first colon)."""
    head = reason.split(":", 1)[0].strip()
    return head[:80] or "unknown"


@dataclass
class RunReport:
    """Counts of one run. ``rejected`` maps reason groups to counts."""

    read: int = 0
    stored: int = 0
    known: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    failed: int = 0
    seconds: float = 0.0
    characters: int = 0

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def summary(self) -> str:
        """One line for humans."""
        rate = f", {self.read / self.seconds:.1f} docs/s" if self.seconds > 0 else ""
        parts = [f"read {self.read}", f"stored {self.stored}"]
        if self.known:
            parts.append(f"already stored {self.known}")
        parts.append(f"duplicates {self.duplicates}" + (f" (+{self.near_duplicates} near)" if self.near_duplicates else ""))
        reasons = ", ".join(f"{k}: {v}" for k, v in self.rejected.most_common(8))
        parts.append(f"rejected {self.rejected_total}" + (f" ({reasons})" if reasons else ""))
        return ", ".join(parts) + f" in {self.seconds:.1f}s{rate}"

    def to_json(self) -> dict[str, Any]:
        return {
            "read": self.read, "stored": self.stored, "known": self.known, "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates, "rejected": self.rejected_total,
            "rejected_by_reason": dict(self.rejected), "failed": self.failed, "seconds": round(self.seconds, 3),
        }


def estimate_documents(paths: Iterable[Path]) -> int | None:
    """Documents a run will read: one per file, one per line of JSON Lines; None if unknowable (WARC)."""
    total = 0
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in (".warc", ".gz"):
            return None
        if suffix == ".jsonl":
            try:
                with path.open("rb") as fh:
                    total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
            except OSError:
                total += 1
        else:
            total += 1
    return total


class Progress:
    """A tqdm bar on stderr when it is a terminal (docs/s and ETA); silent otherwise."""

    def __init__(self, total: int | None, *, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        stream = stream or sys.stderr
        self.stream = stream
        if enabled is None:
            enabled = hasattr(stream, "isatty") and stream.isatty()
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", file=stream, dynamic_ncols=True, smoothing=0.1)

    def update(self, n: int, postfix: str = "") -> None:
        if self.bar is not None:
            self.bar.update(n)
            if postfix:
                self.bar.set_postfix_str(postfix, refresh=False)

    def write(self, message: str) -> None:
        """A line on the stream without breaking the bar."""
        if self.bar is not None:
            self.bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
