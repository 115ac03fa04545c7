-- Events partitioned by month of ts (docs/scaling.md), converted in place.
--
-- events becomes a table partitioned by RANGE (ts), with a DEFAULT partition that catches
-- every row whose month has no partition yet. Monthly partitions are created ahead, carved
-- out of the default partition and dropped past the retention by the `partitions` job and at
-- collector start-up (backend/storage/event_partitions.h), never here: a migration runs once,
-- months keep coming.
--
-- Keys: a unique index on a partitioned table must contain the partition key (ts), and on
-- Citus every unique key must contain the distribution column. That column is the new
-- distinct_id: the user id when the event carries one, else its anonymous id (sql/citus/).
-- The primary key becomes (id, ts, distinct_id); id stays unique on its own because it comes
-- from one sequence. Message-id deduplication already lives in event_ids (001), outside events.
--
-- The conversion is generic over what earlier migrations added to events: every column,
-- default, check and identity is copied with LIKE; every non-unique index is re-created from
-- its definition; views reading events are re-created from theirs (with the rows moved, a
-- dropped-and-renamed table would otherwise leave them pointing at the old one).
DO $convert$
DECLARE
  index_definitions text[];
  views record;
  view_definitions text[] := '{}';
  view_names text[] := '{}';
  view_kinds "char"[] := '{}';
  unique_index text;
  old_sequence text;
  old_primary_key text;
  max_id bigint;
  i int;
BEGIN
  SELECT indexrelid::regclass::text INTO unique_index FROM pg_index
  WHERE indrelid = 'events'::regclass AND indisunique AND NOT indisprimary LIMIT 1;
  IF unique_index IS NOT NULL THEN
    RAISE EXCEPTION 'events has the unique index %, which a table partitioned by ts cannot keep', unique_index;
  END IF;
  SELECT coalesce(array_agg(pg_get_indexdef(indexrelid) ORDER BY indexrelid), '{}') INTO index_definitions
  FROM pg_index WHERE indrelid = 'events'::regclass AND NOT indisprimary;

  -- Views (and views on those views) that read events, outermost last, so they can be
  -- dropped in reverse and re-created in order.
  FOR views IN
    WITH RECURSIVE dependent (oid, depth) AS (
      SELECT DISTINCT r.ev_class, 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
      WHERE d.refobjid = 'events'::regclass AND d.classid = 'pg_rewrite'::regclass AND r.ev_class <> 'events'::regclass
      UNION ALL
      SELECT DISTINCT r.ev_class, dependent.depth + 1 FROM dependent
      JOIN pg_depend d ON d.refobjid = dependent.oid AND d.classid = 'pg_rewrite'::regclass
      JOIN pg_rewrite r ON r.oid = d.objid AND r.ev_class <> dependent.oid
    )
    SELECT c.oid, c.oid::regclass::text AS name, c.relkind, max(depth) AS depth
    FROM dependent JOIN pg_class c ON c.oid = dependent.oid GROUP BY c.oid, c.relkind ORDER BY max(depth), c.oid
  LOOP
    view_names := view_names || views.name;
    view_kinds := view_kinds || views.relkind;
    view_definitions := view_definitions || pg_get_viewdef(views.oid);
  END LOOP;
  FOR i IN REVERSE coalesce(array_length(view_names, 1), 0) .. 1 LOOP
    EXECUTE format(CASE view_kinds[i] WHEN 'm' THEN 'DROP MATERIALIZED VIEW %s' ELSE 'DROP VIEW %s' END, view_names[i]);
  END LOOP;

  -- The old table steps aside with its sequence and key, freeing their names.
  ALTER TABLE events RENAME TO events_unpartitioned;
  old_sequence := pg_get_serial_sequence('events_unpartitioned', 'id');
  EXECUTE format('ALTER SEQUENCE %s RENAME TO events_unpartitioned_id_seq', old_sequence);
  SELECT conname INTO old_primary_key FROM pg_constraint
  WHERE conrelid = 'events_unpartitioned'::regclass AND contype = 'p';
  IF old_primary_key IS NOT NULL THEN
    EXECUTE format('ALTER TABLE events_unpartitioned RENAME CONSTRAINT %I TO events_unpartitioned_pkey', old_primary_key);
  END IF;

  CREATE TABLE events (
    LIKE events_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY INCLUDING GENERATED
      INCLUDING STORAGE INCLUDING COMMENTS
  ) PARTITION BY RANGE (ts);
  -- The user id, else the anonymous id (else empty, which validation never lets through).
  ALTER TABLE events ADD COLUMN distinct_id TEXT NOT NULL;
  ALTER TABLE events ADD PRIMARY KEY (id, ts, distinct_id);
  CREATE TABLE events_default PARTITION OF events DEFAULT;

  INSERT INTO events SELECT *, coalesce(user_id, anonymous_id, '') FROM events_unpartitioned;
  SELECT max(id) INTO max_id FROM events;
  PERFORM setval(pg_get_serial_sequence('events', 'id'), coalesce(max_id, 1), max_id IS NOT NULL);
  DROP TABLE events_unpartitioned;

  FOR i IN 1 .. coalesce(array_length(index_definitions, 1), 0) LOOP
    EXECUTE index_definitions[i];
  END LOOP;
  FOR i IN 1 .. coalesce(array_length(view_names, 1), 0) LOOP
    EXECUTE format(CASE view_kinds[i] WHEN 'm' THEN 'CREATE MATERIALIZED VIEW %s AS %s' ELSE 'CREATE VIEW %s AS %s' END,
                   view_names[i], view_definitions[i]);
  END LOOP;
END
$convert$;
