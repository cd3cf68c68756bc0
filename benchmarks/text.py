"""Main-text extraction quality on real Chinese news pages: zhnews against plain trafilatura.

Also prints the CPU cost per document of each cleaning stage on a ~1,500-character article
in every raw form (txt UTF-8/GBK/Big5, Markdown with front matter, HTML page).

Pages: ../shared/data/html_netease (74 NetEase pages in GB2312/GBK, RawHtml/N.html, with the
main text of each in Text/N.txt, GBK; a silver reference made by a line-density extractor).
Both methods get the same raw bytes. "plain trafilatura" is ``trafilatura.extract(raw)`` as a
naive user would call it; "zhnews" is the Decode + ToText + Clean stages. The score is the
character-bigram precision/recall/F1 against the reference (whitespace ignored), averaged
over pages. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/text.py [--data ../shared/data/html_netease] [--limit N] [--timing-only]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "html_netease"


def bigrams(text: str) -> Counter[str]:
    chars = "".join(text.split())
    return Counter(chars[i : i + 2] for i in range(len(chars) - 1))


def prf(pred: str, ref: str) -> tuple[float, float, float]:
    p_grams, r_grams = bigrams(pred), bigrams(ref)
    overlap = sum((p_grams & r_grams).values())
    p = overlap / sum(p_grams.values()) if p_grams else 0.0
    r = overlap / sum(r_grams.values()) if r_grams else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


_DATED_ITEM = re.compile(r"^[^。]{4,120}?\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s*$")


def strip_dated_items(reference: str) -> str:
    """The reference without lines ending in a bare date stamp: the related-news lists the silver extractor kept."""
    return "\n".join(line for line in reference.split("\n") if not _DATED_ITEM.match(line.strip()))


def zhnews_text(raw: bytes, source: str) -> str:
    from zhnews.clean import Clean, Decode, ToText
    from zhnews.document import Document
    from zhnews.pipeline import Pipeline

    doc = Pipeline([Decode(), ToText(), Clean()]).process(Document(source=source, format="html", raw=raw))
    return doc.text if isinstance(doc, Document) else ""


def plain_trafilatura(raw: bytes, source: str) -> str:
    import trafilatura

    return trafilatura.extract(raw) or ""


_SAMPLE = (
    "3月12日，某市人工智能产业园正式开园，首批入驻企业三十二家，涵盖算法、芯片和智能制造等方向。"
    "园区负责人介绍，今年将新建算力中心一座，并设立规模十亿元的产业基金，支持初创企业发展。"
)


def sample_documents(chars: int = 1500) -> dict[str, tuple[str, bytes]]:
    """One ~``chars``-character article (written for this benchmark) in each raw form: format -> (reader format, bytes)."""
    import opencc

    paras: list[str] = []
    while sum(map(len, paras)) < chars:  # distinct paragraphs: repeated ones would be dropped as copies
        n = len(paras) + 1
        paras.append(f"第{n}部分：{_SAMPLE.replace('三十二', str(30 + n)).replace('十亿', str(n) + '亿')}")
    body = "\n".join(paras)[:chars]
    traditional = opencc.OpenCC("s2t").convert(body)
    front = "---\ntitle: 某市产业园开园\nsource: 某公众号\ndate: 2023-02-25\n---\n\n# 某市产业园开园\n\n"
    page = (
        "<html><head><title>某市产业园开园_某网</title></head><body><nav>首页 新闻</nav><article><h1>某市产业园开园</h1>"
        + "".join(f"<p>{p}</p>" for p in body.split("\n")) + "</article><footer>版权所有</footer></body></html>"
    )
    return {
        "txt utf-8": ("txt", body.encode()),
        "txt gbk": ("txt", body.encode("gbk")),
        "txt big5 (traditional)": ("txt", traditional.encode("big5", errors="ignore")),
        "md front matter": ("md", (front + body.replace("\n", "\n\n") + "\n\n预览时标签不可点\n\n阅读原文\n").encode()),
        "html page": ("html", page.encode()),
    }


def stage_timing(rounds: int) -> None:
    """CPU time per document of each cleaning stage, per raw form (process time: less disturbed by other load)."""
    from zhnews.clean import Clean, Decode, Metadata, ToText
    from zhnews.document import Document

    stages = [Decode(), ToText(), Clean(), Metadata()]
    print(f"cleaning stages, CPU ms per ~1,500-character document ({rounds} rounds; html: rounds/20)")
    for name, (fmt, raw) in sample_documents().items():
        n = max(rounds // 20, 5) if fmt == "html" else rounds
        per = dict.fromkeys((type(s).__name__ for s in stages), 0.0)
        for i in range(n + 5):
            doc = Document(source="bench", format=fmt, raw=raw)
            for stage in stages:
                t0 = time.process_time()
                doc = stage(doc)
                if i >= 5:  # the first rounds load converters and tables
                    per[type(stage).__name__] += time.process_time() - t0
        total = sum(per.values()) / n * 1000
        detail = "  ".join(f"{k} {v / n * 1000:.3f}" for k, v in per.items())
        print(f"  {name:<24} {total:6.3f} ms   ({detail})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--worst", type=int, default=0, help="list the N pages where zhnews scores lowest")
    ap.add_argument("--timing-rounds", type=int, default=1000, help="rounds of the per-stage timing (0: skip it)")
    ap.add_argument("--timing-only", action="store_true", help="only the per-stage timing")
    args = ap.parse_args()
    if args.timing_rounds:
        stage_timing(args.timing_rounds)
    if args.timing_only:
        return 0
    pages = sorted((args.data / "RawHtml").glob("*.html"), key=lambda p: int(p.stem) if p.stem.isdigit() else 0)
    if args.limit:
        pages = pages[: args.limit]
    if not pages:
        print(f"no pages under {args.data}/RawHtml", file=sys.stderr)
        return 1
    methods = {"plain trafilatura": plain_trafilatura, "zhnews": zhnews_text}
    for fn in methods.values():  # warm up imports and lazily loaded resources outside the timing
        fn(pages[0].read_bytes(), str(pages[0]))
    scores: dict[str, list[tuple[float, float, float]]] = {m: [] for m in methods}
    strict: dict[str, list[tuple[float, float, float]]] = {m: [] for m in methods}
    seconds: dict[str, float] = dict.fromkeys(methods, 0.0)
    for page in pages:
        ref_path = args.data / "Text" / f"{page.stem}.txt"
        if not ref_path.exists():
            continue
        ref = ref_path.read_bytes().decode("gb18030", errors="replace")
        raw = page.read_bytes()
        for name, fn in methods.items():
            t0 = time.perf_counter()
            text = fn(raw, str(page))
            seconds[name] += time.perf_counter() - t0
            scores[name].append(prf(text, ref))
            strict[name].append(prf(text, strip_dated_items(ref)))
    n = len(scores["zhnews"])
    print(f"main-text extraction, {n} pages of {args.data} (character-bigram P/R/F1 vs Text/N.txt, mean over pages)")
    means = {}
    for name in methods:
        p, r, f = (statistics.fmean(s[i] for s in scores[name]) for i in range(3))
        means[name] = f
        print(f"  {name:<18} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   {seconds[name] / n * 1000:.1f} ms/page")
    base = means["plain trafilatura"]
    print(f"  ratio zhnews / plain trafilatura F1: {means['zhnews'] / base:.3f}" if base else "  plain trafilatura F1 is 0")
    print("same, against the reference minus its date-stamped related-news lines (kept by the silver extractor):")
    for name in methods:
        p, r, f = (statistics.fmean(s[i] for s in strict[name]) for i in range(3))
        means[name] = f
        print(f"  {name:<18} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    base = means["plain trafilatura"]
    print(f"  ratio zhnews / plain trafilatura F1: {means['zhnews'] / base:.3f}" if base else "  plain trafilatura F1 is 0")
    if args.worst:
        ranked = sorted(zip(pages, scores["zhnews"], scores["plain trafilatura"], strict=False), key=lambda x: x[1][2])
        for page, ours, theirs in ranked[: args.worst]:
            print(f"  {page.name:>8}  zhnews P {ours[0]:.2f} R {ours[1]:.2f} F1 {ours[2]:.2f}   plain F1 {theirs[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
