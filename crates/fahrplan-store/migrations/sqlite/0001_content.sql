-- Strategy content: editions, areas, goals, measures, departments, processes, pages.
-- Keys are the slugs and codes that appear in URLs and content files.
CREATE TABLE content_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    default_edition TEXT NOT NULL,
    demonstration BIGINT NOT NULL
);

CREATE TABLE departments (
    code TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    cabinet TEXT,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    successor TEXT REFERENCES departments (code) DEFERRABLE INITIALLY DEFERRED,
    note TEXT,
    updated TEXT NOT NULL
);

CREATE TABLE editions (
    slug TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    short_title TEXT NOT NULL,
    status TEXT NOT NULL,
    adopted_on TEXT,
    horizon_year BIGINT,
    predecessor TEXT REFERENCES editions (slug) DEFERRABLE INITIALLY DEFERRED,
    summary TEXT NOT NULL,
    vision TEXT NOT NULL,
    leichte_sprache TEXT,
    updated TEXT NOT NULL
);

CREATE TABLE areas (
    edition TEXT NOT NULL REFERENCES editions (slug) DEFERRABLE INITIALLY DEFERRED,
    slug TEXT NOT NULL,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent TEXT,
    summary TEXT NOT NULL,
    body TEXT,
    baseline TEXT,
    leichte_sprache TEXT,
    updated TEXT NOT NULL,
    PRIMARY KEY (edition, slug),
    FOREIGN KEY (edition, parent) REFERENCES areas (edition, slug) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE area_successions (
    from_edition TEXT NOT NULL,
    from_area TEXT NOT NULL,
    position BIGINT NOT NULL,
    to_edition TEXT NOT NULL,
    to_area TEXT NOT NULL,
    PRIMARY KEY (from_edition, from_area, to_edition, to_area),
    FOREIGN KEY (from_edition, from_area) REFERENCES areas (edition, slug) DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (to_edition, to_area) REFERENCES areas (edition, slug) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE facts (
    owner TEXT NOT NULL,
    position BIGINT NOT NULL,
    label TEXT NOT NULL,
    value TEXT NOT NULL,
    as_of TEXT NOT NULL,
    source TEXT NOT NULL,
    source_url TEXT,
    PRIMARY KEY (owner, position)
);

CREATE TABLE goals (
    slug TEXT PRIMARY KEY,
    edition TEXT NOT NULL,
    area TEXT NOT NULL,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    lead TEXT NOT NULL REFERENCES departments (code) DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (edition, area) REFERENCES areas (edition, slug) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX goals_area ON goals (edition, area);

CREATE TABLE goal_partners (
    goal TEXT NOT NULL REFERENCES goals (slug) DEFERRABLE INITIALLY DEFERRED,
    position BIGINT NOT NULL,
    department TEXT NOT NULL REFERENCES departments (code) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (goal, department)
);
CREATE INDEX goal_partners_department ON goal_partners (department);

CREATE TABLE measures (
    slug TEXT PRIMARY KEY,
    edition TEXT NOT NULL,
    area TEXT NOT NULL,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    lead TEXT NOT NULL REFERENCES departments (code) DEFERRABLE INITIALLY DEFERRED,
    start_on TEXT,
    planned_end TEXT,
    actual_end TEXT,
    budget_planned_eur BIGINT,
    budget_spent_eur BIGINT,
    budget_source TEXT,
    source_url TEXT,
    external_id TEXT,
    FOREIGN KEY (edition, area) REFERENCES areas (edition, slug) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX measures_area ON measures (edition, area);
CREATE INDEX measures_lead ON measures (lead);

CREATE TABLE measure_partners (
    measure TEXT NOT NULL REFERENCES measures (slug) DEFERRABLE INITIALLY DEFERRED,
    position BIGINT NOT NULL,
    department TEXT NOT NULL REFERENCES departments (code) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (measure, department)
);
CREATE INDEX measure_partners_department ON measure_partners (department);

CREATE TABLE measure_goals (
    measure TEXT NOT NULL REFERENCES measures (slug) DEFERRABLE INITIALLY DEFERRED,
    position BIGINT NOT NULL,
    goal TEXT NOT NULL REFERENCES goals (slug) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (measure, goal)
);
CREATE INDEX measure_goals_goal ON measure_goals (goal);

-- History: rows are appended, never edited; the latest position is the current status.
CREATE TABLE measure_status_changes (
    measure TEXT NOT NULL REFERENCES measures (slug) DEFERRABLE INITIALLY DEFERRED,
    position BIGINT NOT NULL,
    changed_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'delayed', 'stopped')),
    note TEXT,
    PRIMARY KEY (measure, position)
);

CREATE TABLE processes (
    slug TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    edition TEXT REFERENCES editions (slug) DEFERRABLE INITIALLY DEFERRED,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    participants BIGINT,
    written_statements BIGINT,
    updated TEXT NOT NULL
);

CREATE TABLE phases (
    process TEXT NOT NULL REFERENCES processes (slug) DEFERRABLE INITIALLY DEFERRED,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    body TEXT NOT NULL,
    participants BIGINT,
    PRIMARY KEY (process, position)
);

CREATE TABLE pages (
    slug TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    leichte_sprache TEXT,
    updated TEXT NOT NULL
);
