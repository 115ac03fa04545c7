-- Lead scoring: see sql/postgres/004_lead_scoring.sql.
CREATE TABLE models (
  version      TEXT PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('logreg', 'gbdt')),
  model_json   TEXT NOT NULL,
  metrics      TEXT NOT NULL DEFAULT '{}',
  trained_at   INTEGER NOT NULL,
  is_current   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX models_one_current ON models (is_current) WHERE is_current;

ALTER TABLE users ADD COLUMN lead_score REAL;
ALTER TABLE users ADD COLUMN lead_tier TEXT;
ALTER TABLE users ADD COLUMN lead_reasons TEXT;
ALTER TABLE users ADD COLUMN previous_score REAL;
ALTER TABLE users ADD COLUMN scored_at INTEGER;
ALTER TABLE users ADD COLUMN scored_model TEXT;
ALTER TABLE users ADD COLUMN rescore_after INTEGER;
CREATE INDEX users_lead_score ON users (lead_score DESC);

CREATE TABLE score_progress (
  model_version  TEXT PRIMARY KEY,
  last_event_id  INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;
