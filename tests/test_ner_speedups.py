"""The recognizer's faster paths change no output: mentions pinned from the code before them.

The checksums were computed with the recognizer as it was before the speed work (commit
75c6b50): (start, end, type) of every mention, text by text, and the BIO tags of every
CLUENER dev sentence. A sentence's tags depend on its neighbours in a batch (window features
see across the one sentinel between sentences), so one-by-one and batched runs are pinned
apart. Viterbi is also checked against a plain per-sentence decoder, ties included.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from conftest import need_shared
from zhnews.extract.ner import cluener, gazetteer, get_recognizer
from zhnews.extract.ner.model import KeyTable, viterbi
from zhnews.extract.ner.recognizer import split_sentences

PINNED = {
    "dev one by one": "e98c8704717f10184b76133fdd5b9f57b036464d33d85b0bb860a1c4dc3cedfb",
    "dev batched": "c973c457cc3464adb10c0ba2e5c880e100111e1e052f9760d73eff9bac38a960",
    "dev as documents": "f75455f120c24c2a650e62d4445eff4e0ce7be18b04ea3cf4ae9d8e33edfca67",
    "seeds one by one": "454f1693ec7f151c1683318f8c7f0bef9d413c0384c67f8b588ad4aa0c7ccb4e",
    "seeds batched": "454f1693ec7f151c1683318f8c7f0bef9d413c0384c67f8b588ad4aa0c7ccb4e",
    "dev tags": "f39b27672ce0e65e0ac177248018eaad4f6e6e230df0ade5fb5a24ed7867be70",
}


def _digest(rows) -> str:
    return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()


def _spans(results) -> str:
    return _digest([[(m.start, m.end, m.type) for m in mentions] for mentions in results])


@pytest.fixture(scope="module")
def dev_texts() -> list[str]:
    return [ex.text for ex in cluener.read_examples(need_shared("data", "cluener2020", "dev.jsonl"))]


@pytest.fixture(scope="module")
def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(need_shared("seeds").glob("*.txt"))]


def test_dev_mentions_are_unchanged(dev_texts: list[str]) -> None:
    recognizer = get_recognizer()
    documents = ["。".join(dev_texts[i : i + 40]) for i in range(0, len(dev_texts), 40)]  # as benchmarks/quality_cluener.py
    assert _spans(recognizer.recognize(text) for text in dev_texts) == PINNED["dev one by one"]
    assert _spans(recognizer.recognize_many(dev_texts)) == PINNED["dev batched"]
    assert _spans(recognizer.recognize(document) for document in documents) == PINNED["dev as documents"]
    assert _spans(recognizer.recognize_many(documents)) == PINNED["dev as documents"]


def test_seed_mentions_are_unchanged(seed_texts: list[str]) -> None:
    recognizer = get_recognizer()
    assert _spans(recognizer.recognize(text) for text in seed_texts) == PINNED["seeds one by one"]
    assert _spans(recognizer.recognize_many(seed_texts)) == PINNED["seeds batched"]


def test_dev_tags_are_unchanged(dev_texts: list[str]) -> None:
    assert _digest(get_recognizer().model.tag(dev_texts)) == PINNED["dev tags"]


# -- Viterbi against a plain decoder -----------------------------------------------------------
def _plain_viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """One sentence, the textbook way (first index wins a tie, as numpy's argmax)."""
    score = emissions[0].copy()
    back = []
    for t in range(1, len(emissions)):
        cand = score[:, None] + transitions  # (from, to)
        back.append(cand.argmax(axis=0))
        score = cand.max(axis=0) + emissions[t]
    path = [int(score.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return path[::-1]


def _check_viterbi(emissions: np.ndarray, transitions: np.ndarray, lengths: np.ndarray) -> None:
    decoded = viterbi(emissions, transitions, lengths).tolist()
    offset = 0
    for length in lengths.tolist():
        assert decoded[offset : offset + length] == _plain_viterbi(emissions[offset : offset + length], transitions)
        offset += length


def test_viterbi_equals_a_plain_decoder_with_ties() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        lengths = rng.integers(1, 30, size=rng.integers(1, 12))
        # small integers: many ties, which must break as the plain decoder breaks them
        emissions = rng.integers(-2, 3, size=(lengths.sum(), 5)).astype(np.float32)
        transitions = rng.integers(-2, 3, size=(5, 5)).astype(np.float32)
        _check_viterbi(emissions, transitions, lengths)


def test_viterbi_equals_a_plain_decoder_on_the_model(dev_texts: list[str]) -> None:
    model = get_recognizer().model
    document = "。".join(dev_texts[:80])
    sentences = [document[s:e] for s, e in split_sentences(document)]
    keys, batch = model.featurizer.keys(sentences)
    _check_viterbi(model.emissions(keys), model.transitions, batch.lengths)


# -- lexicon matching against a plain scan -------------------------------------------------------
def _plain_lengths(entries: set[str], text: str) -> list[list[int]]:
    """Per position, the lengths of the entries starting there: every window tried."""
    longest = max(map(len, entries))
    return [[k for k in range(2, longest + 1) if i + k <= len(text) and text[i : i + k] in entries] for i in range(len(text))]


def _plain_greedy_bie(lengths: list[list[int]]) -> list[int]:
    out, i = [0] * len(lengths), 0
    while i < len(lengths):
        if not lengths[i]:
            i += 1
            continue
        size = max(lengths[i])
        out[i : i + size] = [1] + [2] * (size - 2) + [3]
        i += size
    return out


def test_lexicon_matches_equal_a_plain_scan(dev_texts: list[str], seed_texts: list[str]) -> None:
    recognizer = get_recognizer()
    featurizer = recognizer.model.featurizer
    matchers = {
        "places": (featurizer.places, gazetteer.place_names("town")),
        "titles": (featurizer.titles, gazetteer.titles()),
        "organization suffixes": (featurizer.org_multi, [s for s in gazetteer.org_suffixes() if len(s) >= 2]),
        "safe places": (recognizer._safe_places, recognizer._safe_names),
    }
    # the end of the text cuts a place short (北京 at the end holds no 北京市), ASCII folds (ＡＢＣ)
    texts = ["。".join(dev_texts[:200]), *seed_texts, "我在北京", "北京市", "局长", "长", "", "ＡＢＣ公司董事长兼总经理"]
    batch, _ = featurizer.batch(texts)
    folded = "".join(map(chr, batch.codes.tolist()))
    for name, (matcher, entries) in matchers.items():
        entries = {"".join(chr(featurizer.fold[ord(ch)]) for ch in entry) for entry in entries if len(entry) >= 2}
        lengths = _plain_lengths(entries, folded)
        assert any(lengths), name
        assert matcher.greedy_bie(batch.codes).tolist() == _plain_greedy_bie(lengths), name
        assert matcher.longest(batch.codes).tolist() == [max(ks, default=0) for ks in lengths], name
        ends = [False] * len(folded)
        for i, ks in enumerate(lengths):
            for k in ks:
                ends[i + k - 1] = True
        assert matcher.ends(batch.codes).tolist() == ends, name


def test_emissions_from_dense_tables_equal_the_hash_table_sums(dev_texts: list[str]) -> None:
    """The decoding path (values, dense tables, sentinels kept) against the plain one (keys, the
    hash table for every key), bit for bit."""
    model = get_recognizer().model
    sentences = [*dev_texts[:300], "ＡＢＣ公司", "x", "\x01", "𠀀𠀁汉字"]
    keys, batch = model.featurizer.keys(sentences)
    values, _, windows = model.featurizer.values(sentences)
    fast = model._emissions_of(values, windows)[model.featurizer.characters(batch)]
    assert fast.dtype == np.float32
    assert np.array_equal(fast.view(np.uint32), model.emissions(keys).view(np.uint32))


def test_key_table_rows_equal_a_dict() -> None:
    rng = np.random.default_rng(5)
    keys = np.unique(rng.integers(0, 1 << 40, size=5000))
    table = KeyTable(keys)
    assert table.max_probe > 2  # collided chains, probed past the first slot
    wanted = np.concatenate((keys, rng.integers(0, 1 << 40, size=5000), keys[::7]))
    index = {key: row for row, key in enumerate(keys.tolist())}
    expected = [index.get(key, len(keys)) for key in wanted.tolist()]
    assert table.rows(wanted).tolist() == expected
