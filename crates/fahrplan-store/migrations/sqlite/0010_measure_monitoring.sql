-- Milestones and independent assessments of a measure (issue 15). Milestones belong to the
-- content file: an import replaces a measure's list as a whole. Assessments are history like
-- the status: rows are appended, never edited; an import adds the entries it does not hold yet.
-- Both go with their measure when it is deleted.
CREATE TABLE measure_milestones (
    measure TEXT NOT NULL REFERENCES measures (slug) DEFERRABLE INITIALLY DEFERRED,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    due TEXT NOT NULL,
    done_on TEXT,
    PRIMARY KEY (measure, position)
);

CREATE TABLE measure_assessments (
    measure TEXT NOT NULL REFERENCES measures (slug) DEFERRABLE INITIALLY DEFERRED,
    position BIGINT NOT NULL,
    assessed_on TEXT NOT NULL,
    assessed_by TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('on_track', 'at_risk', 'off_track', 'not_assessable')),
    note TEXT,
    source_url TEXT,
    PRIMARY KEY (measure, position)
);
