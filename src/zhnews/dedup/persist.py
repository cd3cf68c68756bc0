"""Near-duplicate detection during ingest, with the LSH index kept in the knowledge base.

``near_duplicate_check(store)`` is what ``zhnews.run.ingest`` calls for every new document
before it is written. Every checked document's MinHash signature is stored (``dedup_signatures``)
with one row per LSH band hash (``dedup_bands``, written in the same transaction). A new
document is checked with one indexed query over its band hashes, which returns the stored
signatures sharing a band; they are judged exactly as ``NearDuplicateIndex.check`` judges its
candidates. Documents of this run not yet written to the store wait in a small in-memory
``NearDuplicateIndex`` (at most ``flush_every`` of them), so the answers are those of one index
holding everything, in arrival order: nothing at start-up, and nothing in memory, grows with the
stored corpus.

Opening the check does a bounded amount of work on a current base: it computes the bands of
signatures stored before the band table existed (once, after the upgrade to migration 102),
and fingerprints stored documents that have no signature (an interrupted run, or a base made
before dedup existed) among those not yet examined plus the last ``RESCAN_TAIL`` examined
(documents a concurrent ingest had stored but not yet signed). Closing the check examines the
documents stored since its start the same way.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from zhnews.dedup.fingerprint import Fingerprint
from zhnews.dedup.index import DedupSettings, NearDuplicateIndex, band_hashes, lsh_bands

# Documents whose signatures are written in one transaction (and the most held in memory).
# Each band row dirties a page of the band table at random, so a commit writes about one page
# per row until rows outnumber pages: larger flushes write fewer pages per document.
FLUSH_EVERY = 1024
BACKFILL_CHUNK = 10_000  # old signatures given their bands per transaction, after the upgrade
RESCAN_TAIL = 4096  # documents below the last examined id that every start looks at again


class StoreNearDuplicates:
    """Callable ``PreparedDocument -> source of the earlier report | None``, backed by the store.

    Keys are content keys (a renamed file with the same text is the same document); answers are
    sources, as the record contract wants. A document is linked to the *first report* of the
    group of its best match (the closest; ties go to the earliest stored).
    """

    def __init__(self, store: Any, settings: DedupSettings | None = None, *, flush_every: int = FLUSH_EVERY) -> None:
        self.store = store
        self.settings = settings or DedupSettings()
        self.flush_every = flush_every
        # workers fingerprint with the default settings (zhnews.run.shard); others: made here
        self._worker_prints = self.settings == DedupSettings()
        self._bands, self._rows = lsh_bands(self.settings.lsh_threshold, self.settings.num_perm)
        self._reset_pending()
        state = self._check_layout()
        self._fill_missing_bands(state)
        self._examined_through = state.get("documents_checked_through", 0)
        self._sign_unsigned_documents()

    # -- the documents of this run not yet stored ----------------------------------------
    def _reset_pending(self) -> None:
        self._pending = NearDuplicateIndex(self.settings)
        self._rows_to_save: list[tuple[str, str, str | None, int, int, bytes, list[int]]] = []
        self._answer: dict[str, str | None] = {}  # pending key -> source of its first report, None: it is one
        self._source: dict[str, str] = {}  # pending key -> source
        self._root_by_source: dict[str, str] = {}  # pending source -> source of its group's first report

    def _keep(self, key: str, source: str, fp: Fingerprint, answer: str | None,
              hashes: list[int] | None = None) -> None:
        if hashes is None:
            hashes = self._hashes(fp)
        self._pending.add(key, fp)
        self._answer[key] = answer
        self._source[key] = source
        self._root_by_source[source] = answer or source
        self._rows_to_save.append((key, source, answer, fp.size, self.settings.num_perm, fp.to_bytes(), hashes))
        if len(self._rows_to_save) >= self.flush_every:
            self.flush()

    def _hashes(self, fp: Fingerprint) -> list[int]:
        """The band hashes of a signature as signed int64 (how the store keeps them); none for an
        empty text (it is nobody's duplicate)."""
        if fp.size == 0:
            return []
        return band_hashes(fp.values, self._bands, self._rows).view(np.int64).tolist()

    def fingerprint(self, text: str) -> Fingerprint:
        return NearDuplicateIndex.fingerprint_with(self.settings, text)

    # -- opening -------------------------------------------------------------------------
    def _check_layout(self) -> dict[str, int]:
        """The stored bands were made with one layout (permutations, bands, rows); record it on
        first use and refuse settings that band differently (their lookups would find nothing)."""
        from zhnews.kb import tables

        layout = {"lsh_num_perm": self.settings.num_perm, "lsh_bands": self._bands, "lsh_rows": self._rows}
        state = tables.dedup_state(self.store)
        if any(k not in state for k in layout):
            tables.record_dedup_state(self.store, layout, only_new=True)
            state = tables.dedup_state(self.store)
        stored = {k: state[k] for k in layout}
        if stored != layout:
            raise ValueError(f"this knowledge base's near-duplicate bands were made with {stored}; "
                             f"these settings band with {layout}")
        return state

    def _fill_missing_bands(self, state: dict[str, int]) -> None:
        """Bands of the signatures stored before migration 102 made the band table (once)."""
        from zhnews.kb import tables

        done, through = state.get("bands_done_through", 0), state.get("bands_missing_through", 0)
        while done < through:
            rows = tables.signatures_without_bands(self.store, done, through, self.settings.num_perm, BACKFILL_CHUNK)
            last = rows[-1][0] if len(rows) == BACKFILL_CHUNK else through
            bands = [(h, sid) for sid, size, sig in rows for h in self._hashes(Fingerprint.from_bytes(sig, size))]
            tables.save_bands(self.store, bands, done_through=last)
            done = last

    def _sign_unsigned_documents(self) -> None:
        """Fingerprint and index stored documents without a signature: those above the last
        examined id, and the ``RESCAN_TAIL`` below it (bounded work on a current base)."""
        from zhnews.kb import tables

        top = tables.last_document_id(self.store)
        after = max(0, self._examined_through - RESCAN_TAIL)
        for _id, key, source, text, dup in tables.documents_without_signature(self.store, after, top):
            root = (self._root_by_source.get(dup) or tables.signature_root_by_source(
                self.store, dup, self.settings.num_perm)) if dup else None
            self._keep(key, source, self.fingerprint(text), root)
        self.flush()
        tables.record_dedup_state(self.store, {"documents_checked_through": top})

    # -- checking ------------------------------------------------------------------------
    def __call__(self, prepared: Any) -> str | None:
        key, doc = prepared.content_key, prepared.doc
        if key in self._answer:
            return self._answer[key]
        fp = prepared.fingerprint if self._worker_prints and isinstance(prepared.fingerprint, Fingerprint) else None
        if fp is None:
            fp = self.fingerprint(doc.text)
        if len(fp) != self.settings.num_perm:
            raise ValueError(f"fingerprint has {len(fp)} permutations, settings say {self.settings.num_perm}")
        answer, hashes = None, self._hashes(fp)
        if fp.size:
            known, answer = self._check(key, fp, hashes)
            if known:
                return answer
        self._keep(key, doc.source, fp, answer, hashes)
        return answer

    def _check(self, key: str, fp: Fingerprint, hashes: list[int]) -> tuple[bool, str | None]:
        """(key already stored?, source of the first report of the best match's group or None).
        Stored candidates come first, in arrival order, then the pending ones: a later candidate
        wins only when strictly closer, as in ``NearDuplicateIndex.check``."""
        from zhnews.kb import tables

        candidates = tables.near_duplicate_candidates(self.store, hashes, key, self.settings.num_perm)
        for _id, ckey, _source, dup, _size, _sig in candidates:
            if ckey == key:  # stored already (an earlier run, or a flushed part of this one): its answer
                return True, dup
        best: tuple[float, float] | None = None
        root = None
        for _id, _key, source, dup, size, sig in candidates:
            ok, j, c = self._pending.is_duplicate(fp, Fingerprint.from_bytes(sig, size))
            if ok and (best is None or (j, c) > best):
                best, root = (j, c), dup or source
        match = self._pending.check(fp)
        if match is not None and (best is None or (match.jaccard, match.containment) > best):
            root = self._answer[match.nearest] or self._source[match.nearest]
        return False, root

    def flush(self) -> None:
        """Write the signatures (with their bands) of the documents checked since the last flush."""
        from zhnews.kb import tables

        if self._rows_to_save:
            tables.save_signatures(self.store, self._rows_to_save)
        self._reset_pending()

    def close(self) -> None:
        """Write what is pending, then sign the documents stored since the start that still
        have no signature (those of a concurrent ingest that stopped; work bounded by what was
        stored during the run), so that the next start examines only the ``RESCAN_TAIL``."""
        self.flush()
        self._sign_unsigned_documents()


def near_duplicate_check(store: Any, settings: DedupSettings | None = None) -> StoreNearDuplicates:
    """The near-duplicate check ``zhnews.api.ingest`` hands to the ingest loop for ``store``."""
    return StoreNearDuplicates(store, settings)
