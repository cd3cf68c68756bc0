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
from datasketch import LeanMinHash, MinHash

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
    table = _drop_table()
    for _ in range(2):
        text = unicodedata.normalize("NFKC", text).translate(table)
        if text and max(text) > "\uffff":  # the table covers the BMP; rare astral characters one by one
            text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZCS")
        text = text.lower()
        # removing a spacing mark can let a combining one compose anew: then once more
        if unicodedata.is_normalized("NFKC", text):
            break
    return text


@lru_cache(maxsize=1)
def _drop_table() -> dict[int, None]:
    """str.translate table deleting every BMP character of category P (punctuation), Z (separators),
    C (controls, format, unassigned) or S (symbols)."""
    return {cp: None for cp in range(0x10000) if unicodedata.category(chr(cp))[0] in "PZCS"}


def shingles(normalized: str, k: int) -> set[bytes]:
    """The set of character k-grams of an already normalized text (the whole text when shorter)."""
    if len(normalized) <= k:
        return {normalized.encode("utf-8")} if normalized else set()
    return {normalized[i : i + k].encode("utf-8") for i in range(len(normalized) - k + 1)}


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    m = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME)
    return m.permutations


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A MinHash signature of a text's shingle set, with the set's size (for containment estimates)."""

    minhash: LeanMinHash
    size: int

    def to_bytes(self) -> bytes:
        """Compact form for storage: the hash values as little-endian uint32."""
        return np.asarray(self.minhash.hashvalues, dtype="<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Fingerprint:
        values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
        return cls(LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME), size)

    def jaccard(self, other: Fingerprint) -> float:
        return self.minhash.jaccard(other.minhash)

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

    The permutations are datasketch's ``affine32`` scheme (``a*h + b mod 2^32``), applied to all
    shingle hashes at once; the result is a datasketch ``LeanMinHash`` for ``MinHashLSH``.
    """
    hashes = shingle_hashes(normalize_text(text, to_simplified=to_simplified), k)
    a, b = _permutations(num_perm)
    if len(hashes):
        with np.errstate(over="ignore"):
            values = (_fmix32(hashes).reshape(-1, 1) * a.astype(np.uint32) + b.astype(np.uint32)).min(axis=0)
    else:
        values = np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    return Fingerprint(LeanMinHash(seed=_SEED, hashvalues=values.astype(np.uint32), scheme=_SCHEME), len(hashes))
