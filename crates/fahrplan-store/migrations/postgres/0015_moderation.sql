-- Moderation, finished (issue 17): every hiding of a contribution (by a moderator, or by reports
-- of enough different accounts), the author's one objection per hiding with the moderators'
-- answer, and the warnings and blocks of accounts. The contributions table keeps its columns:
-- a hidden contribution without a public reason is one hidden by reports, awaiting review.
-- Contribution ids are not declared as foreign keys here, so a later rebuild of the
-- contributions table does not have to carry these tables along.
CREATE TABLE hidings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contribution BIGINT NOT NULL,
    process TEXT NOT NULL,             -- the contribution's process, for the public figures
    by_reports BOOLEAN NOT NULL DEFAULT FALSE,
    hidden_at BIGINT NOT NULL,
    reviewed_at BIGINT,               -- a moderator decided; set at once for a moderator's hiding
    restored_at BIGINT,               -- shown again: the hiding ended
    objection TEXT,                    -- the author's objection, at most one per hiding
    objected_at BIGINT,
    objection_outcome TEXT CHECK (objection_outcome IN ('restored', 'upheld')),
    objection_answer TEXT,             -- the moderators' answer to the author
    answered_at BIGINT
);
CREATE INDEX hidings_by_contribution ON hidings (contribution, id);
CREATE INDEX hidings_by_process ON hidings (process);
CREATE INDEX hidings_open_objections ON hidings (answered_at, objected_at);

-- Contributions hidden before this migration count as hidden by a moderator.
INSERT INTO hidings (contribution, process, by_reports, hidden_at, reviewed_at)
SELECT id, process, FALSE, created_at, created_at FROM contributions WHERE state = 'hidden';

CREATE TABLE account_sanctions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account BIGINT NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL CHECK (kind IN ('warning', 'block')),
    reason TEXT NOT NULL,              -- shown to the person
    process TEXT,                      -- process of the contribution it was about, for the figures
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES accounts (id),
    lifted_at BIGINT,                 -- a block ends when a moderator lifts it
    lifted_by BIGINT REFERENCES accounts (id)
);
CREATE INDEX account_sanctions_by_account ON account_sanctions (account, kind, lifted_at);
CREATE INDEX account_sanctions_by_process ON account_sanctions (process);
