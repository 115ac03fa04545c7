-- Lead scoring (SPEC §8): trained model versions, and each user's current score.

-- One row per trained model. model_json is exactly the file served at GET /v1/model.
CREATE TABLE models (
  version      TEXT PRIMARY KEY,          -- "<kind>-<UTC time>Z-<hash>"
  kind         TEXT NOT NULL CHECK (kind IN ('logreg', 'gbdt')),
  model_json   TEXT NOT NULL,
  metrics      JSONB NOT NULL DEFAULT '{}',  -- AUC, log loss, calibration bins, lift by decile, split
  trained_at   BIGINT NOT NULL,
  is_current   BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX models_one_current ON models (is_current) WHERE is_current;

-- The latest score of each user, written by the score updater.
ALTER TABLE users ADD COLUMN lead_score DOUBLE PRECISION;      -- 0-100
ALTER TABLE users ADD COLUMN lead_tier TEXT;                   -- A-D
ALTER TABLE users ADD COLUMN lead_reasons JSONB;               -- [{"feature","text","points"}...]
ALTER TABLE users ADD COLUMN previous_score DOUBLE PRECISION;  -- the score before this one (trend)
ALTER TABLE users ADD COLUMN scored_at BIGINT;
ALTER TABLE users ADD COLUMN scored_model TEXT;                -- models.version
ALTER TABLE users ADD COLUMN rescore_after BIGINT;             -- when a time window next moves its features
CREATE INDEX users_lead_score ON users (lead_score DESC);

-- Where the incremental score updater stopped: events up to this id are reflected in scores.
CREATE TABLE score_progress (
  model_version  TEXT PRIMARY KEY,
  last_event_id  BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
