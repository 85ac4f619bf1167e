-- Feedback from the accessibility statement gets a state and who answered it (issue 16): staff
-- see what is open and the six-week answer deadline of § 6 HVBIT.
ALTER TABLE accessibility_feedback ADD COLUMN state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered'));
ALTER TABLE accessibility_feedback ADD COLUMN answered_at TEXT;
ALTER TABLE accessibility_feedback ADD COLUMN answered_by BIGINT REFERENCES accounts (id);
