"""Near-duplicate detection: measure precision/recall, sweep parameters, and time it at scale.

Two parts, both built at run time from ../shared (nothing is copied into the project):

1. ``--sweep``: a labelled test set. Originals are the main texts of the real pages in
   ../shared/data/html_netease (many on the same topic: hard negatives) and the five seeds.
   Each original gets variants written by this script: sentences dropped (10%, 30%), a lead
   excerpt (first 60% / 40% of sentences), the script flipped to Traditional (OpenCC s2t, with
   and without converter pinyin), site chrome added (navigation, share widgets, footer,
   related headlines, another headline), and combinations. Everything is fed in a shuffled
   stream through ``NearDuplicateIndex``; a variant must link to its original's group, and
   nothing may link across groups. Prints P/R/F1 per parameter set, and per variant kind
   for the defaults.

2. ``--corpus N``: ``../shared/bench/make_corpus.py --docs N`` (5% near-copies with
   paragraphs dropped). The ground truth (which document copies which) is rebuilt by replaying
   the generator's random stream with its own functions. Documents are read and cleaned with
   the zhnews pipeline (no extraction), then deduplicated; prints recall, precision and the time
   dedup adds per document (fingerprint + query + insert), apart from the cleaning time.

    .venv/bin/python benchmarks/dedup.py --sweep
    .venv/bin/python benchmarks/dedup.py --corpus 20000
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import itertools
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"

from zhnews.dedup import DedupSettings, NearDuplicateIndex, fingerprint  # noqa: E402

_SENT = re.compile(r"[^。！？!?\n]+[。！？!?]*\n?")

# Chrome written for this benchmark: what portals wrap around a syndicated story.
NAV = "首页 | 新闻中心 | 财经 | 科技 | 产业观察 | 政务公开 | 专题 | 视频 | 评论 | 登录 注册"
SHARE = "分享到：微信 微博 QQ空间 复制链接 ｜ 扫一扫在手机上阅读 ｜ 字号：大 中 小 ｜ 打印本页 关闭窗口"
FOOTER = "责任编辑：王某某　校对：李某某\n免责声明：本文仅代表作者观点，不代表本站立场。\n版权所有 未经书面授权禁止转载 联系电话：000-00000000 备案号：某ICP备00000000号"
RELATED = ["相关阅读：", "多地出台新政支持中小企业发展", "一季度经济数据今日公布", "某市召开年度工作会议部署重点任务",
           "专家解读最新产业政策", "新一代信息技术产业规模持续扩大"]


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENT.findall(text) if s.strip()]


def load_originals() -> list[tuple[str, str]]:
    """(name, clean text) for the netease reference texts and the seeds (cleaned by zhnews)."""
    out = []
    for path in sorted((SHARED / "data" / "html_netease" / "Text").glob("*.txt"), key=lambda p: int(p.stem)):
        text = path.read_bytes().decode("gb18030", errors="replace").strip()
        if len(text) >= 100:
            out.append((f"netease/{path.stem}", text))
    from zhnews.document import Document
    from zhnews.pipeline import build_pipeline

    pipe = build_pipeline(extract=False)
    fmt = {".txt": "txt", ".md": "md", ".html": "html"}
    for path in sorted((SHARED / "seeds").glob("*")):
        doc = pipe.process(Document(source=str(path), format=fmt.get(path.suffix, "txt"), raw=path.read_bytes()))
        text = getattr(doc, "text", "")
        if text:
            out.append((f"seed/{path.stem[:3]}", text))
    return out


@functools.lru_cache(maxsize=1)
def _s2t():  # noqa: ANN202
    import opencc

    return opencc.OpenCC("s2t")


def variants(text: str, rng: random.Random) -> dict[str, str]:
    """Copies of one story as other outlets carry it (written by this benchmark)."""
    s2t = _s2t()
    sents = split_sentences(text)

    def drop(share: float) -> str:
        kept = [s for s in sents if rng.random() >= share]
        return "".join(kept or sents)

    def lead(share: float) -> str:
        return "".join(sents[: max(1, round(len(sents) * share))])

    def pinyin(trad: str) -> str:
        # converter artefacts: a tone-marked syllable after some characters
        return re.sub(r"([網發開會國說學數區]{1})", lambda m: m.group(1) + "(wǎng)", trad)

    def chrome(body: str) -> str:
        return "\n".join([NAV, "另一个标题：" + (sents[0][:18] if sents else ""), SHARE, body, " ".join(RELATED), FOOTER])

    return {
        "drop10": drop(0.10),
        "drop30": drop(0.30),
        "lead60": lead(0.60),
        "lead40": lead(0.40),
        "lead25": lead(0.25),
        "trad": s2t.convert(text),
        "trad_pinyin": pinyin(s2t.convert(text)),
        "chrome": chrome(text),
        "trad_drop20_chrome": chrome(s2t.convert(drop(0.20))),
    }


def news_sentences(limit: int = 20000) -> list[str]:
    """Real news sentences (CLUENER2020 train) to write unrelated filler with."""
    import json

    out = []
    with (SHARED / "data" / "cluener2020" / "train.jsonl").open(encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)["text"].strip()
            if len(t) >= 15:
                out.append(t if t[-1] in "。！？" else t + "。")
            if len(out) >= limit:
                break
    return out


def negatives(name: str, text: str, others: list[str], filler: list[str], rng: random.Random) -> dict[str, str]:
    """Stories that are *not* copies but share text with one: a quote-heavy follow-up, a digest."""
    sents = split_sentences(text)
    n = len(sents)
    q = max(1, n // 3)
    start = rng.randrange(0, max(1, n - q))
    quoted = sents[start : start + q]
    follow_up = "".join(rng.sample(filler, max(4, 2 * q))[: q] + quoted + rng.sample(filler, max(4, q)))
    digest_parts = sents[:2]
    for other in rng.sample(others, 3):
        digest_parts += split_sentences(other)[:2]
    return {"quote_followup": follow_up, "digest": "".join(digest_parts)}


def build_stream(seed: int = 13) -> list[tuple[str, str, str, str]]:
    """(key, group, kind, text) in arrival order: each original precedes its variants.

    Kinds ``quote_followup`` and ``digest`` are their own groups (new stories sharing some
    sentences with an original): any link from or to them is a false positive.
    """
    rng = random.Random(seed)
    items: list[list[tuple[str, str, str, str]]] = []
    originals = load_originals()
    filler = news_sentences()
    texts = [t for _n, t in originals]
    for name, text in originals:
        vs = variants(text, rng)
        group = [(name, name, "original", text)] + [(f"{name}~{k}", name, k, v) for k, v in vs.items()]
        # new stories that share sentences with this one come after it
        for k, v in negatives(name, text, [t for t in texts if t != text], filler, rng).items():
            group.append((f"{name}^{k}", f"{name}^{k}", k, v))
        items.append(group)
    # shuffle across stories, keeping each original first within its own story
    rng.shuffle(items)
    stream: list[tuple[str, str, str, str]] = []
    pending = [list(g) for g in items]
    while pending:
        g = rng.choice(pending)
        stream.append(g.pop(0))
        if not g:
            pending.remove(g)
    return stream


def evaluate(stream, prints, settings: DedupSettings) -> tuple[dict[str, float], Counter, Counter]:
    idx = NearDuplicateIndex(settings)
    tp = fp = 0
    found: Counter = Counter()
    total: Counter = Counter()
    for key, group, kind, _text in stream:
        fpr = prints[key]
        match = idx.check(fpr)
        root = match.key if match else None
        idx.add(key, fpr, duplicate_of=root)
        positive = kind not in ("original", "quote_followup", "digest")
        if positive:
            total[kind] += 1
        if root is None:
            continue
        if positive and root.split("~")[0] == group:
            tp += 1
            found[kind] += 1
        else:
            fp += 1
            found[f"FALSE LINK from {kind}"] += 1
    n_pos = sum(total.values())
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / n_pos if n_pos else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "fp": fp, "tp": tp, "positives": n_pos}, found, total


GRIDS = {
    # (shingle sizes, permutations, LSH thresholds, containment, Jaccard, directional)
    "full": ((3, 4, 5, 7), (64, 128, 256), (0.2, 0.3), (0.6, 0.7, 0.8, 0.9), (0.5, 0.7), (True, False)),
    "small": ((3, 4, 5), (128, 256), (0.3,), (0.7, 0.8, 0.9), (0.5, 0.7), (True, False)),
    # only the library defaults (a quick check of the shipped settings)
    "defaults": ((DedupSettings().shingle,), (DedupSettings().num_perm,), (DedupSettings().lsh_threshold,),
                 (DedupSettings().containment,), (DedupSettings().jaccard,), (DedupSettings().directional,)),
}


def sweep(grid: str = "full") -> DedupSettings:
    ks, perms, lshs, conts, jacs, dirs = GRIDS[grid]
    stream = build_stream()
    kinds = Counter(s[2] for s in stream)
    print(f"test set: {len(stream)} documents: {dict(kinds)}")
    best: tuple[float, DedupSettings] | None = None
    rows = []
    for k, num_perm in itertools.product(ks, perms):
        prints = {key: fingerprint(text, k=k, num_perm=num_perm) for key, _g, _k, text in stream}
        for lsh_t, cont, jac, dirn in itertools.product(lshs, conts, jacs, dirs):
            s = DedupSettings(shingle=k, num_perm=num_perm, lsh_threshold=lsh_t, containment=cont, jaccard=jac,
                              directional=dirn)
            m, _f, _t = evaluate(stream, prints, s)
            rows.append((m, s))
            # best F1; ties to 128 permutations (steadier estimates than 64, cheaper than 256), then stricter
            score = (round(m["f1"], 4), num_perm == 128, -num_perm, cont, jac)
            if best is None or score > best[0]:
                best = (score, s)
    rows.sort(key=lambda r: (-r[0]["f1"], r[1].num_perm))
    print(f"\nk  perm  lsh   cont  jacc  dir   precision  recall  f1     (top 25 of {len(rows)})")
    for m, s in rows[:25]:
        print(f"{s.shingle:<2} {s.num_perm:<5} {s.lsh_threshold:<5} {s.containment:<5} {s.jaccard:<5} {s.directional!s:<5} "
              f"{m['precision']:.4f}     {m['recall']:.4f}  {m['f1']:.4f}")
    defaults = DedupSettings()
    for label, s in (("chosen by sweep", best[1]), ("library defaults", defaults)):
        prints = {key: fingerprint(text, k=s.shingle, num_perm=s.num_perm) for key, _g, _k, text in stream}
        m, found, total = evaluate(stream, prints, s)
        print(f"\n{label}: {s}")
        print(f"  precision {m['precision']:.4f}  recall {m['recall']:.4f}  f1 {m['f1']:.4f}  "
              f"(tp {m['tp']}, fp {m['fp']}, positives {m['positives']})")
        for kind in total:
            print(f"  {kind:<20} {found[kind]}/{total[kind]}")
        for kind, n in found.items():
            if kind.startswith("FALSE"):
                print(f"  {kind}: {n}")
    return best[1]


def corpus_truth(n_docs: int, seed: int = 7) -> dict[int, int]:
    """Replay make_corpus.py's random stream: {copy doc index: original doc index}."""
    spec = importlib.util.spec_from_file_location("make_corpus", SHARED / "bench" / "make_corpus.py")
    mc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mc)
    rng = random.Random(seed)
    pool = mc.sentences()
    made: list[tuple[str, list[str], int]] = []
    truth: dict[int, int] = {}
    for i in range(n_docs):
        if made and rng.random() < 0.05:
            title, paras, orig = rng.choice(made)
            paras = [p for p in paras if rng.random() > 0.1] or paras
            truth[i] = orig
        else:
            paras = mc.body(rng, pool)
            title = paras[0][: rng.randint(12, 24)]
            made.append((title, paras, i))
        date = f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        mc.wrap(rng, title, paras, date, pool)
    return truth


