-- Accounts, roles, sessions, one-time tokens, second factors, consents and the audit log
-- (issue "Accounts, roles and security"). Times are Unix seconds (UTC) so expiry compares as
-- numbers on both backends.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT UNIQUE,                 -- trimmed and lowercased; NULL once the account is deleted
    display_name TEXT NOT NULL,        -- the public pseudonym; empty once deleted
    password_hash TEXT,                -- argon2id PHC string; NULL once deleted
    created_at INTEGER NOT NULL,
    verified_at INTEGER,
    deleted_at INTEGER,
    totp_secret TEXT,                  -- base32 secret of a confirmed authenticator app
    totp_pending TEXT,                 -- secret shown during set-up, not yet confirmed
    totp_last_step INTEGER             -- last accepted time step: a code works only once
);

CREATE TABLE account_roles (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    department TEXT NOT NULL DEFAULT '',  -- editors are scoped to departments; '' otherwise
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, role, department)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,          -- SHA-256 of the cookie value; the value is never stored
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    idle_expires_at INTEGER NOT NULL,
    absolute_expires_at INTEGER NOT NULL,
    second_factor INTEGER NOT NULL DEFAULT 0,  -- 1 once TOTP or a recovery code was given
    ip TEXT,                                   -- cleared after 7 days
    user_agent TEXT
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,                -- confirm | reset | email
    new_email TEXT,                       -- for purpose = email
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX account_tokens_account ON account_tokens (account_id);

CREATE TABLE recovery_codes (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (account_id, code_hash)
);

CREATE TABLE consents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                   -- art9_political_opinions
    version TEXT NOT NULL,                -- version of the text the person agreed to
    given_at INTEGER NOT NULL,
    withdrawn_at INTEGER
);

-- Append-only and hash-chained: each row's hash covers the previous row's hash.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_id INTEGER,                     -- account that acted; NULL for the command line
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
