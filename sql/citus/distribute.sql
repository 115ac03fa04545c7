-- Distributes the InsightOS schema over a Citus cluster (distributed PostgreSQL). Why each
-- table goes where it goes, and what co-location buys, is in docs/scaling.md.
--
-- Run once, on the coordinator, after `insightos migrate` created the schema there (schema
-- version 8 or later: events partitioned by month, with distinct_id in its keys), and before
-- the collectors write to it:
--   insightos migrate --db "$COORDINATOR_URL"
--   psql "$COORDINATOR_URL" -v ON_ERROR_STOP=1 -f sql/citus/distribute.sql
-- Existing rows are moved to the workers by these calls. Later migrations run on the
-- coordinator as usual; Citus propagates the DDL of distributed tables to their shards.

CREATE EXTENSION IF NOT EXISTS citus;

-- Shards per distributed table: a few per worker core leaves room to add workers and
-- rebalance (citus_rebalance_start) without re-sharding.
SET citus.shard_count = 64;

-- Small tables every worker reads in joins: a copy on each node. First, because
-- customer_value and campaign_value refer to ltv_fits by foreign key.
SELECT create_reference_table('ltv_fits');
SELECT create_reference_table('campaign_value');
SELECT create_reference_table('models');

-- The person group, co-located by the hash of one text key: a user id, or for events without
-- one, the anonymous id. Rows of the same person key live on the same worker, so joins and
-- aggregates on that key run on the workers without moving data.
--   events          distinct_id   = user id, else anonymous id (every key of events holds it:
--                                   primary key (id, ts, distinct_id)); its monthly partitions
--                                   are distributed with it, and partitions created later by the
--                                   `partitions` job are distributed as they are attached
--   users           id            = the user id
--   identities      anonymous_id  = the anonymous id, beside that device's anonymous events
--   customer_value  user_id       = the user id, beside the user's row and purchase events
SELECT create_distributed_table('events', 'distinct_id');
SELECT create_distributed_table('users', 'id', colocate_with => 'events');
SELECT create_distributed_table('identities', 'anonymous_id', colocate_with => 'events');
SELECT create_distributed_table('customer_value', 'user_id', colocate_with => 'events');

-- Deduplication keys: (source, message_id) must stay unique across the whole cluster, so the
-- table is distributed by message_id, in a group of its own. A retried event is found on the
-- shard of its message id whoever sent it, whichever collector took it.
SELECT create_distributed_table('event_ids', 'message_id', colocate_with => 'none');

-- Everything else stays a plain table on the coordinator: job_runs and job_locks (the job
-- lock needs one place to be taken), score_progress, schema_migrations, rejected_events (kept
-- for inspection, rarely read). Tables added by later migrations must be placed here too.
