-- Full-text index (SQLite FTS5), contentless: only the index is stored, the text lives in
-- documents.text. Tokens are made by zhnews.kb.tokenize and given space-separated, so the
-- 'ascii' tokenizer (any non-ASCII character is a token character) just splits on spaces.
-- doc_fts: Han bigrams and words of title and body in text order (phrases = longer terms).
-- doc_chars: the distinct Han characters of a document (one-character terms), presence only.
-- Both also hold the filter tokens (publisher, year, month; zhnews.kb.tokenize.meta_tokens:
-- doc_fts in its meta column, doc_chars among the characters), so that filters are intersected
-- inside the index. Filter tokens start with a private-use character: no text token equals one.
-- rowid = documents.id in both.
CREATE VIRTUAL TABLE doc_fts USING fts5 (
    title_bi, body_bi, meta,
    content = '',
    tokenize = 'ascii'
);
CREATE VIRTUAL TABLE doc_chars USING fts5 (
    chars,
    content = '',
    tokenize = 'ascii',
    detail = 'none'
);
