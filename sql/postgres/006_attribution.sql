-- Attribution (docs/funnels.md, "From events to people"): who is who and where each user came
-- from, recomputed by the attribution job (backend/analytics/attribution.h) from the events.

-- alias events: the id linked to user_id (previousId), so every identity link can be
-- recomputed from the events alone.
ALTER TABLE events ADD COLUMN previous_id TEXT;

-- The anonymous id of the event each user's first touch was taken from: when that anonymous
-- id moves to another user (an earlier link arrived late), the job knows whom to recompute.
ALTER TABLE users ADD COLUMN first_touch_anonymous_id TEXT;
CREATE INDEX users_first_touch_anonymous ON users (first_touch_anonymous_id)
  WHERE first_touch_anonymous_id IS NOT NULL;

-- Where the attribution job stopped: users' first touch reflects every event up to this id
-- (0: nothing yet, the next run recomputes everyone).
CREATE TABLE attribution_progress (
  id             INTEGER PRIMARY KEY CHECK (id = 1),  -- a single row
  last_event_id  BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
INSERT INTO attribution_progress (id, last_event_id, updated_at) VALUES (1, 0, 0);
