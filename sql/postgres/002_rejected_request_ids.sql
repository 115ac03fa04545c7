-- Each rejection remembers the request it came in, so writing the same request twice (a
-- replay of the collector's spool after a crash) stores each rejection once.
ALTER TABLE rejected_events ADD COLUMN request_id TEXT;
CREATE UNIQUE INDEX rejected_events_request ON rejected_events (request_id, batch_index);
