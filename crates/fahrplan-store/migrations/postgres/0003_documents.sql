-- Imported documents (`fahrplan import documents`): searchable alongside the strategy.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    url TEXT,
    imported_at TEXT NOT NULL
);
