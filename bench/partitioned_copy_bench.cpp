// What partitioning events by month (migration 8) costs ingest: raw COPY of the same rows
// into the partitioned events table and into an unpartitioned table with the same columns
// (the schema before migration 8, plus distinct_id), alternating rounds in one run, and the
// disk each takes per event.
//   partitioned_copy_bench --postgres-url URL [--events N] [--rounds R]
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "bench/bench_database.h"
#include "bench/raw_copy.h"
#include "backend/storage/event_partitions.h"
#include "backend/storage/migrator.h"
#include "backend/storage/postgres_event_store.h"
#include "tests/support/traffic.h"

namespace insightos::bench {
namespace {

constexpr std::size_t kCommitRows = 10000;

// Seconds to COPY the ids and rows in 10,000-row transactions, into an emptied table.
double CopySeconds(storage::PostgresConnection& connection, const std::vector<storage::EventRow>& rows) {
  connection.ExecuteScript("TRUNCATE events, event_ids");
  return RawCopySeconds(connection, rows, kCommitRows);
}

double BytesPerEvent(storage::SqlConnection& connection, std::size_t rows) {
  const std::int64_t bytes =
      connection.QueryInt("SELECT coalesce((SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits "
                          "WHERE inhparent = 'events'::regclass), 0) + pg_total_relation_size('events')")
          .value_or(0);
  return static_cast<double>(bytes) / static_cast<double>(rows);
}

}  // namespace
}  // namespace insightos::bench

int main(int argc, char** argv) {
  using namespace insightos;
  CLI::App app{"Raw COPY into the partitioned events table vs an unpartitioned one, side by side"};
  std::string url = std::getenv("INSIGHTOS_BENCH_POSTGRES_URL") ? std::getenv("INSIGHTOS_BENCH_POSTGRES_URL") : "";
  std::size_t events = 500000;
  int rounds = 3;
  app.add_option("--postgres-url", url, "PostgreSQL server (two schemas are created and dropped)");
  app.add_option("--events", events, "Rows per round")->capture_default_str();
  app.add_option("--rounds", rounds, "Alternating rounds per table")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (url.empty()) {
    std::fprintf(stderr, "--postgres-url (or INSIGHTOS_BENCH_POSTGRES_URL) is required\n");
    return 2;
  }
  std::vector<storage::EventRow> rows;
  for (const Event& e : testing::MakeTrafficEvents(events, 7)) rows.push_back(storage::MakeEventRow(e, "bench"));

  storage::PostgresConnection flat(bench::SchemaUrl(url, "bench_flat"));
  storage::ApplyMigrations(flat, 7);
  flat.ExecuteScript("ALTER TABLE events ADD COLUMN distinct_id TEXT NOT NULL");
  storage::PostgresConnection partitioned(bench::SchemaUrl(url, "bench_partitioned"));
  storage::ApplyMigrations(partitioned);
  storage::CreateEventPartitionsAhead(partitioned, rows.front().ts, {});

  double flat_best = 1e300, partitioned_best = 1e300;
  for (int r = 0; r < rounds; ++r) {
    const double f = bench::CopySeconds(flat, rows);
    const double p = bench::CopySeconds(partitioned, rows);
    std::printf("round %d: unpartitioned %8.0f events/s   partitioned %8.0f events/s\n", r + 1,
                static_cast<double>(rows.size()) / f, static_cast<double>(rows.size()) / p);
    flat_best = std::min(flat_best, f);
    partitioned_best = std::min(partitioned_best, p);
  }
  std::printf("best of %d: unpartitioned %.0f events/s, partitioned %.0f events/s, ratio partitioned/unpartitioned %.2f\n",
              rounds, static_cast<double>(rows.size()) / flat_best, static_cast<double>(rows.size()) / partitioned_best,
              flat_best / partitioned_best);
  std::printf("disk per event in events: unpartitioned %.0f bytes, partitioned %.0f bytes\n",
              bench::BytesPerEvent(flat, rows.size()), bench::BytesPerEvent(partitioned, rows.size()));
  storage::OpenConnection(*storage::ParseDatabaseUrl(url))
      ->ExecuteScript("DROP SCHEMA bench_flat CASCADE; DROP SCHEMA bench_partitioned CASCADE");
  return 0;
}
