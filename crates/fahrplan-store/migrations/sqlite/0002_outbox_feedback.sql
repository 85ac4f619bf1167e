-- The outbox: every write that changes searchable or cached content appends a row here in the
-- same transaction; each node applies rows in sequence order (ARCHITECTURE.md, Data).
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    topic TEXT NOT NULL,
    entity TEXT NOT NULL
);

-- Messages sent through the feedback form of the accessibility statement (BITV 2.0 § 7).
CREATE TABLE accessibility_feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    page_url TEXT,
    message TEXT NOT NULL,
    name TEXT,
    email TEXT
);
