-- The editorial workflow (issue 16): every published state of an editable entity as a
-- numbered version (texts as blocks with stable ids), and the changes staff propose.

CREATE TABLE entity_versions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    entity      TEXT NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    record      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('content', 'editorial')),
    author_id   INTEGER REFERENCES accounts (id),
    reviewer_id INTEGER REFERENCES accounts (id),
    change_id   INTEGER,
    UNIQUE (entity, version)
);

CREATE TRIGGER entity_versions_no_update BEFORE UPDATE ON entity_versions
BEGIN
    SELECT RAISE(ABORT, 'entity_versions are append-only');
END;

CREATE TABLE editorial_changes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    entity       TEXT NOT NULL,
    base_version INTEGER NOT NULL CHECK (base_version >= 0),
    proposal     TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'published', 'withdrawn')),
    author_id    INTEGER NOT NULL REFERENCES accounts (id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    submitted_at INTEGER,
    reviewer_id  INTEGER REFERENCES accounts (id),
    decided_at   INTEGER,
    published_version INTEGER,
    review_note  TEXT NOT NULL DEFAULT ''
);

CREATE INDEX editorial_changes_by_state ON editorial_changes (state, id);
CREATE INDEX editorial_changes_by_entity ON editorial_changes (entity, id);
