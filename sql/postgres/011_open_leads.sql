-- Sales calls leads, not customers: the lead list (and so the dashboard's ranked list and its
-- tier counts) leaves out users who have already subscribed. A customer's conversion score is
-- still kept on users for model health; it just is not a lead to call.
DROP VIEW lead_list;
CREATE VIEW lead_list AS
SELECT u.id AS user_id, u.email, u.lead_score, u.lead_tier, u.lead_reasons, u.previous_score,
       u.lead_score - u.previous_score AS score_change, u.scored_at, u.scored_model,
       COALESCE(u.first_utm_campaign, 'organic') AS campaign, u.created_at,
       (SELECT MAX(e.ts) FROM events e WHERE e.user_id = u.id) AS last_activity_at
FROM users u
-- Uncorrelated on purpose: the subscribers are found once (events_name_ts), not per user.
WHERE u.id NOT IN (SELECT e.user_id FROM events e WHERE e.event = 'subscription_started' AND e.user_id IS NOT NULL);
