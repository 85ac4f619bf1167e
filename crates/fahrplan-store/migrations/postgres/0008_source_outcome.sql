-- Readers see a measure's source by its title, not as a bare address (issue 14), and an open
-- process says what happens with the contributions. Both optional; NULL: not given.
ALTER TABLE measures ADD COLUMN source TEXT;
ALTER TABLE processes ADD COLUMN outcome TEXT;
