-- Comments on paragraphs (issue 17): an annotation's target kind is `block`. The CHECK of
-- contributions.target_kind is widened by rebuilding the table before this file runs
-- (migrate.rs, `Rebuild`: SQLite cannot alter a CHECK); here only what annotations add.
-- One row per annotation, keyed by its contribution: the entity whose text it is about (as the
-- outbox and the page cache name it), the text (`{entity}#{field}`, as
-- contributions.target), the block it sits on now, the words it quotes, how it is attached
-- after the text's last version (DOMAIN.md, Annotations), the block's Markdown when it was
-- written (the old wording shown with "Text geändert"), and the version it was anchored in.
CREATE TABLE annotations (
    contribution INTEGER PRIMARY KEY REFERENCES contributions (id),
    entity TEXT NOT NULL,
    text TEXT NOT NULL,
    block TEXT NOT NULL,
    quote TEXT NOT NULL,
    anchoring TEXT NOT NULL DEFAULT 'by_id' CHECK (anchoring IN ('by_id', 'by_quote', 'text_changed')),
    wording TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX annotations_by_text ON annotations (text, block);
CREATE INDEX annotations_by_entity ON annotations (entity);
