"""CLUENER2020: reading the research data set and scoring a recognizer on it.

The data is read from where it lies (``../shared/data/cluener2020``); it is never copied into
the project. Scoring follows issue 3: sets of (type, name) per sentence, with CLUENER's
``name`` as person and ``organization``, ``government``, ``company`` as organization.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

# CLUENER label -> the label the model is trained on.
TRAIN_LABELS = {
    "name": "PER",
    "organization": "ORG",
    "government": "ORG",
    "company": "ORG",
    "address": "ADDR",
    "position": "POS",
    "scene": "SCENE",
    "game": "GAME",
    "book": "BOOK",
    "movie": "MOVIE",
}
# CLUENER label -> zhnews entity type, for scoring.
SCORED_TYPES = {
    "name": "person",
    "organization": "organization",
    "government": "organization",
    "company": "organization",
}


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    spans: tuple[tuple[str, int, int], ...]  # (CLUENER label, start, end exclusive)


def read_examples(path: Path) -> Iterator[Example]:
    """Examples of a CLUENER JSON Lines file (spans there are inclusive; here half-open)."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            spans = []
            for label, entities in (record.get("label") or {}).items():
                for positions in entities.values():
                    for start, end in positions:
                        spans.append((label, int(start), int(end) + 1))
            yield Example(record["text"], tuple(sorted(spans, key=lambda s: (s[1], s[2]))))


def bio_labels(example: Example) -> list[str]:
    """Character BIO labels of an example, in the model's label set."""
    labels = ["O"] * len(example.text)
    for label, start, end in example.spans:
        kind = TRAIN_LABELS[label]
        if any(lab != "O" for lab in labels[start:end]):
            continue  # overlapping annotation: the first one wins
        labels[start] = "B-" + kind
        for i in range(start + 1, end):
            labels[i] = "I-" + kind
    return labels


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}  # fmt: skip


def _scores(tp: int, fp: int, fn: int) -> Scores:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(p, r, f, tp, fp, fn)


Predictor = Callable[[Sequence[str]], list[set[tuple[str, str]]]]


def score(
    examples: Sequence[Example], predict: Predictor, types: Sequence[str] = ("person", "organization")
) -> dict[str, Scores]:
    """Per type: precision, recall, F1 of predicted (type, name) sets against gold, per sentence."""
    predicted = predict([ex.text for ex in examples])
    counts = {t: [0, 0, 0] for t in types}
    for example, pred in zip(examples, predicted, strict=True):
        gold = {(SCORED_TYPES[label], example.text[s:e]) for label, s, e in example.spans if label in SCORED_TYPES}
        for kind in types:
            g = {name for t, name in gold if t == kind}
            p = {name for t, name in pred if t == kind}
            counts[kind][0] += len(g & p)
            counts[kind][1] += len(p - g)
            counts[kind][2] += len(g - p)
    return {kind: _scores(*c) for kind, c in counts.items()}


def score_through_cli(dev: Path, command: Sequence[str], types: Sequence[str] = ("person", "organization")) -> dict[str, Scores]:
    """CLUENER dev as a user runs it: a JSON Lines file of ``{id, text}`` through ``zhnews extract``
    (``command``, e.g. ``[python, -m, zhnews.serve.cli]``), scored on each record's entity names
    and aliases. A sentence the cleaner rejects (a line of playlist debris) predicts nothing."""
    import subprocess
    import tempfile

    examples = list(read_examples(dev))
    with tempfile.TemporaryDirectory() as tmp:
        given = Path(tmp) / "dev.jsonl"
        with given.open("w", encoding="utf-8") as out:
            for i, ex in enumerate(examples):
                out.write(json.dumps({"id": str(i), "text": ex.text}, ensure_ascii=False) + "\n")
        proc = subprocess.run([*command, "extract", str(given)], capture_output=True, text=True, check=True)
    predicted: dict[int, set[tuple[str, str]]] = {}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        index = int(record["source"].rsplit("#", 1)[1])
        predicted[index] = {(e["type"], form) for e in record["entities"] for form in (e["name"], *e["aliases"])}
    if len(predicted) < len(examples) * 0.95:
        raise RuntimeError(f"zhnews extract returned {len(predicted)} records for {len(examples)} sentences: {proc.stderr[-500:]}")
    return score(examples, lambda texts: [predicted.get(i, set()) for i in range(len(texts))], types)
