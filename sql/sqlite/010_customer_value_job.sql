-- Customer value, round 2: see sql/postgres/010_customer_value_job.sql.

-- The value horizon of the campaign comparison, in the fit's time_unit.
ALTER TABLE ltv_fits ADD COLUMN value_horizon REAL;

-- Per customer: the first-touch campaign (the segment whose model scored the customer), the
-- first purchase day, and the value over the first value_horizon from it: revenue already
-- observed in that window plus the model's expectation for the part after the fit's end.
ALTER TABLE customer_value ADD COLUMN campaign TEXT;
ALTER TABLE customer_value ADD COLUMN first_purchase_at INTEGER;
ALTER TABLE customer_value ADD COLUMN horizon_value REAL;

-- Per campaign: mean_clv is the mean horizon_value of its customers (the value of acquiring a
-- customer there, which ratio_to_others compares); mean_residual_clv is the mean of their
-- discounted residual CLV (customer_value.clv); value_low/high bound mean_clv; model says
-- whether the campaign had its own fit ('campaign') or used the one of all customers ('pooled').
ALTER TABLE campaign_value ADD COLUMN mean_residual_clv REAL;
ALTER TABLE campaign_value ADD COLUMN value_low REAL;
ALTER TABLE campaign_value ADD COLUMN value_high REAL;
ALTER TABLE campaign_value ADD COLUMN model TEXT;

-- The current fit is the latest one that converged: a failed refit keeps yesterday's current.
CREATE VIEW current_ltv_fit AS
  SELECT * FROM ltv_fits WHERE id = (SELECT MAX(id) FROM ltv_fits WHERE converged);
CREATE VIEW current_customer_value AS
  SELECT v.* FROM customer_value v JOIN current_ltv_fit f ON v.fit_id = f.id;
CREATE VIEW current_campaign_value AS
  SELECT c.* FROM campaign_value c JOIN current_ltv_fit f ON c.fit_id = f.id;
