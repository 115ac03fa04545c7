-- Views for the dashboard and for BI tools (SPEC §4): the product funnel, campaign quality,
-- campaign value and the lead list. Same columns and meaning as
-- sql/postgres/007_dashboard_views.sql; docs/dashboard.md documents every column.

-- The product funnel of the shared vocabulary (sign-up → verified → project → invite →
-- subscription, 14-day window) with the exact matching rules of docs/funnels.md: one row per
-- person who signed up, with the time each step was matched (NULL after the first missing step).
-- A person is a user id, or an anonymous id that identities does not link to one.
CREATE VIEW funnel_outcomes AS
WITH step_events AS (
  SELECT COALESCE('u:' || COALESCE(e.user_id, i.user_id), 'a:' || e.anonymous_id) AS person,
         CASE e.event WHEN 'user_created' THEN 1 WHEN 'user_verified' THEN 2 WHEN 'project_created' THEN 3
                      WHEN 'teammate_invited' THEN 4 ELSE 5 END AS step,
         e.ts
  FROM events e
  LEFT JOIN identities i ON e.user_id IS NULL AND i.anonymous_id = e.anonymous_id
  WHERE e.type = 'track' AND e.is_bot = 0
    AND e.event IN ('user_created', 'user_verified', 'project_created', 'teammate_invited', 'subscription_started')
), s2 AS (
  -- Every sign-up starts an attempt (equal ones are one attempt).
  SELECT s.person, s.ts AS t1, MIN(e.ts) AS t2
  FROM step_events s LEFT JOIN step_events e
    ON e.person = s.person AND e.step = 2 AND e.ts >= s.ts AND e.ts <= s.ts + 1209600000
  WHERE s.step = 1
  GROUP BY s.person, s.ts
), s3 AS (
  SELECT s.person, s.t1, s.t2, MIN(e.ts) AS t3
  FROM s2 s LEFT JOIN step_events e
    ON e.person = s.person AND e.step = 3 AND e.ts >= s.t2 AND e.ts <= s.t1 + 1209600000
  GROUP BY s.person, s.t1, s.t2
), s4 AS (
  SELECT s.person, s.t1, s.t2, s.t3, MIN(e.ts) AS t4
  FROM s3 s LEFT JOIN step_events e
    ON e.person = s.person AND e.step = 4 AND e.ts >= s.t3 AND e.ts <= s.t1 + 1209600000
  GROUP BY s.person, s.t1, s.t2, s.t3
), s5 AS (
  SELECT s.person, s.t1, s.t2, s.t3, s.t4, MIN(e.ts) AS t5
  FROM s4 s LEFT JOIN step_events e
    ON e.person = s.person AND e.step = 5 AND e.ts >= s.t4 AND e.ts <= s.t1 + 1209600000
  GROUP BY s.person, s.t1, s.t2, s.t3, s.t4
), ranked AS (
  -- The attempt that reaches the most steps counts; ties go to the earliest start.
  SELECT s5.*,
         CASE WHEN t5 IS NOT NULL THEN 5 WHEN t4 IS NOT NULL THEN 4 WHEN t3 IS NOT NULL THEN 3
              WHEN t2 IS NOT NULL THEN 2 ELSE 1 END AS steps_reached,
         ROW_NUMBER() OVER (PARTITION BY person ORDER BY
           CASE WHEN t5 IS NOT NULL THEN 5 WHEN t4 IS NOT NULL THEN 4 WHEN t3 IS NOT NULL THEN 3
                WHEN t2 IS NOT NULL THEN 2 ELSE 1 END DESC, t1) AS attempt_rank
  FROM s5
)
SELECT CASE WHEN substr(r.person, 1, 2) = 'u:' THEN substr(r.person, 3) END AS user_id,
       CASE WHEN substr(r.person, 1, 2) = 'a:' THEN substr(r.person, 3) END AS anonymous_id,
       COALESCE(u.first_utm_campaign, 'organic') AS campaign,
       r.steps_reached,
       r.t1 AS signed_up_at, r.t2 AS verified_at, r.t3 AS first_project_at, r.t4 AS invited_at,
       r.t5 AS subscribed_at
