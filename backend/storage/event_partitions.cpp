#include "backend/storage/event_partitions.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "backend/storage/storage_error.h"

namespace insightos::storage {

namespace {

// Serializes partition maintenance across processes (any fixed key; the migrator uses another).
constexpr std::int64_t kPartitionLockKey = 7362051842;

std::string QuoteIdentifier(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The columns of events, quoted and comma separated, for moving rows between partitions
// without relying on column order.
std::string EventColumnList(SqlConnection& connection) {
  return connection
      .QueryText("SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
                 "WHERE attrelid = 'events'::regclass AND attnum > 0 AND NOT attisdropped")
      .value_or("");
}

// Starts a maintenance step: waits at most policy.lock_timeout for any lock, then takes
// the maintenance lock.
void BeginStep(SqlConnection& connection, const PartitionPolicy& policy) {
  connection.Execute("SET LOCAL lock_timeout = " + std::to_string(std::max<std::int64_t>(1, policy.lock_timeout.count())));
  connection.Execute("SELECT pg_advisory_xact_lock(" + std::to_string(kPartitionLockKey) + ")");
}

const EventPartition* FindDefault(const std::vector<EventPartition>& partitions) {
  for (const EventPartition& p : partitions) {
    if (p.is_default) return &p;
  }
  return nullptr;
}

bool Overlaps(const EventPartition& p, TimestampMs from, TimestampMs to) {
  return !p.is_default && p.from < to && from < p.to;
}

// Creates the partition of the month starting at `month`, moving its rows out of the default
// partition. Returns the rows moved, or nullopt when a partition already covers the month.
std::optional<std::int64_t> CreateMonth(SqlConnection& connection, TimestampMs month, const PartitionPolicy& policy) {
  const TimestampMs from = month;
  const TimestampMs to = AddMonths(month, 1);
  const std::string name = MonthPartitionName(month);
  SqlTransaction tx(connection);
  BeginStep(connection, policy);
  const std::vector<EventPartition> partitions = ListEventPartitions(connection);
  for (const EventPartition& p : partitions) {
    if (!Overlaps(p, from, to)) continue;
    if (p.from != from || p.to != to) {
      spdlog::warn("events partition {} overlaps the month of {}; leaving that month to it", p.name, name);
    }
    return std::nullopt;
  }
  // Writers are held back for this step (SHARE ROW EXCLUSIVE on events conflicts with their
  // ROW EXCLUSIVE, not with readers): a writer that had already routed a row to the default
  // partition before the new month was attached would otherwise fail that partition's
  // constraint. Then the default partition, whose rows of the month move out. The parent
  // first and the default second is the order writers take them in, so nobody deadlocks.
  // The table is built apart and then attached: CREATE TABLE ... PARTITION OF would lock
  // readers out of events too.
  connection.Execute("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE");
  const EventPartition* default_partition = FindDefault(partitions);
  if (default_partition != nullptr) {
    connection.Execute("LOCK TABLE " + QuoteIdentifier(default_partition->name) + " IN ACCESS EXCLUSIVE MODE");
  }
  const std::string range = "ts >= " + std::to_string(from) + " AND ts < " + std::to_string(to);
  connection.Execute("CREATE TABLE " + QuoteIdentifier(name) + " (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
  // Proves the bounds to ATTACH, which then need not scan the new table.
  connection.Execute("ALTER TABLE " + QuoteIdentifier(name) + " ADD CONSTRAINT " + QuoteIdentifier(name + "_range") +
                     " CHECK (" + range + ")");
  std::int64_t moved = 0;
  if (default_partition != nullptr) {
    const std::string columns = EventColumnList(connection);
    moved = connection.ExecuteCount("WITH moved AS (DELETE FROM " + QuoteIdentifier(default_partition->name) +
                                    " WHERE " + range + " RETURNING " + columns + ") INSERT INTO " +
                                    QuoteIdentifier(name) + " (" + columns + ") SELECT " + columns + " FROM moved");
  }
  connection.Execute("ALTER TABLE events ATTACH PARTITION " + QuoteIdentifier(name) + " FOR VALUES FROM (" +
                     std::to_string(from) + ") TO (" + std::to_string(to) + ")");
  connection.Execute("ALTER TABLE " + QuoteIdentifier(name) + " DROP CONSTRAINT " + QuoteIdentifier(name + "_range"));
  tx.Commit();
  spdlog::info("created events partition {}{}", name,
               moved > 0 ? " (" + std::to_string(moved) + " rows moved from the default partition)" : std::string());
  return moved;
}

// Runs one step; a lock that could not be had within the timeout postpones it.
template <typename Step>
bool RunStep(const std::string& what, PartitionReport* report, Step step) {
  try {
    step();
    return true;
  } catch (const StorageError& e) {
    if (e.kind() != StorageError::Kind::kTransient) throw;
    spdlog::warn("events partitions: {} postponed to the next run: {}", what, e.what());
    report->postponed.push_back(what);
    return false;
  }
}

void EnsureMonth(SqlConnection& connection, TimestampMs month, const PartitionPolicy& policy, PartitionReport* report) {
  const std::string name = MonthPartitionName(month);
  RunStep(name, report, [&] {
    if (std::optional<std::int64_t> moved = CreateMonth(connection, month, policy)) {
      report->created.push_back(name);
      report->rows_moved += *moved;
    }
  });
}

void EnsureMonthsAhead(SqlConnection& connection, TimestampMs now, const PartitionPolicy& policy,
                       PartitionReport* report) {
  const TimestampMs current = MonthStart(now);
  for (int i = 0; i <= policy.months_ahead; ++i) EnsureMonth(connection, AddMonths(current, i), policy, report);
}

// Drops month partitions that end at or before the cutoff and deletes older rows of the
// default partition, releasing their message ids.
void ApplyRetention(SqlConnection& connection, TimestampMs cutoff, const PartitionPolicy& policy,
                    PartitionReport* report) {
  for (const EventPartition& p : ListEventPartitions(connection)) {
    if (p.is_default || p.to > cutoff) continue;
    RunStep("drop " + p.name, report, [&] {
      SqlTransaction tx(connection);
      BeginStep(connection, policy);
      const std::string table = QuoteIdentifier(p.name);
      const std::int64_t released = connection.ExecuteCount(
          "DELETE FROM event_ids e USING " + table + " p WHERE e.source = p.source AND e.message_id = p.message_id");
      const std::int64_t rows = connection.QueryInt("SELECT count(*) FROM " + table).value_or(0);
      connection.Execute("DROP TABLE " + table);
      tx.Commit();
      spdlog::warn("retention: dropped events partition {} ({} events before {})", p.name, rows, FormatDate(cutoff));
      report->dropped.push_back(p.name);
      report->rows_expired += rows;
      report->message_ids_released += released;
    });
  }
  const std::vector<EventPartition> partitions = ListEventPartitions(connection);
  const EventPartition* default_partition = FindDefault(partitions);
  if (default_partition == nullptr) return;
  RunStep("expire " + default_partition->name, report, [&] {
    SqlTransaction tx(connection);
    BeginStep(connection, policy);
    std::int64_t rows = 0, released = 0;
    connection.Query("WITH gone AS (DELETE FROM " + QuoteIdentifier(default_partition->name) +
                         " WHERE ts < $1 RETURNING source, message_id), "
                         "released AS (DELETE FROM event_ids e USING gone g "
                         "  WHERE e.source = g.source AND e.message_id = g.message_id RETURNING 1) "
                         "SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM released)",
                     {cutoff}, [&](const SqlRow& r) {
                       rows = r.GetInt(0);
                       released = r.GetInt(1);
                     });
    tx.Commit();
    if (rows > 0) spdlog::warn("retention: deleted {} events before {} from {}", rows, FormatDate(cutoff), default_partition->name);
    report->rows_expired += rows;
    report->message_ids_released += released;
  });
}

// The months that have rows in the default partition within [from, to).
std::vector<TimestampMs> MonthsInDefault(SqlConnection& connection, const std::string& default_name, TimestampMs from,
                                         TimestampMs to) {
  // Whole days are exact integer arithmetic in SQL; months are made from them here.
  std::set<TimestampMs> months;
  connection.Query("SELECT DISTINCT div(ts, " + std::to_string(kMillisPerDay) + ") FROM " + QuoteIdentifier(default_name) +
                       " WHERE ts >= $1 AND ts < $2",
                   {from, to}, [&](const SqlRow& r) { months.insert(MonthStart(r.GetInt(0) * kMillisPerDay)); });
  return {months.begin(), months.end()};
}

}  // namespace

TimestampMs MonthStart(TimestampMs ms) {
  CivilDate date = CivilFromDays(FloorDiv(ms, kMillisPerDay));
  date.day = 1;
  return DaysFromCivil(date) * kMillisPerDay;
}

TimestampMs AddMonths(TimestampMs month_start, int months) {
  CivilDate date = CivilFromDays(FloorDiv(month_start, kMillisPerDay));
  const int index = date.year * 12 + (date.month - 1) + months;
  date.year = static_cast<int>(FloorDiv(index, 12));
  date.month = index - date.year * 12 + 1;
  date.day = 1;
  return DaysFromCivil(date) * kMillisPerDay;
}

std::string MonthPartitionName(TimestampMs month_start) {
  const CivilDate date = CivilFromDays(FloorDiv(month_start, kMillisPerDay));
  char name[32];
  std::snprintf(name, sizeof name, "events_%04d_%02d", date.year, date.month);
  return name;
}

bool HasPartitionedEvents(SqlConnection& connection) {
  if (connection.dialect() != SqlDialect::kPostgres) return false;
  return connection.QueryInt("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass('events')").has_value();
}

std::vector<EventPartition> ListEventPartitions(SqlConnection& connection, bool count_rows) {
  std::vector<EventPartition> partitions;
  if (!HasPartitionedEvents(connection)) return partitions;
  // Bounds are read back from the catalog's own text of them: FOR VALUES FROM ('a') TO ('b').
  connection.Query(
      "SELECT c.relname, CASE WHEN pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT' THEN 1 ELSE 0 END, "
      "  b[1]::bigint, b[2]::bigint "
      "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
      "CROSS JOIN LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid), "
      "  'FROM \\(''(-?[0-9]+)''\\) TO \\(''(-?[0-9]+)''\\)') AS m(b) "
      "WHERE i.inhparent = 'events'::regclass",
      {}, [&](const SqlRow& r) {
        EventPartition p;
        p.name = r.GetText(0);
        p.is_default = r.GetInt(1) == 1;
        if (!p.is_default && (r.IsNull(2) || r.IsNull(3))) return;  // bounds we did not create (MINVALUE...)
        if (!p.is_default) {
          p.from = r.GetInt(2);
          p.to = r.GetInt(3);
        }
        partitions.push_back(std::move(p));
      });
  std::sort(partitions.begin(), partitions.end(), [](const EventPartition& a, const EventPartition& b) {
    return a.is_default != b.is_default ? b.is_default : a.from < b.from;
  });
  if (count_rows) {
    for (EventPartition& p : partitions) p.rows = connection.QueryInt("SELECT count(*) FROM " + QuoteIdentifier(p.name)).value_or(0);
  }
  return partitions;
}

PartitionReport CreateEventPartitionsAhead(SqlConnection& connection, TimestampMs now, const PartitionPolicy& policy) {
  PartitionReport report;
  report.partitioned = HasPartitionedEvents(connection);
  if (report.partitioned) EnsureMonthsAhead(connection, now, policy, &report);
  return report;
}

PartitionReport MaintainEventPartitions(SqlConnection& connection, TimestampMs now, const PartitionPolicy& policy) {
  PartitionReport report;
  report.partitioned = HasPartitionedEvents(connection);
  if (!report.partitioned) return report;
  const TimestampMs current = MonthStart(now);
  std::optional<TimestampMs> cutoff;
  if (policy.retention_months > 0) {
    cutoff = AddMonths(current, -policy.retention_months);
    ApplyRetention(connection, *cutoff, policy, &report);
  }
  EnsureMonthsAhead(connection, now, policy, &report);

  const std::vector<EventPartition> partitions = ListEventPartitions(connection);
  const EventPartition* default_partition = FindDefault(partitions);
  if (default_partition == nullptr) return report;
  TimestampMs from = std::max<TimestampMs>(0, AddMonths(current, -policy.history_months));
  if (cutoff) from = std::max(from, *cutoff);
  const TimestampMs to = AddMonths(current, policy.months_ahead + 1);
  for (TimestampMs month : MonthsInDefault(connection, default_partition->name, from, to)) {
    EnsureMonth(connection, month, policy, &report);
  }
  return report;
}

}  // namespace insightos::storage
