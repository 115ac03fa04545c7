-- Resumable runs of the score updater: see sql/postgres/009_score_runs.sql.
ALTER TABLE score_progress ADD COLUMN run_as_of INTEGER;
ALTER TABLE score_progress ADD COLUMN run_max_event_id INTEGER;
ALTER TABLE score_progress ADD COLUMN run_all_users INTEGER;
ALTER TABLE score_progress ADD COLUMN run_cursor TEXT;

CREATE TABLE score_candidates (
  user_id  TEXT PRIMARY KEY
) STRICT;
