-- a row of the history is a transfer of one table, or a compare of one table (a dry run,
-- which wrote nothing); a mirror's deletions are counted; a compare keeps what it found as
-- {"new": n, "changed": n, "identical": n, "only_target": n}
ALTER TABLE transfers ADD COLUMN kind TEXT NOT NULL DEFAULT 'transfer'
  CHECK (kind IN ('transfer', 'compare'));
ALTER TABLE transfers ADD COLUMN records_deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE transfers ADD COLUMN compare_summary TEXT;
