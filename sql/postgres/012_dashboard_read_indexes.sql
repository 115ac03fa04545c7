-- Two partial indexes for the dashboard's reads (SPEC §12 P8: the site for 100k users built
-- in at most 2 s; docs/dashboard.md "Speed"). The same indexes as
-- sql/sqlite/012_dashboard_read_indexes.sql.

-- Track events by name and time with every column the funnel's step-event query reads
-- (person ids, time, bot flag), so that query is answered from this index instead of fetching
-- each wide event row (properties, context): an index-only scan where the visibility map
-- allows. Its condition is `type = 'track'`, so any query on named track events that says so
-- can use it; page and identify events, most of the table, are not in it and cost nothing
-- more to insert. On the partitioned events (migration 008) each partition gets its own, now
-- and when the partitions job creates one.
CREATE INDEX events_track_name_ts ON events (event, ts, user_id, anonymous_id, is_bot) WHERE type = 'track';

-- The subscribers: the customers of campaign_quality, the users lead_list leaves out. Both
-- views find them with `event = 'subscription_started'`, which this small index answers
-- without reading the events' rows.
CREATE INDEX events_subscribers ON events (event, user_id) WHERE event = 'subscription_started';
