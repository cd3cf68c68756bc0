"""CPU cost per document of each pipeline stage, and inside Extract of the NER model and each rule step.

    .venv/bin/python benchmarks/profile_pipeline.py [--corpus DIR] [--docs 300] [--seeds DIR]
                                                    [--repeat 1] [--pyinstrument] [--worst 200000]

Builds a corpus with ``../shared/bench/make_corpus.py`` (unless ``--corpus`` names one), reads it
once into memory, then runs Decode, ToText, Clean, Metadata and Extract document by document,
timing each with ``time.process_time`` (CPU time: the machine is shared, wall time is noise).
Inside Extract the recognizer (the trained NER model) is timed apart from the rule layer, and
the rule layer is split by step (lexical pass, titled names, patterns, overlaps, events, ...).
The seeds are profiled the same way. ``--worst N`` also times a pathological input of N
characters without punctuation. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ZHNEWS_SHARED", ROOT.parent / "shared")).resolve()

# Rule steps timed inside Extract: (module, attribute). Patched where facts.py looks them up.
# Per-mention filters (keep_mention...) are not wrapped: a timer per call costs more than they do;
# their cost shows in "other" (the rules minus the timed steps).
RULE_STEPS = [
    ("zhnews.extract.interim_ner", "recognize", "lexical pass"),
    ("zhnews.extract.facts", "find_titled_names", "titled names"),
    ("zhnews.extract.patterns", "speech_names", "speech names"),
    ("zhnews.extract.patterns", "abbreviation_places", "abbreviations"),
    ("zhnews.extract.patterns", "company_names", "company names"),
    ("zhnews.extract.patterns", "list_mentions", "lists"),
    ("zhnews.extract.entities", "resolve_overlaps", "overlaps"),
    ("zhnews.extract.entities", "add_repeats", "repeats"),
    ("zhnews.extract.entities", "group_entities", "group entities"),
    ("zhnews.extract.facts", "find_honours", "honours"),
    ("zhnews.extract.facts", "find_dates", "dates"),
    ("zhnews.extract.facts", "find_events", "events"),
    ("zhnews.extract.facts", "find_figures", "figures"),
    ("zhnews.extract.facts", "split_sentences", "sentences"),
]


class Clock:
    """Accumulates CPU seconds per label (the timed steps do not call one another)."""

    def __init__(self) -> None:
        self.total: dict[str, float] = defaultdict(float)

    def wrap(self, label: str, fn: Callable) -> Callable:
        @functools.wraps(fn)  # keeps __module__: facts.py tells the trained recognizer by it
        def timed(*args, **kwargs):
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.total[label] += time.process_time() - t0

        return timed


def patch_rule_steps(clock: Clock) -> None:
    import importlib

    for module_name, attr, label in RULE_STEPS:
        module = importlib.import_module(module_name)
        setattr(module, attr, clock.wrap(label, getattr(module, attr)))


def load_docs(folder: Path):
    from zhnews.document import Reject
    from zhnews.read import iter_documents

    return [d for d in iter_documents([str(folder)]) if not isinstance(d, Reject)]


def profile(name: str, docs, stages, clock: Clock, repeat: int) -> None:
    import copy

    from zhnews.document import Reject

    clock.total.clear()
    per_stage: dict[str, float] = defaultdict(float)
    chars = 0
    n = 0
    for _ in range(repeat):
        for original in docs:
            doc = copy.copy(original)
            for stage_name, stage in stages:
                t0 = time.process_time()
                doc = stage(doc)
                per_stage[stage_name] += time.process_time() - t0
                if isinstance(doc, Reject):
                    break
            else:
                chars += len(doc.text)
            n += 1
    ms = lambda s: 1000 * s / max(n, 1)  # noqa: E731
    print(f"\n== {name}: {n} documents, {chars / max(n, 1):.0f} chars/doc of clean text (CPU ms/doc) ==")
    for stage_name, _ in stages:
        print(f"  {stage_name:<10} {ms(per_stage[stage_name]):8.2f}")
    total = sum(per_stage.values())
    print(f"  {'total':<10} {ms(total):8.2f}   ({n / total if total else 0:.0f} docs/CPU-s)")
    model = clock.total.get("NER model", 0.0)
    rules = per_stage["Extract"] - model
    print(f"  Extract = NER model {ms(model):.2f} + rules {ms(rules):.2f}")
    if model:
        print(f"  NER model speed: {chars / model / 1000:.0f}k chars/CPU-s")
    steps = sorted(((label, secs) for label, secs in clock.total.items() if label != "NER model"), key=lambda kv: -kv[1])
    for label, secs in steps:
        print(f"    rules/{label:<20} {ms(secs):7.3f}")
    print(f"    rules/{'other':<20} {ms(rules - sum(secs for _, secs in steps)):7.3f}")


def worst_case(chars: int, extract) -> None:
    from zhnews.document import Document

    text = ("局长张三、" * (chars // 5 + 1))[:chars]
    doc = Document(source="worst", format="txt", raw=b"")
    doc.text = text
    t0 = time.process_time()
    extract(doc)
    print(f"\n== pathological: {chars} chars of '局长张三、' without end punctuation: {time.process_time() - t0:.2f} CPU-s ==")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, help="an existing corpus folder (else one is built)")
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    ap.add_argument("--repeat", type=int, default=1, help="passes over the seeds (they are few)")
    ap.add_argument("--pyinstrument", action="store_true", help="also print a pyinstrument tree of Extract on the corpus (with --corpus; pip install pyinstrument)")
    ap.add_argument("--worst", type=int, default=0, help="time a pathological input of this many characters")
    args = ap.parse_args()

    from zhnews.clean import Clean, Decode, Metadata, ToText
    from zhnews.extract import Extract, default_recognizer

    clock = Clock()
    recognizer = default_recognizer()
    model_name = getattr(recognizer, "__module__", "?")
    timed_recognizer = clock.wrap("NER model", recognizer)
    patch_rule_steps(clock)
    extract = Extract(timed_recognizer)
    stages = [("Decode", Decode()), ("ToText", ToText()), ("Clean", Clean()), ("Metadata", Metadata()), ("Extract", extract)]
    print(f"recognizer: {model_name} (ZHNEWS_NER={os.environ.get('ZHNEWS_NER', '')})")

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            subprocess.run([sys.executable, str(SHARED / "bench" / "make_corpus.py"), "--docs", str(args.docs),
                            "--out", str(corpus)], check=True, stdout=subprocess.DEVNULL)
        docs = load_docs(corpus)
        # warm-up: lazy model and lexicon loads are not per-document costs
        profile("warm-up", docs[:5], stages, clock, 1)
        profile(f"corpus {corpus.name}", docs, stages, clock, 1)
    if args.seeds.exists():
        profile("seeds", load_docs(args.seeds), stages, clock, args.repeat)
    if args.pyinstrument:
        from pyinstrument import Profiler

        prepared = []
        for d in load_docs(corpus) if args.corpus else []:
            for _, stage in stages[:-1]:
                d = stage(d)
            prepared.append(d)
        profiler = Profiler()
        profiler.start()
        for d in prepared:
            extract(d)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.worst:
        worst_case(args.worst, Extract(recognizer))


if __name__ == "__main__":
    main()
