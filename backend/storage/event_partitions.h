// Monthly partitions of the PostgreSQL events table (migration 008; docs/scaling.md).
//
// events is partitioned by RANGE (ts) into one partition per UTC calendar month, named
// events_YYYY_MM, plus events_default, which catches rows whose month has no partition yet
// (late, backfilled or far-off timestamps). Maintenance:
//   - creates the partitions of the current month and `months_ahead` months after it;
//   - carves months out of the default partition: rows no older than `history_months` get
//     their month's partition and move into it;
//   - with a retention (off unless configured), drops the months that ended more than
//     `retention_months` ago, deletes the older rows of the default partition, and releases
//     the dropped events' message ids from event_ids.
// Each change is one short transaction that holds writers back while it runs (readers go
// on), waits at most `lock_timeout` for its locks (a long report reading the default
// partition must not stall ingest behind a queued DDL lock), and is serialized across
// processes with an advisory lock, so collectors starting together and the `partitions` job
// can all call it. A month whose lock could not be had is left for the next run; the default
// partition holds its rows meanwhile, so nothing is lost. Moving a month's rows out of the
// default partition holds writers for as long as the move takes: small for late events, long
// only for the first run after migration 008 converted a large table (docs/deploy.md).
//
// SQLite has no partitions: on it, and on a PostgreSQL schema older than 008, every function
// here does nothing and reports so.
#ifndef INSIGHTOS_BACKEND_STORAGE_EVENT_PARTITIONS_H_
#define INSIGHTOS_BACKEND_STORAGE_EVENT_PARTITIONS_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backend/storage/sql_connection.h"
#include "insightos/time.h"

namespace insightos::storage {

struct PartitionPolicy {
  int months_ahead = 3;       // partitions exist up to this many months after the current one
  int history_months = 24;    // default-partition rows this recent are moved into month partitions
  int retention_months = 0;   // 0 keeps every event; N > 0 drops months ended more than N months ago
  std::chrono::milliseconds lock_timeout{2000};  // also bounds how long writers wait on a step
};

struct EventPartition {
  std::string name;
  bool is_default = false;
  TimestampMs from = 0;  // inclusive; unset for the default partition
  TimestampMs to = 0;    // exclusive
  std::int64_t rows = 0;
};

struct PartitionReport {
  bool partitioned = false;            // false: SQLite, or a schema without migration 008
  std::vector<std::string> created;
  std::vector<std::string> dropped;
  std::vector<std::string> postponed;  // months left for the next run (lock not available)
  std::int64_t rows_moved = 0;         // from the default partition into month partitions
  std::int64_t rows_expired = 0;       // deleted by the retention (dropped partitions and default)
  std::int64_t message_ids_released = 0;
};

// The first millisecond of the UTC calendar month containing ms, and `months` months later.
TimestampMs MonthStart(TimestampMs ms);
TimestampMs AddMonths(TimestampMs month_start, int months);
// "events_2024_05" for the month starting at month_start.
std::string MonthPartitionName(TimestampMs month_start);

// Whether events is a partitioned table on this connection.
bool HasPartitionedEvents(SqlConnection& connection);

// The partitions of events, months in order, the default last; with exact row counts when
// count_rows (a scan of each partition), else zero.
std::vector<EventPartition> ListEventPartitions(SqlConnection& connection, bool count_rows = false);

// Only the cheap part, for collector start-up: partitions for the current month and the
// months ahead; no carving, no retention.
PartitionReport CreateEventPartitionsAhead(SqlConnection& connection, TimestampMs now, const PartitionPolicy& policy);

// Everything described above. Throws StorageError for failures other than lock timeouts.
// REQUIRES: connection is not in a transaction (each step commits on its own).
PartitionReport MaintainEventPartitions(SqlConnection& connection, TimestampMs now, const PartitionPolicy& policy);

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_EVENT_PARTITIONS_H_
