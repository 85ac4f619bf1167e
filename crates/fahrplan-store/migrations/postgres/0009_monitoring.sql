-- Monitoring (DOMAIN.md, Monitoring; issue 15): regions and indicators come with the content,
-- observations from the content, forms, CSV files or the API. Progress and trajectory are derived
-- when read, never stored.

CREATE TABLE regions (
    key TEXT PRIMARY KEY,                -- official key: 06, 064, 06411
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('land', 'regierungsbezirk', 'kreis')),
    kind TEXT CHECK (kind IN ('landkreis', 'kreisfreie_stadt')),
    parent TEXT REFERENCES regions (key) DEFERRABLE INITIALLY DEFERRED,
    grid_row BIGINT,                     -- tile of the tile map, 1-based
    grid_column BIGINT
);

CREATE TABLE indicators (
    slug TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    edition TEXT NOT NULL,
    area TEXT NOT NULL,
    owner TEXT NOT NULL REFERENCES departments (code) DEFERRABLE INITIALLY DEFERRED,
    summary TEXT NOT NULL,
    example BIGINT NOT NULL,             -- 1: invented figures that show how the pages look
    rule_definition TEXT NOT NULL,
    rule_denominator TEXT NOT NULL,
    rule_source TEXT NOT NULL,
    baseline_value DOUBLE PRECISION NOT NULL,
    baseline_period TEXT NOT NULL,
    baseline_source TEXT NOT NULL,
    baseline_source_url TEXT,
    target_value DOUBLE PRECISION,
    target_period TEXT,
    target_source TEXT,
    target_source_url TEXT,
    reference_label TEXT,
    reference_value DOUBLE PRECISION,
    reference_period TEXT,
    reference_source TEXT,
    reference_source_url TEXT,
    FOREIGN KEY (edition, area) REFERENCES areas (edition, slug) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX indicators_area ON indicators (edition, area);
CREATE INDEX indicators_owner ON indicators (owner);

CREATE TABLE indicator_goals (
    indicator TEXT NOT NULL REFERENCES indicators (slug) DEFERRABLE INITIALLY DEFERRED,
    position BIGINT NOT NULL,
    goal TEXT NOT NULL REFERENCES goals (slug) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (indicator, goal)
);
CREATE INDEX indicator_goals_goal ON indicator_goals (goal);

-- History: rows are appended, never changed. A row is identified by (indicator, period, region);
-- a later row for the same key is a correction of the earlier one, which stays readable.
CREATE TABLE observations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator TEXT NOT NULL REFERENCES indicators (slug) DEFERRABLE INITIALLY DEFERRED,
    period TEXT NOT NULL,                -- 2023, 2023-Q2, 2023-06 or 2023-06-30
    period_end TEXT NOT NULL,            -- the period's last day (YYYY-MM-DD), the time axis
    region TEXT NOT NULL DEFAULT '',     -- official key; '' for the whole Land
    value DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    source_url TEXT,
    note TEXT,
    origin TEXT NOT NULL CHECK (origin IN ('content', 'form', 'csv', 'api')),
    recorded_at TEXT NOT NULL,           -- RFC 3339, UTC
    recorded_by BIGINT                   -- the account that entered it (forms, CSV, API)
);
-- An indicator's rows by region and period (its history, its corrections, whether it has
-- regional values), and the Land's values of every indicator.
CREATE INDEX observations_key ON observations (indicator, region, period, id);
CREATE INDEX observations_land ON observations (region, id);

CREATE FUNCTION observations_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'observations are append-only';
END;
$$;

CREATE TRIGGER observations_no_update BEFORE UPDATE ON observations
    FOR EACH ROW EXECUTE FUNCTION observations_append_only();
