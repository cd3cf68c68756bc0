-- Full-text index (PostgreSQL): a tsvector of the same index tokens zhnews.kb.tokenize makes
-- (built in Python with positions, no text-search parser involved, so Han characters and
-- bigrams index as-is with the 'simple' semantics), GIN-indexed. Weights: A title, D body.
CREATE TABLE doc_search (
    document_id BIGINT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    tsv TSVECTOR NOT NULL
);
CREATE INDEX doc_search_tsv ON doc_search USING GIN (tsv);
