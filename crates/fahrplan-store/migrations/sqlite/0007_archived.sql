-- Archived content (DOMAIN.md, Archived; issue 13): an area, goal, measure or process that an
-- import drops while contributions refer to it stays, with the date it was withdrawn, so its
-- page and every link to it keep answering. NULL: part of the current content.
ALTER TABLE areas ADD COLUMN archived_on TEXT;
ALTER TABLE goals ADD COLUMN archived_on TEXT;
ALTER TABLE measures ADD COLUMN archived_on TEXT;
ALTER TABLE processes ADD COLUMN archived_on TEXT;
