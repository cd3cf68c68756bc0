"""Train the entity model shipped in ``src/zhnews/extract/ner/ner_model.npz``.

    .venv/bin/python scripts/train_ner.py            # reads ../shared/data/cluener2020

Trains a linear-chain CRF with CRFsuite (L-BFGS, elastic net) on CLUENER2020 train, exports
it to the numpy format that :mod:`zhnews.extract.ner.model` decodes, measures it on CLUENER
dev through :func:`zhnews.extract.ner.recognize_many`, and writes the scores beside the model
(``ner_model.json``). The data set is read in place and never copied into the project.

Time: featurizing takes seconds; CRFsuite's 150 L-BFGS iterations take about 8 CPU minutes (497 s on a free core)
(20 minutes of wall time on the shared two-core machine under load). Memory: ~1 GB.
``--evaluate-only`` re-measures the shipped model after a change in post-processing.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pycrfsuite
import rjieba

from zhnews.extract.ner import cluener
from zhnews.extract.ner.features import TEMPLATE_BITS, Featurizer
from zhnews.extract.ner.model import MODEL_FILE, CrfModel

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "cluener2020"


def build_vocab(texts: list[str], min_count: int) -> dict[str, int]:
    """Words seen at least ``min_count`` times in training; ids from 2 (0 unknown, 1 boundary)."""
    counts = Counter(w for text in texts for w in rjieba.cut(text))
    words = sorted(w for w, c in counts.items() if c >= min_count and w.strip())
    return {w: i for i, w in enumerate(words, start=2)}


def train(args: argparse.Namespace) -> dict:
    started = time.time()
    examples = list(cluener.read_examples(args.data / "train.jsonl"))
    texts = [ex.text for ex in examples]
    vocab = build_vocab(texts, args.min_count)
    templates = Featurizer.TEMPLATES[: args.templates] if args.templates else None
    featurizer = Featurizer(vocab, templates)
    keys = featurizer.keys(texts)[0].T  # (char, template)
    print(
        f"featurized {len(texts)} sentences, {keys.shape[0]} chars, vocab {len(vocab)} in {time.time() - started:.0f}s"
    )

    trainer = pycrfsuite.Trainer(verbose=False)
    pos = 0
    for example in examples:
        rows = keys[pos : pos + len(example.text)]
        pos += len(example.text)
        xseq = [[str(k) for k in row] for row in rows.tolist()]
        trainer.append(pycrfsuite.ItemSequence(xseq), cluener.bio_labels(example))
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": args.min_freq,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        crf_path = Path(tmp) / "ner.crfsuite"
        trainer.train(str(crf_path))
        trained = time.time()
        print(f"trained in {trained - started:.0f}s")
        model = export(crf_path, vocab, templates)
        if args.keep_crfsuite:
            args.out.with_suffix(".crfsuite").write_bytes(crf_path.read_bytes())
    model.save(args.out)
    elapsed = time.time() - started

    report = {
        "model": args.out.name,
        "trained_on": "CLUENER2020 train (10748 sentences); labels name->PER, organization/government/company->ORG, "
        "address->ADDR, position/scene/game/book/movie kept as their own labels",
        "measured_on": "CLUENER2020 dev (1343 sentences), sets of (type, name) per sentence, through Recognizer",
        "params": {
            "c1": args.c1,
            "c2": args.c2,
            "iterations": args.iterations,
            "min_freq": args.min_freq,
            "min_count": args.min_count,
        },  # fmt: skip
        "features": len(model.keys),
        "nonzero_weights": int(np.count_nonzero(model.weights)),
        "size_bytes": args.out.stat().st_size,
        "training_seconds": round(elapsed),
    }
    report["dev"] = evaluate(args.out, args.data)
    args.out.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return report


def evaluate(model_path: Path, data: Path) -> dict:
    """CLUENER dev scores of a model file through the full recognizer (post-processing included)."""
    from zhnews.extract.ner.recognizer import Recognizer

    dev = list(cluener.read_examples(data / "dev.jsonl"))
    scores = cluener.score(dev, Recognizer(CrfModel.load(model_path)).entity_sets)
    return {kind: s.as_dict() for kind, s in scores.items()}


def export(crf_path: Path, vocab: dict[str, int], templates: Sequence[str] | None = None) -> CrfModel:
    """CRFsuite weights -> sorted keys, a dense weight matrix and the transition matrix."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(crf_path))
    info = tagger.info()
    labels = ["O"] + sorted(lab for lab in tagger.labels() if lab != "O")
    index = {lab: i for i, lab in enumerate(labels)}
    attrs = sorted({int(attr) for attr, _ in info.state_features})
    keys = np.array(attrs, dtype=np.int64)
    row_of = {a: i for i, a in enumerate(attrs)}
    weights = np.zeros((len(keys) + 1, len(labels)), dtype=np.float32)
    for (attr, label), weight in info.state_features.items():
        weights[row_of[int(attr)], index[label]] = weight
    transitions = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (src, dst), weight in info.transitions.items():
        transitions[index[src], index[dst]] = weight
    tagger.close()
    used = np.flatnonzero(np.any(weights[:-1] != 0, axis=1))  # L1 leaves most features at zero
    keys, weights = keys[used], np.vstack([weights[used], np.zeros((1, len(labels)), dtype=np.float32)])
    attrs = keys.tolist()
    per_template = Counter(int(a) & ((1 << TEMPLATE_BITS) - 1) for a in attrs)
    print("features per template:", {Featurizer.TEMPLATES[t]: n for t, n in sorted(per_template.items())})
    return CrfModel(labels, keys, weights, transitions, vocab, templates=templates)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA, help="folder with CLUENER train.jsonl and dev.jsonl")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--c1", type=float, default=0.1, help="L1 penalty (sparsity, model size)")
    parser.add_argument("--c2", type=float, default=0.05, help="L2 penalty")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--min-freq", type=int, default=1, help="drop features seen fewer times in training")
    parser.add_argument("--min-count", type=int, default=2, help="words seen fewer times get no word id")
    parser.add_argument("--templates", type=int, default=31, help="use the first N feature templates (0: all)")
    parser.add_argument("--keep-crfsuite", action="store_true", help="also keep CRFsuite's own model file")
    parser.add_argument("--evaluate-only", action="store_true", help="re-measure --out and rewrite its scores")
    args = parser.parse_args(argv)
    if args.evaluate_only:
        path = args.out.with_suffix(".json")
        report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        report["dev"] = evaluate(args.out, args.data)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(report["dev"], indent=2))
        return 0
    report = train(args)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
