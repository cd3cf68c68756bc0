-- The knowledge base computed over all documents (zhnews.kb.build): resolved entities with their
-- names and mentions, careers (roles), merged events with every report as a source, sectors.
-- These tables are derived: the build pass rewrites them from the per-document facts, so they
-- always agree with the documents stored. Every fact row keeps document_id and its character
-- span [start_char, end_char) into documents.text.

CREATE TABLE kb_entities (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    documents INTEGER NOT NULL DEFAULT 0,
    mentions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX kb_entities_type_name ON kb_entities (type, name);

CREATE TABLE kb_entity_names (
    name TEXT NOT NULL,
    entity_id TEXT NOT NULL REFERENCES kb_entities (id) ON DELETE CASCADE,
    PRIMARY KEY (name, entity_id)
);
CREATE INDEX kb_entity_names_entity ON kb_entity_names (entity_id);

CREATE TABLE kb_mentions (
    entity_id TEXT NOT NULL REFERENCES kb_entities (id) ON DELETE CASCADE,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX kb_mentions_entity ON kb_mentions (entity_id);
CREATE INDEX kb_mentions_document ON kb_mentions (document_id);

CREATE TABLE kb_roles (
    id AUTO_ID,
    person_id TEXT NOT NULL REFERENCES kb_entities (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    organization_id TEXT REFERENCES kb_entities (id) ON DELETE CASCADE,
    date TEXT,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX kb_roles_person ON kb_roles (person_id, date);
CREATE INDEX kb_roles_organization ON kb_roles (organization_id);

CREATE TABLE kb_events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    date TEXT,
    place_id TEXT REFERENCES kb_entities (id) ON DELETE SET NULL,
    name TEXT,
    sectors TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX kb_events_date ON kb_events (date);
CREATE INDEX kb_events_type ON kb_events (type, date);

CREATE TABLE kb_event_participants (
    event_id TEXT NOT NULL REFERENCES kb_events (id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES kb_entities (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, entity_id)
);
CREATE INDEX kb_event_participants_entity ON kb_event_participants (entity_id);

CREATE TABLE kb_event_sources (
    event_id TEXT NOT NULL REFERENCES kb_events (id) ON DELETE CASCADE,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX kb_event_sources_event ON kb_event_sources (event_id);
CREATE INDEX kb_event_sources_document ON kb_event_sources (document_id);

CREATE TABLE kb_document_sectors (
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    sector TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (document_id, sector)
);
CREATE INDEX kb_document_sectors_sector ON kb_document_sectors (sector);

CREATE TABLE kb_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
