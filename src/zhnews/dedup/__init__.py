"""Exact and near-duplicate detection (MinHash LSH over character shingles of the clean text)."""

from zhnews.dedup.fingerprint import Fingerprint, fingerprint, normalize_text, shingles
from zhnews.dedup.index import DedupSettings, DuplicateMatch, NearDuplicateIndex
from zhnews.dedup.persist import StoreNearDuplicates, near_duplicate_check

__all__ = [
    "DedupSettings",
    "DuplicateMatch",
    "Fingerprint",
    "NearDuplicateIndex",
    "StoreNearDuplicates",
    "fingerprint",
    "near_duplicate_check",
    "normalize_text",
    "shingles",
]
