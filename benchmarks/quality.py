"""Extraction quality in one run: the seeds scorer, the held-out articles, the extractor's
speed, and (when present) the CLUENER dev scores and recognition speed of the entity model.

    .venv/bin/python benchmarks/quality.py

Prints the scorer's output (on the records ``zhnews extract`` prints) on ../shared/seeds (gold in ../shared/eval/gold) and on the six
articles of benchmarks/heldout, heldout2, dev, dev2, dev3, dev4 and blind (written for the project, annotated
blind), characters/s and
documents/s of extraction alone (clean text in, facts out) on one core, then the report of
``benchmarks/quality_cluener.py``. Timings on a shared machine are noisy: read them as figures,
not as pass/fail.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ZHNEWS_SHARED", ROOT.parent / "shared")).resolve()


def seeds_report(docs_dir: Path = SHARED / "seeds", gold_dir: Path = SHARED / "eval" / "gold") -> tuple[str, list]:
    """The scorer's text output on a gold set (the seeds by default), and the processed documents."""
    from zhnews.document import Document
    from zhnews.pipeline import build_pipeline
    from zhnews.read import iter_documents

    docs = [d for d in build_pipeline().process_many(iter_documents([str(docs_dir)])) if isinstance(d, Document)]
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        # the records as `zhnews extract` prints them (it also links retold stories: duplicate_of)
        extracted = subprocess.run([sys.executable, "-m", "zhnews.serve.cli", "extract", "--workers", "1", str(docs_dir)],
                                   capture_output=True, text=True, check=True)
        pred.write_text(extracted.stdout, encoding="utf-8")
        proc = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(gold_dir),
                               "--pred", str(pred)], capture_output=True, text=True, check=True)
    return proc.stdout, docs


def extraction_speed(docs: list, repeat: int = 5) -> dict:
    """Extraction alone (recognizer + rules) over the seeds' clean texts, best of ``repeat``."""
    from zhnews.extract import default_recognizer
    from zhnews.extract.facts import extract_facts

    recognize = default_recognizer()
    items = [(d.text, d.published, d.publisher) for d in docs]
    chars = sum(len(t) for t, _, _ in items)
    for t, p, pub in items:
        extract_facts(t, recognize, published=p, publisher=pub)
    best = rules = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for t, p, pub in items:
            extract_facts(t, recognize, published=p, publisher=pub)
        best = min(best, time.process_time() - started)
    cached = {t: recognize(t) for t, _, _ in items}
    for _ in range(repeat):
        started = time.process_time()
        for t, p, pub in items:
            extract_facts(t, lambda x: list(cached[x]), published=p, publisher=pub)
        rules = min(rules, time.process_time() - started)
    return {
        "recognizer": f"{recognize.__module__}.{recognize.__name__}",
        "documents": len(items),
        "chars": chars,
        "extract_chars_per_second": round(chars / best),
        "extract_docs_per_second_at_1500_chars": round(chars / best / 1500, 1),
        "rules_only_chars_per_second": round(chars / rules),
    }


def cluener_through_extract() -> dict | None:
    """CLUENER dev as issue 3 measures it: a JSON Lines file of {id, text} through ``zhnews
    extract`` (reader, cleaner, recognizer, rules, grouping), scored per sentence on the set of
    (type, name-or-alias) of its person and organization entities."""
    path = SHARED / "data" / "cluener2020" / "dev.jsonl"
    if not path.exists():
        return None
    from zhnews.extract.ner import cluener

    started = time.perf_counter()
    scores = cluener.score_through_cli(path, [sys.executable, "-m", "zhnews.serve.cli"])
    result: dict = {kind: s.as_dict() for kind, s in scores.items()}
    result["sentences"] = sum(1 for _ in cluener.read_examples(path))
    result["wall_seconds"] = round(time.perf_counter() - started, 2)
    result["command"] = "zhnews extract dev.jsonl"
    return result


def cluener_report() -> dict | None:
    """The report of benchmarks/quality_cluener.py when that module (the model's owner) is present."""
    path = ROOT / "benchmarks" / "quality_cluener.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("quality_cluener", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    if not (module.CLUENER / "dev.jsonl").exists():
        return {"error": f"{module.CLUENER} is absent"}
    try:
        return {"cluener_dev": module.cluener_scores(), "speed": module.recognition_speed()}
    except Exception as exc:  # noqa: BLE001 - a missing model is reported, not fatal
        return {"error": f"{type(exc).__name__}: {exc}"}


def main() -> int:
    if not (SHARED / "seeds").exists():
        print(f"{SHARED / 'seeds'} is absent: the seeds report needs the shared folder", file=sys.stderr)
        return 1
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    text, docs = seeds_report()
    print("== seeds (../shared/eval/score.py)")
    print(text.rstrip())
    for name, what in (("heldout", "used to find errors since"), ("heldout2", "the blind set of stops 10-12, used to find errors since"),
                       ("dev", "used to find errors"), ("dev2", "used to find errors"), ("dev3", "used to find errors"), ("dev4", "used to find errors"),
                       ("blind", "kept unseen: never tuned on")):
        folder = ROOT / "benchmarks" / name
        own_text, _ = seeds_report(folder / "docs", folder / "gold")
        print(f"== benchmarks/{name}: articles written for the project, annotated blind ({what})")
        print(own_text.rstrip())
    print("== extraction speed (one core, noisy)")
    print(json.dumps(extraction_speed(docs), ensure_ascii=False, indent=2))
    through = cluener_through_extract()
    if through is not None:
        print("== CLUENER dev through the extractor (person, organization)")
        print(json.dumps(through, ensure_ascii=False, indent=2))
    report = cluener_report()
    if report is not None:
        print("== CLUENER dev and recognition speed (benchmarks/quality_cluener.py)")
        print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
