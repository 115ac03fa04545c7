-- Event collection: raw events, rejected input, identities and users.
-- Same content as sql/postgres/001_collection.sql; timestamps are INTEGER milliseconds
-- since the Unix epoch (UTC); JSON columns hold JSON text. STRICT tables enforce types.

-- One row per accepted event; (source, message_id) is unique, so a retried batch stores
-- nothing twice (SQLite is never partitioned, so the key can live on the table itself).
CREATE TABLE events (
  id            INTEGER PRIMARY KEY,
  source        TEXT NOT NULL,
  message_id    TEXT NOT NULL,
  type          TEXT NOT NULL CHECK (type IN ('track', 'identify', 'page', 'alias')),
  event         TEXT,
  user_id       TEXT,
  anonymous_id  TEXT,
  ts            INTEGER NOT NULL,
  original_ts   INTEGER,
  sent_at       INTEGER,
  received_at   INTEGER NOT NULL,
  properties    TEXT NOT NULL DEFAULT '{}',
  traits        TEXT,
  context       TEXT NOT NULL DEFAULT '{}',
  utm_source    TEXT,
  utm_medium    TEXT,
  utm_campaign  TEXT,
  utm_term      TEXT,
  utm_content   TEXT,
  page_path     TEXT,
  referrer      TEXT,
  revenue       REAL,
  is_bot        INTEGER NOT NULL DEFAULT 0,
  UNIQUE (source, message_id)
) STRICT;
CREATE INDEX events_anonymous_ts ON events (anonymous_id, ts);
CREATE INDEX events_user_ts ON events (user_id, ts) WHERE user_id IS NOT NULL;
CREATE INDEX events_name_ts ON events (event, ts);

CREATE TABLE rejected_events (
  id           INTEGER PRIMARY KEY,
  source       TEXT,
  received_at  INTEGER NOT NULL,
  batch_index  INTEGER NOT NULL,
  field        TEXT NOT NULL,
  error        TEXT NOT NULL,
  raw          TEXT NOT NULL
) STRICT;

CREATE TABLE identities (
  anonymous_id  TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL,
  linked_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX identities_user ON identities (user_id);

CREATE TABLE users (
  id                   TEXT PRIMARY KEY,
  email                TEXT,
  traits               TEXT NOT NULL DEFAULT '{}',
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  first_touch_ts       INTEGER,
  first_utm_source     TEXT,
  first_utm_medium     TEXT,
  first_utm_campaign   TEXT,
  first_utm_term       TEXT,
  first_utm_content    TEXT,
  first_referrer       TEXT
) STRICT;
