-- Contributions and supports (DOMAIN.md, Participation). A phase lists what it allows; a
-- contribution names its process and target by slug, because content imports replace processes
-- and areas while contributions must stay. Times are Unix seconds (UTC).
ALTER TABLE phases ADD COLUMN allows TEXT NOT NULL DEFAULT '';  -- comma-separated wire values

CREATE TABLE contributions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    process TEXT NOT NULL,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('process', 'edition', 'area', 'goal', 'measure')),
    target TEXT NOT NULL DEFAULT '',     -- slug of the target; '' for the process itself
    kind TEXT NOT NULL CHECK (kind IN ('proposal', 'comment', 'annotation', 'statement')),
    author BIGINT NOT NULL REFERENCES accounts (id),  -- kept when the account is deleted: shown as "gelöschtes Konto"
    author_role TEXT,                    -- expert or council_member for statements
    parent BIGINT REFERENCES contributions (id),
    title TEXT NOT NULL DEFAULT '',      -- proposals have one
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    state TEXT NOT NULL DEFAULT 'visible' CHECK (state IN ('visible', 'hidden', 'withdrawn')),
    state_reason TEXT,                   -- the public reason for hiding
    supports_count BIGINT NOT NULL DEFAULT 0  -- kept with the supports, in the same transaction
);
-- Pages of top-level contributions, newest or most supported first, all or about one target:
-- the page's ids come from these indexes alone, however deep the page.
CREATE INDEX contributions_newest ON contributions (process, parent, id);
CREATE INDEX contributions_supported ON contributions (process, parent, supports_count, id);
CREATE INDEX contributions_about ON contributions (process, target_kind, target, parent, id);
CREATE INDEX contributions_by_target ON contributions (target_kind, target);
CREATE INDEX contributions_by_author ON contributions (author);
CREATE INDEX contributions_by_parent ON contributions (parent);

CREATE TABLE supports (
    contribution BIGINT NOT NULL REFERENCES contributions (id),
    account BIGINT NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (contribution, account)  -- one support per account and contribution
);
CREATE INDEX supports_by_account ON supports (account);

-- Reports (Meldungen) of contributions to the moderators: one per account and contribution,
-- resolved together when a moderator hides the contribution or dismisses its reports.
CREATE TABLE flags (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contribution BIGINT NOT NULL REFERENCES contributions (id),
    reporter BIGINT NOT NULL REFERENCES accounts (id),
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    resolved_at BIGINT,
    outcome TEXT CHECK (outcome IN ('hidden', 'dismissed')),
    UNIQUE (contribution, reporter)
);
CREATE INDEX flags_open ON flags (resolved_at, contribution);

-- The page cache asks for the newest change that is not a contribution, every quarter second.
CREATE INDEX outbox_by_topic ON outbox (topic, seq);
