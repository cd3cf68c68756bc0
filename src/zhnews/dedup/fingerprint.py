"""Text fingerprints for near-duplicate detection: normalized character shingles and their MinHash.

Two reports of one story differ in script (a Traditional repost), in punctuation and spacing,
in the chrome a site adds, and in the sentences an excerpt keeps. The fingerprint therefore
works on a normalized form of the clean text: simplified script, converter pinyin
(``戰(zhàn)``) removed, NFKC, no whitespace, punctuation or symbols. What is left is compared
as a set of overlapping character k-grams (shingles), sketched with MinHash.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from zhnews.document import fast_pickle

# A parenthesised tone-marked (or plain lower-case) pinyin syllable right after a Han character.
_CONVERTER_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,7}[)）]")
_SCHEME = "affine32"
_SEED = 1


@lru_cache(maxsize=1)
def _t2s():  # noqa: ANN202 - opencc has no type stubs
    import opencc

    return opencc.OpenCC("t2s")


def normalize_text(text: str, *, to_simplified: bool = True) -> str:
    """The comparable core of a text: simplified, no converter pinyin, no spaces/punctuation/symbols."""
    text = _CONVERTER_PINYIN.sub("", text)
    if to_simplified:
        text = _t2s().convert(text)
    dropped = _dropped_runs()
    for _ in range(2):
        text = dropped.sub("", unicodedata.normalize("NFKC", text))
        if text and max(text) > "\uffff":  # the table covers the BMP; rare astral characters one by one
            text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZCS")
        text = text.lower()
        # removing a spacing mark can let a combining one compose anew: then once more
        if unicodedata.is_normalized("NFKC", text):
            break
    if to_simplified:
        # NFKC can turn a compatibility character into a Traditional one (U+1F247 -> 〔勝〕):
        # convert once more, so that normalizing twice changes nothing
        text = _t2s().convert(text)
    return text


@lru_cache(maxsize=1)
def _dropped_runs() -> re.Pattern[str]:
    """Runs of BMP characters of category P (punctuation), Z (separators), C (controls, format,
    unassigned) or S (symbols): what ``normalize_text`` deletes."""
    from zhnews.document import bmp_class_regex

    return bmp_class_regex(lambda ch: unicodedata.category(ch)[0] in "PZCS")


def shingles(normalized: str, k: int) -> set[bytes]:
    """The set of character k-grams of an already normalized text (the whole text when shorter)."""
    if len(normalized) <= k:
        return {normalized.encode("utf-8")} if normalized else set()
    return {normalized[i : i + k].encode("utf-8") for i in range(len(normalized) - k + 1)}


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of ``num_perm`` affine permutations ``a*h + b mod 2^32`` (``a`` odd: a bijection).

    Drawn exactly as datasketch 2's ``MinHash(seed=1, scheme="affine32")`` draws them, so the
    signatures stored by earlier versions (made with datasketch) stay comparable; made here
    because importing datasketch pulls in scipy (about a second of start-up).
    """
    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


@fast_pickle  # travels back from every worker
@dataclass(frozen=True, slots=True, eq=False)
class Fingerprint:
    """A MinHash signature of a text's shingle set (``values``: uint32, one per permutation), with
    the set's size (for containment estimates)."""

    values: np.ndarray
    size: int

    def __len__(self) -> int:
        return len(self.values)

    def to_bytes(self) -> bytes:
        """Compact form for storage: the hash values as little-endian uint32."""
        return np.asarray(self.values, dtype="<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Fingerprint:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32), size)

    def jaccard(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity: the share of permutations whose minima agree."""
        if len(self.values) != len(other.values):
            raise ValueError("cannot compare fingerprints with different numbers of permutations")
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)

    def containment_in(self, other: Fingerprint) -> float:
        """Estimated share of *this* set's shingles that ``other`` also holds (|A∩B| / |A|)."""
        j = self.jaccard(other)
        if self.size == 0:
            return 0.0
        return min(1.0, j * (self.size + other.size) / ((1.0 + j) * self.size))

    def containment(self, other: Fingerprint) -> float:
        """Estimated share of the smaller set's shingles that the other set also holds.

        From the Jaccard estimate J and the set sizes: |A∩B| = J(|A|+|B|)/(1+J).
        High for an excerpt of a longer report, where Jaccard alone is low.
        """
        j = self.jaccard(other)
        smaller = min(self.size, other.size)
        if smaller == 0:
            return 0.0
        return min(1.0, j * (self.size + other.size) / ((1.0 + j) * smaller))


_FNV_PRIME = np.uint64(0x01000193)
_MASK32 = np.uint64(0xFFFFFFFF)


def shingle_hashes(normalized: str, k: int) -> np.ndarray:
    """32-bit hashes of the distinct character k-grams of a normalized text (vectorized with numpy).

    Each k-gram's code points are folded FNV-style; equal k-grams hash equal, in any process.
    A text shorter than k is one shingle (itself); an empty text has none.
    """
    if not normalized:
        return np.empty(0, dtype=np.uint32)
    cps = np.frombuffer(normalized.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    width = min(k, len(cps))
    n = len(cps) - width + 1
    h = np.full(n, 0x811C9DC5, dtype=np.uint64)
    for j in range(width):
        h = ((h ^ cps[j : j + n]) * _FNV_PRIME) & _MASK32
    return np.unique(h.astype(np.uint32))


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer: spreads FNV's weak low bits before the permutations."""
    h = h.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


def fingerprint(text: str, *, k: int = 5, num_perm: int = 128, to_simplified: bool = True) -> Fingerprint:
    """Fingerprint a clean text: normalize, shingle with k characters, MinHash with num_perm permutations.

    The permutations are ``a*h + b mod 2^32`` applied to all shingle hashes at once (datasketch's
    ``affine32`` scheme, see ``_permutations``).
    """
    hashes = shingle_hashes(normalize_text(text, to_simplified=to_simplified), k)
    a, b = _permutations(num_perm)
    if len(hashes):
        with np.errstate(over="ignore"):
            values = (_fmix32(hashes).reshape(-1, 1) * a + b).min(axis=0)
    else:
        values = np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    return Fingerprint(values.astype(np.uint32), len(hashes))
