-- The near-duplicate LSH index in the database (zhnews.dedup.persist): one row per band of each
-- stored signature, so an ingest asks for the candidates of a new document with one indexed
-- query instead of loading every signature at start. band_hash: the band's 64-bit hash
-- (zhnews.dedup.index.band_hashes) stored as a signed int64; signature_id: dedup_signatures.id
-- (8 bytes instead of the 40-character content key, in a table with ~37 rows per document).
-- WITHOUT ROWID: the primary key is the table, one b-tree instead of a table and an index.
--
-- dedup_state holds the progress markers of zhnews.dedup.persist:
--   bands_missing_through: signatures with id <= this were stored before this table existed;
--     the first ingest computes their bands (bands_done_through says how far it got);
--   documents_checked_through: documents with id <= this have been given a signature;
--   lsh_num_perm, lsh_bands, lsh_rows: the band layout the rows of dedup_bands were made with.

CREATE TABLE dedup_bands (
    band_hash BIGINT NOT NULL,
    signature_id BIGINT NOT NULL,
    PRIMARY KEY (band_hash, signature_id)
) WITHOUT ROWID;

CREATE TABLE dedup_state (
    key TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

INSERT INTO dedup_state (key, value) SELECT 'bands_missing_through', coalesce(max(id), 0) FROM dedup_signatures;
INSERT INTO dedup_state (key, value) VALUES ('bands_done_through', 0);
