-- Customer lifetime value: see sql/postgres/005_customer_value.sql.
CREATE TABLE ltv_fits (
  id                  INTEGER PRIMARY KEY,
  fitted_at           INTEGER NOT NULL,
  time_unit           TEXT NOT NULL CHECK (time_unit IN ('day', 'week', 'month')),
  calibration_start   INTEGER,
  calibration_end     INTEGER NOT NULL,
  holdout_end         INTEGER,
  customers           INTEGER NOT NULL,
  bgnbd               TEXT NOT NULL,
  gamma_gamma         TEXT,
  log_likelihood      REAL,
  converged           INTEGER NOT NULL,
  horizon             REAL NOT NULL,
  discount_rate       REAL NOT NULL,
  report              TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE TABLE customer_value (
  fit_id              INTEGER NOT NULL REFERENCES ltv_fits (id) ON DELETE CASCADE,
  user_id             TEXT NOT NULL,
  frequency           REAL NOT NULL,
  recency             REAL NOT NULL,
  age                 REAL NOT NULL,
  mean_spend          REAL,
  p_alive             REAL NOT NULL,
  expected_purchases  REAL NOT NULL,
  expected_spend      REAL,
  clv                 REAL,
  PRIMARY KEY (fit_id, user_id)
) STRICT;
CREATE INDEX customer_value_user ON customer_value (user_id);

CREATE TABLE campaign_value (
  fit_id              INTEGER NOT NULL REFERENCES ltv_fits (id) ON DELETE CASCADE,
  campaign            TEXT NOT NULL,
  customers           INTEGER NOT NULL,
  mean_clv            REAL,
  ratio_to_others     REAL,
  ratio_low           REAL,
  ratio_high          REAL,
  PRIMARY KEY (fit_id, campaign)
) STRICT;
