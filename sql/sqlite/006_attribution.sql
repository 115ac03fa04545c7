-- Attribution: see sql/postgres/006_attribution.sql.
ALTER TABLE events ADD COLUMN previous_id TEXT;

ALTER TABLE users ADD COLUMN first_touch_anonymous_id TEXT;
CREATE INDEX users_first_touch_anonymous ON users (first_touch_anonymous_id)
  WHERE first_touch_anonymous_id IS NOT NULL;

CREATE TABLE attribution_progress (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  last_event_id  INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;
INSERT INTO attribution_progress (id, last_event_id, updated_at) VALUES (1, 0, 0);
