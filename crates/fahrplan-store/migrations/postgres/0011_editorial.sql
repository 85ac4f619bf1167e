-- The editorial workflow (issue 16): every published state of an editable entity as a
-- numbered version (texts as blocks with stable ids), and the changes staff propose.

CREATE TABLE entity_versions (
    id          BIGSERIAL PRIMARY KEY,
    entity      TEXT NOT NULL,
    version     BIGINT NOT NULL CHECK (version >= 1),
    record      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('content', 'editorial')),
    author_id   BIGINT REFERENCES accounts (id),
    reviewer_id BIGINT REFERENCES accounts (id),
    change_id   BIGINT,
    UNIQUE (entity, version)
);

CREATE FUNCTION entity_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'entity_versions are append-only';
END;
$$;

CREATE TRIGGER entity_versions_no_update BEFORE UPDATE ON entity_versions
    FOR EACH ROW EXECUTE FUNCTION entity_versions_append_only();

CREATE TABLE editorial_changes (
    id           BIGSERIAL PRIMARY KEY,
    entity       TEXT NOT NULL,
    base_version BIGINT NOT NULL CHECK (base_version >= 0),
    proposal     TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'published', 'withdrawn')),
    author_id    BIGINT NOT NULL REFERENCES accounts (id),
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    submitted_at BIGINT,
    reviewer_id  BIGINT REFERENCES accounts (id),
    decided_at   BIGINT,
    published_version BIGINT,
    review_note  TEXT NOT NULL DEFAULT ''
);

CREATE INDEX editorial_changes_by_state ON editorial_changes (state, id);
CREATE INDEX editorial_changes_by_entity ON editorial_changes (entity, id);
