"""Near-duplicate detection during ingest, with the index persisted in the knowledge base.

``near_duplicate_check(store)`` is what ``zhnews.run.ingest`` calls for every new document
before it is written: it loads the signatures stored by earlier ingests (and fingerprints any
stored document that has none yet), then checks and indexes each new document, writing new
signatures to the store in batches.
"""

from __future__ import annotations

from typing import Any

from zhnews.dedup.fingerprint import Fingerprint
from zhnews.dedup.index import DedupSettings, NearDuplicateIndex

FLUSH_EVERY = 256


class StoreNearDuplicates:
    """Callable ``PreparedDocument -> source of the earlier report | None``, backed by the store.

    Index keys are content keys (a renamed file with the same text is the same document);
    answers are sources, as the record contract wants.
    """

    def __init__(self, store: Any, settings: DedupSettings | None = None) -> None:
        from zhnews.kb import tables

        self.store = store
        self.index = NearDuplicateIndex(settings)
        # workers fingerprint with the default settings (zhnews.run.shard); others: made here
        self._worker_prints = self.index.settings == DedupSettings()
        self._source: dict[str, str] = {}
        self._pending: list[tuple[str, str, str | None, int, int, bytes]] = []
        by_source: dict[str, str] = {}
        entries = []
        for key, source, dup, size, sig in tables.load_signatures(store, self.index.settings.num_perm):
            self._source[key] = source
            by_source[source] = key
            entries.append((key, by_source.get(dup) if dup else None, size, sig))
        self.index.load(entries)
        # documents stored without a signature (an interrupted run, or stored before dedup existed)
        for key, source, text, dup in tables.documents_without_signature(store):
            self._remember(key, source, text, by_source.get(dup) if dup else None)
            by_source[source] = key
        self.flush()

    def _remember(self, key: str, source: str, text: str, duplicate_of: str | None) -> None:
        fp = self.index.fingerprint(text)
        self.index.add(key, fp, duplicate_of=duplicate_of)
        self._source.setdefault(key, source)
        root = self.index.root_of(key)
        dup_source = self._source.get(root) if root and root != key else None
        self._pending.append((key, source, dup_source, fp.size, self.index.settings.num_perm, fp.to_bytes()))

    def __call__(self, prepared: Any) -> str | None:
        key, doc = prepared.content_key, prepared.doc
        if key in self.index:
            root = self.index.root_of(key)
            return self._source.get(root) if root and root != key else None
        fp = prepared.fingerprint if self._worker_prints and isinstance(prepared.fingerprint, Fingerprint) else None
        if fp is None:
            fp = self.index.fingerprint(doc.text)
        match = self.index.check(fp)
        root = match.key if match else None
        self.index.add(key, fp, duplicate_of=root)
        self._source[key] = doc.source
        dup_source = self._source.get(root) if root else None
        self._pending.append((key, doc.source, dup_source, fp.size, self.index.settings.num_perm, fp.to_bytes()))
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()
        return dup_source

    def flush(self) -> None:
        """Write the signatures not yet stored (also recomputed by the next ingest if lost)."""
        from zhnews.kb import tables

        if self._pending:
            tables.save_signatures(self.store, self._pending)
            self._pending = []

    def close(self) -> None:
        self.flush()


def near_duplicate_check(store: Any, settings: DedupSettings | None = None) -> StoreNearDuplicates:
    """The near-duplicate check ``zhnews.api.ingest`` hands to the ingest loop for ``store``."""
    return StoreNearDuplicates(store, settings)
