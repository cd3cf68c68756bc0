"""Near-duplicate detection: reposts across scripts, excerpts, chrome; unrelated stories stay apart."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbdocs import KB_DATA
from kbdocs import clean_file as clean
from zhnews.dedup import DedupSettings, Fingerprint, NearDuplicateIndex, fingerprint, normalize_text, shingles


def body(path: Path) -> str:
    return clean(path).text


def test_normalize_text_folds_script_pinyin_and_punctuation() -> None:
    assert normalize_text("國家網(wǎng)信辦：做好頂層規(guī)劃") == normalize_text("国家网信办,做好 顶层规划")
    assert normalize_text("（成渝地区）") == "成渝地区"  # real parentheses: only the brackets go


def test_shingles_of_short_and_empty_text() -> None:
    assert shingles("", 5) == set()
    assert shingles("网信", 5) == {"网信".encode()}
    assert len(shingles("一二三四五六", 5)) == 2


@given(st.text(min_size=0, max_size=300))
@settings(max_examples=60, deadline=None)
def test_normalize_is_idempotent_and_fingerprint_deterministic(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    a, b = fingerprint(text), fingerprint(text)
    assert a.size == b.size
    assert a.to_bytes() == b.to_bytes()


def test_fingerprint_round_trips_through_bytes() -> None:
    fp = fingerprint(body(KB_DATA / "pair_simplified.md"))
    back = Fingerprint.from_bytes(fp.to_bytes(), fp.size)
    assert back.jaccard(fp) == 1.0
    assert back.size == fp.size


def test_seeds_and_a_traditional_pair_only_the_pair_is_linked(seeds_dir: Path) -> None:
    idx = NearDuplicateIndex()
    links = {}
    paths = sorted(seeds_dir.glob("*")) + [KB_DATA / "pair_simplified.md", KB_DATA / "pair_traditional.txt"]
    for path in paths:
        doc = clean(path)
        links[path.name] = idx.check_and_add(path.name, doc.text)
    assert links.pop("pair_traditional.txt") == "pair_simplified.md"
    assert all(v is None for v in links.values()), links


def test_traditional_repost_converted_by_opencc_is_linked() -> None:
    simplified = body(KB_DATA / "pair_simplified.md")
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert traditional != simplified
    idx = NearDuplicateIndex(DedupSettings(to_simplified=False))
    idx.check_and_add("simp", simplified)
    # the clean stage converts to Simplified with OpenCC before dedup sees the text
    assert idx.check_and_add("trad", opencc.OpenCC("t2s").convert(traditional)) == "simp"


def test_excerpt_and_chrome_and_new_headline_are_linked() -> None:
    text = body(KB_DATA / "pair_simplified.md")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    idx = NearDuplicateIndex()
    assert idx.check_and_add("original", text) is None
    excerpt = "\n".join(paragraphs[:2])
    assert idx.check_and_add("excerpt", excerpt) == "original"
    chrome = "首页 | 新闻 | 财经 | 登录\n另一个标题：三年行动计划出台\n" + text + "\n分享到：微信 微博\n版权所有 未经授权禁止转载"
    assert idx.check_and_add("chrome", chrome) == "original"


def test_reports_of_one_event_by_different_outlets_are_not_duplicates() -> None:
    idx = NearDuplicateIndex()
    links = [idx.check_and_add(p.name, body(p)) for p in sorted(KB_DATA.glob("conf_report_*.md"))]
    assert links == [None, None, None]


def test_quoting_a_few_sentences_is_not_a_copy() -> None:
    text = body(KB_DATA / "pair_simplified.md")
    other = body(KB_DATA / "conf_report_a.md") + body(KB_DATA / "conf_report_b.md")
    first_sentence = text.split("。")[1] + "。"
    idx = NearDuplicateIndex()
    idx.check_and_add("original", text)
    assert idx.check_and_add("follow-up", other + first_sentence) is None


def test_copies_link_to_the_first_report_and_rechecks_change_nothing() -> None:
    text = body(KB_DATA / "pair_simplified.md")
    idx = NearDuplicateIndex()
    assert idx.check_and_add("a", text) is None
    assert idx.check_and_add("b", text + "（完）") == "a"
    assert idx.check_and_add("c", "另一个标题\n" + text) == "a"
    assert idx.check_and_add("b", "anything") == "a"  # already indexed: the recorded answer
    assert len(idx) == 3


def test_short_texts_link_only_when_identical() -> None:
    idx = NearDuplicateIndex()
    assert idx.check_and_add("a", "工信部发布通知。") is None
    assert idx.check_and_add("b", "工信部发布通告。") is None
    assert idx.check_and_add("c", "工信部发布通知！") == "a"
    assert idx.check_and_add("empty", "") is None


def test_persisted_entries_restore_an_index_that_continues() -> None:
    texts = {p.name: body(p) for p in sorted(KB_DATA.glob("*"))}
    first = NearDuplicateIndex()
    first.check_and_add("pair_simplified.md", texts["pair_simplified.md"])
    first.check_and_add("conf_report_a.md", texts["conf_report_a.md"])
    restored = NearDuplicateIndex()
    assert restored.load(first.entries()) == 2
    assert restored.check_and_add("pair_traditional.txt", texts["pair_traditional.txt"]) == "pair_simplified.md"
    assert restored.check_and_add("conf_report_b.md", texts["conf_report_b.md"]) is None


def test_loading_signatures_of_other_settings_is_refused() -> None:
    idx = NearDuplicateIndex(DedupSettings(num_perm=64))
    idx.check_and_add("a", body(KB_DATA / "pair_simplified.md"))
    with pytest.raises(ValueError, match="permutations"):
        NearDuplicateIndex(DedupSettings(num_perm=128)).load(idx.entries())


def test_extract_links_duplicates_within_one_run(seeds_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from zhnews.serve.cli import main

    assert main(["extract", str(seeds_dir), str(KB_DATA / "pair_simplified.md"), str(KB_DATA / "pair_traditional.txt"),
                 "--workers", "1"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    links = {Path(r["source"]).name: r["duplicate_of"] and Path(r["duplicate_of"]).name for r in records}
    assert len(links) == 7
    assert links.pop("pair_traditional.txt") == "pair_simplified.md"
    assert set(links.values()) == {None}


def test_permutations_and_lsh_bands_match_datasketch() -> None:
    """Signatures stored by versions that used datasketch stay comparable, and the LSH bands are
    the ones datasketch's MinHashLSH chose."""
    datasketch = pytest.importorskip("datasketch")
    from datasketch.lsh import _optimal_param

    from zhnews.dedup.fingerprint import _permutations
    from zhnews.dedup.index import lsh_bands

    for num_perm in (64, 128):
        a, b = _permutations(num_perm)
        expected = datasketch.MinHash(num_perm=num_perm, seed=1, scheme="affine32").permutations
        assert (a == expected[0]).all() and (b == expected[1]).all()
        for threshold in (0.2, 0.3, 0.5, 0.8):
            assert lsh_bands(threshold, num_perm) == _optimal_param(threshold, num_perm, 0.5, 0.5)
    text = body(KB_DATA / "pair_simplified.md")
    ours = fingerprint(text)
    theirs = datasketch.LeanMinHash(seed=1, hashvalues=ours.values, scheme="affine32")
    assert ours.jaccard(fingerprint(text[: len(text) // 2])) == theirs.jaccard(
        datasketch.LeanMinHash(seed=1, hashvalues=fingerprint(text[: len(text) // 2]).values, scheme="affine32"))


def test_index_memory_per_document_is_small() -> None:
    """The LSH keeps sorted arrays, not a Python set per bucket (11 KB per document before)."""
    import numpy as np

    from zhnews.dedup.fingerprint import Fingerprint

    idx = NearDuplicateIndex()
    rng = np.random.default_rng(1)
    for i in range(5000):
        idx.add(f"k{i}", Fingerprint(rng.integers(0, 2**32, 128, dtype=np.uint32), 500))
    idx._table._merge()
    assert idx._table._hashes.nbytes + idx._table._ids.nbytes + idx._values[: len(idx)].nbytes < 5000 * 1024
    assert not idx._table._recent


@pytest.mark.parametrize("text", ["\U0001f247", "\uf900樂", "戰(zhàn)鬥"])
def test_normalize_is_idempotent_on_compatibility_characters(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
