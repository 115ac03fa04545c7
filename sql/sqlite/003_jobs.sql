-- Jobs: one row per run, and a lock row per job (see sql/postgres/003_jobs.sql).
CREATE TABLE job_runs (
  id           INTEGER PRIMARY KEY,
  job          TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
  trigger      TEXT NOT NULL,
  holder       TEXT NOT NULL,
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER,
  detail       TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX job_runs_job_started ON job_runs (job, started_at);

CREATE TABLE job_locks (
  job           TEXT PRIMARY KEY,
  holder        TEXT NOT NULL,
  run_id        INTEGER NOT NULL,
  acquired_at   INTEGER NOT NULL,
  heartbeat_at  INTEGER NOT NULL
) STRICT;
