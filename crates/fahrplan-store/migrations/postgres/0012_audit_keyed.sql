-- The audit chain is keyed from now on (HMAC-SHA256 with a key kept outside the database).
-- `key_id` names the key an entry was written with; NULL marks an entry an older version wrote
-- with plain SHA-256. Once one entry is keyed, every later entry must be (`fahrplan audit verify`).
ALTER TABLE audit_log ADD COLUMN key_id TEXT;
