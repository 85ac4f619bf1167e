-- Comments on paragraphs (issue 17): an annotation's target kind is `block`; see the SQLite
-- twin for the annotations table. PostgreSQL changes the CHECK in place.
ALTER TABLE contributions DROP CONSTRAINT contributions_target_kind_check;
ALTER TABLE contributions ADD CONSTRAINT contributions_target_kind_check
    CHECK (target_kind IN ('process', 'edition', 'area', 'goal', 'measure', 'block'));

CREATE TABLE annotations (
    contribution BIGINT PRIMARY KEY REFERENCES contributions (id),
    entity TEXT NOT NULL,
    text TEXT NOT NULL,
    block TEXT NOT NULL,
    quote TEXT NOT NULL,
    anchoring TEXT NOT NULL DEFAULT 'by_id' CHECK (anchoring IN ('by_id', 'by_quote', 'text_changed')),
    wording TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX annotations_by_text ON annotations (text, block);
CREATE INDEX annotations_by_entity ON annotations (entity);
