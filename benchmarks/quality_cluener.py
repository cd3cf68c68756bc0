"""CLUENER2020 dev scores and recognition speed of the shipped entity model.

    .venv/bin/python benchmarks/quality_cluener.py

Scores are sets of (type, name) per sentence (issue 3): CLUENER ``name`` -> person;
``organization``, ``government``, ``company`` -> organization. Speed is characters per second
of ``recognize_many`` (featurize + decode + post-processing) on one core, measured on the dev
texts joined into article-sized documents; numbers are noisy on a shared machine.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ZHNEWS_SHARED", ROOT.parent / "shared")).resolve()
CLUENER = SHARED / "data" / "cluener2020"


def cluener_scores(data_dir: Path = CLUENER) -> dict:
    """Precision, recall, F1 per type on CLUENER dev, through the shipped recognizer."""
    from zhnews.extract.ner import cluener, get_recognizer

    examples = list(cluener.read_examples(data_dir / "dev.jsonl"))
    started = time.perf_counter()
    scores = cluener.score(examples, get_recognizer().entity_sets)
    elapsed = time.perf_counter() - started
    result: dict = {kind: s.as_dict() for kind, s in scores.items()}
    result["sentences"] = len(examples)
    result["seconds"] = round(elapsed, 2)
    return result


def recognition_speed(data_dir: Path = CLUENER, repeat: int = 3) -> dict:
    """Characters per CPU second of recognition (one core), best of ``repeat`` runs over the dev texts."""
    from zhnews.extract.ner import cluener, get_recognizer

    recognizer = get_recognizer()
    texts = [ex.text for ex in cluener.read_examples(data_dir / "dev.jsonl")]
    documents = ["。".join(texts[i : i + 40]) for i in range(0, len(texts), 40)]  # ~2,000-char articles
    chars = sum(map(len, documents))
    recognizer.recognize_many(documents[:2])  # warm up
    one_by_one = batched = float("inf")
    for _ in range(repeat):
        # CPU time of this process: on a shared machine wall time measures the neighbours too
        started = time.process_time()
        for document in documents:
            recognizer.recognize(document)
        one_by_one = min(one_by_one, time.process_time() - started)
        started = time.process_time()
        recognizer.recognize_many(documents)
        batched = min(batched, time.process_time() - started)
    return {
        "chars": chars,
        "documents": len(documents),
        "chars_per_cpu_second_one_by_one": round(chars / one_by_one),
        "chars_per_cpu_second_batched": round(chars / batched),
    }


def main() -> int:
    if not (CLUENER / "dev.jsonl").exists():
        print(f"{CLUENER} is absent: CLUENER scores need the shared data folder", file=sys.stderr)
        return 1
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    report = {"cluener_dev": cluener_scores(), "speed": recognition_speed()}
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
