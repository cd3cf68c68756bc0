-- Core knowledge-base tables: documents, their sources, rejects and the per-document facts.
-- Portable SQL (SQLite and PostgreSQL). AUTO_ID is replaced by the runner with the dialect's
-- auto-increment primary key. Every fact keeps its character span [start_char, end_char)
-- into documents.text.

CREATE TABLE documents (
    id AUTO_ID,
    content_key TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    format TEXT,
    encoding TEXT,
    title TEXT,
    published TEXT,
    publisher TEXT,
    url TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    dateline_place TEXT,
    flags TEXT NOT NULL DEFAULT '[]',
    text TEXT NOT NULL,
    chars INTEGER NOT NULL,
    duplicate_of TEXT,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_publisher ON documents (publisher, published);
CREATE INDEX documents_duplicate_of ON documents (duplicate_of);

CREATE TABLE sources (
    source TEXT PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    first_seen TEXT NOT NULL
);
CREATE INDEX sources_document ON sources (document_id);

CREATE TABLE rejects (
    source TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    stage TEXT NOT NULL DEFAULT '',
    rejected_at TEXT NOT NULL
);

CREATE TABLE entities (
    id AUTO_ID,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX entities_document ON entities (document_id);
CREATE INDEX entities_name ON entities (type, name);

CREATE TABLE mentions (
    entity_id BIGINT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL
);
CREATE INDEX mentions_entity ON mentions (entity_id);
CREATE INDEX mentions_document ON mentions (document_id);

CREATE TABLE roles (
    id AUTO_ID,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    person TEXT NOT NULL,
    title TEXT NOT NULL,
    organization TEXT,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL
);
CREATE INDEX roles_document ON roles (document_id);
CREATE INDEX roles_person ON roles (person);

CREATE TABLE events (
    id AUTO_ID,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    date TEXT,
    place TEXT,
    name TEXT,
    trigger TEXT NOT NULL DEFAULT '',
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL
);
CREATE INDEX events_document ON events (document_id);
CREATE INDEX events_date ON events (date);

CREATE TABLE event_participants (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (event_id, position)
);
CREATE INDEX event_participants_name ON event_participants (name);

CREATE TABLE figures (
    id AUTO_ID,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    value DOUBLE PRECISION NOT NULL,
    unit TEXT NOT NULL,
    text TEXT NOT NULL,
    approx TEXT,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL
);
CREATE INDEX figures_document ON figures (document_id);