def corpus(n_docs: int, settings: DedupSettings, keep: Path | None) -> None:
    tmp = keep or Path(tempfile.mkdtemp(prefix="zhnews-dedup-"))
    if not any(tmp.glob("d*")):
        subprocess.run([sys.executable, str(SHARED / "bench" / "make_corpus.py"), "--docs", str(n_docs), "--out", str(tmp)],
                       check=True)
    truth = corpus_truth(n_docs)
    idx = NearDuplicateIndex(settings)
    t_clean = t_dedup = cpu_dedup = 0.0
    links: dict[int, int] = {}
    n = 0
    for key, text, seconds in clean_texts(tmp):
        t_clean += seconds
        t1, c1 = time.perf_counter(), time.process_time()
        dup = idx.check_and_add(key, text)
        t_dedup += time.perf_counter() - t1
        cpu_dedup += time.process_time() - c1
        n += 1
        if dup is not None:
            links[int(key[1:])] = int(dup[1:])
    tp = sum(1 for c, o in links.items() if truth.get(c) == o)
    # a copy linked to another copy of the same original counts through the root
    print(f"{n} documents ({len(truth)} near-copies by construction), settings {settings}")
    print(f"links {len(links)}  correct {tp}  precision {tp / len(links) if links else 1.0:.4f}  "
          f"recall {tp / len(truth) if truth else 1.0:.4f}")
    wrong = [(c, o, truth.get(c)) for c, o in links.items() if truth.get(c) != o][:10]
    if wrong:
        print("examples of wrong links (copy, linked to, truth):", wrong)
    missed = [c for c in truth if c not in links][:10]
    if missed:
        print("examples of missed copies:", missed)
    print(f"dedup time per document: {t_dedup / max(n, 1) * 1000:.3f} ms wall, {cpu_dedup / max(n, 1) * 1000:.3f} ms CPU "
          f"(read+clean per document: {t_clean / max(n, 1) * 1000:.3f} ms wall)  total dedup {t_dedup:.1f} s wall, "
          f"{cpu_dedup:.1f} s CPU")


