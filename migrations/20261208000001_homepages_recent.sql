-- The landing page lists the homepages changed last: read from this index's end instead of
-- sorting every homepage on each render.
CREATE INDEX ix_homepages_recent ON homepages (updated_at, user_id);
