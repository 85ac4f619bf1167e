-- Answers (Rückmeldungen) to contributions, their links to what they changed, the department
-- that owns a process, and the author's choice to be told by mail (issue 17). Answers are
-- history: a new answer never replaces a row; `answer_current` names the one that counts.
ALTER TABLE processes ADD COLUMN owner TEXT;       -- department code; NULL: none named
ALTER TABLE accounts ADD COLUMN notify_answers INTEGER NOT NULL DEFAULT 0;  -- 1: mail on answers and replies
ALTER TABLE accounts ADD COLUMN notify_token TEXT;  -- random; the mails' stop link carries it, it can do nothing else

CREATE TABLE answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contribution INTEGER NOT NULL REFERENCES contributions (id),
    state TEXT NOT NULL CHECK (state IN ('under_review', 'adopted', 'partially_adopted', 'not_adopted')),
    reasoning TEXT NOT NULL,
    department TEXT NOT NULL DEFAULT '',  -- code of the department it is given for; '' for the editorial team
    author INTEGER NOT NULL REFERENCES accounts (id),  -- never shown: answers speak for a department
    created_at INTEGER NOT NULL
);
CREATE INDEX answers_by_contribution ON answers (contribution, id);

-- What an answer says a contribution changed: a goal or measure (version NULL) or one version of an
-- editable text (entity key as in the editorial workflow, e.g. `area:2021/infrastruktur`).
CREATE TABLE answer_links (
    answer INTEGER NOT NULL REFERENCES answers (id),
    entity TEXT NOT NULL,
    version INTEGER,
    position INTEGER NOT NULL,
    PRIMARY KEY (answer, position)
);
CREATE INDEX answer_links_by_entity ON answer_links (entity);

-- The answer that counts for each answered contribution, written with it in one transaction.
CREATE TABLE answer_current (
    contribution INTEGER PRIMARY KEY REFERENCES contributions (id),
    answer INTEGER NOT NULL REFERENCES answers (id),
    state TEXT NOT NULL,
    answered_at INTEGER NOT NULL
);
CREATE INDEX answer_current_by_state ON answer_current (state);