def clean_texts(folder: Path) -> Iterator[tuple[str, str, float]]:
    """(document key, clean text, seconds spent reading and cleaning) for every file, in order.

    The clean texts are kept in ``folder/../<name>.clean.jsonl`` so that a second run measures
    dedup alone without cleaning everything again."""
    import json

    from zhnews.document import Document
    from zhnews.pipeline import build_pipeline
    from zhnews.read import iter_documents

    cache = folder.with_name(folder.name + ".clean.jsonl")
    if cache.exists():
        with cache.open(encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                yield rec["key"], rec["text"], rec["seconds"]
        return
    pipe = build_pipeline(extract=False)
    with cache.with_suffix(".tmp").open("w", encoding="utf-8") as out:
        for raw in iter_documents([str(folder)]):
            t0 = time.perf_counter()
            doc = pipe.process(raw)
            seconds = time.perf_counter() - t0
            if not isinstance(doc, Document):
                continue
            key = Path(doc.source.split("#")[0]).stem
            out.write(json.dumps({"key": key, "text": doc.text, "seconds": seconds}, ensure_ascii=False) + "\n")
            yield key, doc.text, seconds
    cache.with_suffix(".tmp").rename(cache)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sweep", action="store_true", help="parameter sweep on the labelled test set")
    ap.add_argument("--grid", choices=tuple(GRIDS), default="full", help="parameter grid of the sweep")
    ap.add_argument("--corpus", type=int, default=0, help="synthetic corpus size (e.g. 20000)")
    ap.add_argument("--corpus-dir", type=Path, help="reuse/keep the generated corpus here")
    args = ap.parse_args()
    if not (args.sweep or args.corpus):
        args.sweep = True
    settings = DedupSettings()
    if args.sweep:
        chosen = sweep(args.grid)
        print(f"\nchosen: {chosen}")
    if args.corpus:
        corpus(args.corpus, replace(settings), args.corpus_dir)


if __name__ == "__main__":
    main()
