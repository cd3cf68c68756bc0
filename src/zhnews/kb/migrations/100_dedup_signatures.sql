-- Near-duplicate detection state (zhnews.dedup): one MinHash signature per stored document, in
-- arrival order (id), so a later ingest reloads the index and continues where the last one ended.
-- signature: hex of the little-endian uint32 hash values; shingles: the shingle-set size (for
-- containment estimates); duplicate_of: the source of the first report this one copies.

CREATE TABLE dedup_signatures (
    id AUTO_ID,
    content_key TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    shingles INTEGER NOT NULL,
    num_perm INTEGER NOT NULL,
    signature TEXT NOT NULL,
    duplicate_of TEXT
);
