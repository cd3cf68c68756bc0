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
import zlib
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
    for _ in range(2):  # twice: removing a spacing mark can let a combining one compose anew
        text = unicodedata.normalize("NFKC", text)
        text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZCS").lower()
    return text


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


def fingerprint(text: str, *, k: int = 5, num_perm: int = 128, to_simplified: bool = True) -> Fingerprint:
    """Fingerprint a clean text: normalize, shingle with k characters, MinHash with num_perm permutations."""
    grams = shingles(normalize_text(text, to_simplified=to_simplified), k)
    m = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME, hashfunc=zlib.crc32, permutations=_permutations(num_perm))
    if grams:
        m.update_batch(grams)
    return Fingerprint(LeanMinHash(m), len(grams))
