-- Resumable runs of the score updater (backend/scoring/score_updater.h). A run fixes its
-- scoring time and the last event id it covers when it starts, lists the users it must
-- score in score_candidates, and commits scores in chunks of users in id order together
-- with run_cursor; after a crash the next run resumes after run_cursor with the same
-- scoring time, so it writes exactly what the interrupted run would have written.
ALTER TABLE score_progress ADD COLUMN run_as_of BIGINT;          -- NULL when no run is pending
ALTER TABLE score_progress ADD COLUMN run_max_event_id BIGINT;   -- events up to this id are seen
ALTER TABLE score_progress ADD COLUMN run_all_users BOOLEAN;     -- every user, not score_candidates
ALTER TABLE score_progress ADD COLUMN run_cursor TEXT;           -- users up to this id are written

-- The users a pending run must score (not used when it scores everyone).
CREATE TABLE score_candidates (
  user_id  TEXT PRIMARY KEY
);