FROM ranked r
LEFT JOIN users u ON substr(r.person, 1, 2) = 'u:' AND u.id = substr(r.person, 3)
WHERE r.attempt_rank = 1;

-- The funnel's steps with counts and conversion, for a bar chart.
CREATE VIEW funnel_steps AS
WITH counts AS (
  SELECT COUNT(*) AS n1, COUNT(verified_at) AS n2, COUNT(first_project_at) AS n3, COUNT(invited_at) AS n4,
         COUNT(subscribed_at) AS n5
  FROM funnel_outcomes
), steps AS (
  SELECT 1 AS step_number, 'user_created' AS step UNION ALL SELECT 2, 'user_verified'
  UNION ALL SELECT 3, 'project_created' UNION ALL SELECT 4, 'teammate_invited'
  UNION ALL SELECT 5, 'subscription_started'
), counted AS (
  SELECT s.step_number, s.step,
         CASE s.step_number WHEN 1 THEN c.n1 WHEN 2 THEN c.n2 WHEN 3 THEN c.n3 WHEN 4 THEN c.n4 ELSE c.n5 END AS persons,
         CASE s.step_number WHEN 1 THEN c.n1 WHEN 2 THEN c.n1 WHEN 3 THEN c.n2 WHEN 4 THEN c.n3 ELSE c.n4 END AS previous_persons,
         c.n1 AS first_persons
  FROM steps s CROSS JOIN counts c
)
SELECT step_number, step, persons,
       CASE WHEN previous_persons > 0 THEN CAST(persons AS DOUBLE PRECISION) / previous_persons ELSE CAST(0 AS DOUBLE PRECISION) END AS conversion_from_previous,
       CASE WHEN first_persons > 0 THEN CAST(persons AS DOUBLE PRECISION) / first_persons ELSE CAST(0 AS DOUBLE PRECISION) END AS conversion_from_first,
       previous_persons - persons AS dropped
FROM counted;

-- Per first-touch campaign: leads (known users), how many are scored and their mean score,
-- tier-A leads, customers (users with a subscription_started) and the conversion rate.
CREATE VIEW campaign_quality AS
WITH leads AS (
  SELECT COALESCE(u.first_utm_campaign, 'organic') AS campaign, u.lead_score, u.lead_tier,
         CASE WHEN u.id IN (SELECT e.user_id FROM events e WHERE e.event = 'subscription_started')
              THEN 1 ELSE 0 END AS customer
  FROM users u
)
SELECT campaign,
       COUNT(*) AS leads,
       COUNT(lead_score) AS scored_leads,
       AVG(lead_score) AS mean_lead_score,
       SUM(CASE WHEN lead_tier = 'A' THEN 1 ELSE 0 END) AS tier_a_leads,
       SUM(customer) AS customers,
       CAST(SUM(customer) AS DOUBLE PRECISION) / COUNT(*) AS conversion_rate
FROM leads
GROUP BY campaign;

-- The current LTV fit: the latest one that converged.
CREATE VIEW ltv_fit_current AS
SELECT * FROM ltv_fits
WHERE id = (SELECT id FROM ltv_fits WHERE converged <> 0 ORDER BY fitted_at DESC, id DESC LIMIT 1);

-- Per campaign value under the current fit: customers, mean CLV and CLV relative to the mean
-- of the other campaigns, with its interval.
CREATE VIEW campaign_value_current AS
SELECT cv.campaign, cv.customers, cv.mean_clv, cv.ratio_to_others, cv.ratio_low, cv.ratio_high,
       f.id AS fit_id, f.fitted_at, f.time_unit, f.horizon
FROM campaign_value cv JOIN ltv_fit_current f ON f.id = cv.fit_id;

-- What sales works from: every lead with score, tier, reasons, trend, campaign and last activity.
CREATE VIEW lead_list AS
SELECT u.id AS user_id, u.email, u.lead_score, u.lead_tier, u.lead_reasons, u.previous_score,
       u.lead_score - u.previous_score AS score_change, u.scored_at, u.scored_model,
       COALESCE(u.first_utm_campaign, 'organic') AS campaign, u.created_at,
       (SELECT MAX(e.ts) FROM events e WHERE e.user_id = u.id) AS last_activity_at
FROM users u;
