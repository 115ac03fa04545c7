// Ingest benchmark (issue 2, SPEC §12 P1-P3): 1,000,000 events in batches of 100 over 64
// keep-alive connections into a real `insightos serve` process, against a raw baseline
// of the same rows into the same schema, run side by side:
//   PostgreSQL: raw COPY (P1: HTTP >= 60% of it)    SQLite: raw prepared-insert loop (P2)
// then the same collector at half its measured peak for p99 latency (P3), with the
// server's peak RSS sampled throughout, and stored count == acknowledged count checked.
#include <CLI/CLI.hpp>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "bench/bench_database.h"
#include "bench/raw_copy.h"
#include "backend/client/http_event_sender.h"
#include "backend/storage/event_partitions.h"
#include "backend/storage/migrator.h"
#include "backend/storage/postgres_event_store.h"
#include "backend/storage/sqlite_event_store.h"
#include "tests/support/traffic.h"
#include "tests/support/http_load.h"
#include "tests/support/server_process.h"

namespace insightos::bench {
using namespace insightos::testing;
namespace {

constexpr char kWriteKey[] = "wk_bench_0123456789";
constexpr std::size_t kRawCommitRows = 10000;

struct Workload {
  std::vector<std::string> bodies;
  std::vector<storage::EventRow> rows;  // exactly what the collector stores for those bodies
};

Workload MakeWorkload(std::size_t events, std::size_t batch, std::uint64_t seed) {
  Workload w;
  std::vector<Event> all = MakeTrafficEvents(events, seed);
  for (std::size_t i = 0; i < all.size(); i += batch) {
    const std::size_t end = std::min(all.size(), i + batch);
    w.bodies.push_back(client::BuildBatchBody(all.data() + i, all.data() + end, all[end - 1].timestamp));
    EventEnvelope envelope;
    envelope.received_at = all[end - 1].timestamp;
    Result<ParsedBatch> parsed = ParseBatch(w.bodies.back(), envelope);
    for (const Event& e : parsed->accepted) w.rows.push_back(storage::MakeEventRow(e, "bench"));
  }
  return w;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// The baseline for SQLite: a plain C++ loop of prepared inserts, committed every 10,000 rows.
double RawSqliteSeconds(const std::string& path, const std::vector<storage::EventRow>& rows) {
  storage::SqliteConnection connection(path);
  storage::ApplyMigrations(connection);
  SQLite::Statement insert(connection.database(), storage::SqliteInsertEventSql());
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < rows.size(); i += kRawCommitRows) {
    storage::SqlTransaction tx(connection);
    for (std::size_t j = i; j < std::min(rows.size(), i + kRawCommitRows); ++j) {
      insert.reset();
      storage::SqliteEventStore::BindEventRow(insert, rows[j]);
      insert.exec();
    }
    tx.Commit();
  }
  return Seconds(start);
}

// The baseline for PostgreSQL: raw COPY of the ids and rows, 10,000 rows a transaction.
double RawPostgresSeconds(const std::string& url, const std::vector<storage::EventRow>& rows) {
  storage::PostgresConnection connection(url);
  storage::ApplyMigrations(connection);
  // Rows go into their month's partition, as in production (the collector creates it ahead).
  storage::CreateEventPartitionsAhead(connection, rows.front().ts, {});
  return RawCopySeconds(connection, rows, kRawCommitRows);
}

// A value from the collector's Prometheus metrics (0 if absent).
double Metric(int port, const std::string& name) {
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/metrics");
  if (!res) return 0;
  const std::string key = "\n" + name + " ";
  std::size_t at = res->body.find(key);
  return at == std::string::npos ? 0 : std::stod(res->body.substr(at + key.size()));
}

// Writes everything the previous phase left dirty to disk before the next is measured. The
// kernel writes a file's dirty pages back about 30 s after they were written, so without
// this the raw baseline's gigabyte reached the disk in the middle of the HTTP runs and their
// commits' fsyncs waited behind it (seen as a stall at the half-peak run's start). What a
// run itself writes, and any checkpoint PostgreSQL starts during it, still count.
void SettleWrites(const std::string& url) {
  auto db = storage::OpenConnection(*storage::ParseDatabaseUrl(url));
  if (db->dialect() == storage::SqlDialect::kPostgres) db->ExecuteScript("CHECKPOINT");
  ::sync();
}

// A run's wall-clock start, to match its slow requests with the database's own log.
void PrintStartTime(const char* run) {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%H:%M:%S", std::gmtime(&now));
  std::printf("%s starts at %s UTC\n", run, text);
  std::fflush(stdout);
}

// PostgreSQL checkpoints completed so far (0 on SQLite). A checkpoint makes every page's
// next change write a full page image to the WAL, so a run that overlaps one pays more.
std::int64_t CheckpointsSoFar(const std::string& url) {
  auto db = storage::OpenConnection(*storage::ParseDatabaseUrl(url));
  if (db->dialect() != storage::SqlDialect::kPostgres) return 0;
  return db->QueryInt("SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter").value_or(0);
}

// The first line of a /proc file, or "?" if it cannot be read.
std::string ProcValue(const char* path) {
  std::ifstream in(path);
  std::string value;
  return std::getline(in, value) ? value : "?";
}

// Over a run longer than the kernel's writeback delay, the half-peak p99 depends on how much
// dirty page cache builds up before the kernel flushes it (docs/collector.md "Speed"): the
// settings that decide it are printed with the figures.
void PrintWritebackSettings(storage::SqlConnection& db) {
  std::printf("kernel writeback here: dirty_background_ratio %s%%, dirty_background_bytes %s, dirty_expire %s cs\n",
              ProcValue("/proc/sys/vm/dirty_background_ratio").c_str(),
              ProcValue("/proc/sys/vm/dirty_background_bytes").c_str(),
              ProcValue("/proc/sys/vm/dirty_expire_centisecs").c_str());
  if (db.dialect() != storage::SqlDialect::kPostgres) return;
  auto setting = [&](const char* name) {
    return db.QueryText("SELECT current_setting($1)", {std::string(name)}).value_or("?");
  };
  std::printf("PostgreSQL server settings: shared_buffers %s, backend_flush_after %s, bgwriter_flush_after %s\n",
              setting("shared_buffers").c_str(), setting("backend_flush_after").c_str(),
              setting("bgwriter_flush_after").c_str());
}

// A histogram's cumulative bucket counts from the collector's metrics, by upper bound.
std::vector<double> Buckets(int port, const std::string& name, const std::vector<std::string>& bounds) {
  std::vector<double> counts;
  for (const std::string& le : bounds) counts.push_back(Metric(port, name + "_bucket{le=\"" + le + "\"}"));
  return counts;
}

// Where a run's time went on the server's side: how many requests and commits of the run
// fell under each bound. Requests slow on the server but not in commits wait for the
// writer; latency the client sees but the server doesn't is queueing before the handler.
void PrintServerTimes(const char* title, int port, const std::vector<double>& requests_before,
                      const std::vector<double>& commits_before) {
  const std::vector<std::string> bounds = {"0.01", "0.025", "0.05", "0.1", "0.25", "+Inf"};
  const std::vector<double> requests = Buckets(port, "insightos_ingest_request_seconds", bounds);
  const std::vector<double> commits = Buckets(port, "insightos_commit_seconds", bounds);
  std::printf("%s  (share of the run's requests / commits taking at most ...)\n", title);
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    const double r = (requests[i] - requests_before[i]) / std::max(1.0, requests.back() - requests_before.back());
    const double c = (commits[i] - commits_before[i]) / std::max(1.0, commits.back() - commits_before.back());
    std::printf("  <= %-6s s   requests %6.2f%%   commits %6.2f%%\n", bounds[i].c_str(), 100 * r, 100 * c);
  }
}

// When the slow requests of a paced run were due, in half-second bins: one stall shows as
// one or two dense bins, a server that cannot keep up as slow requests everywhere.
void PrintSlowRequests(const LoadResult& run, double slow_ms) {
  std::map<int, int> bins;
  std::size_t slow = 0;
  for (std::size_t i = 0; i < run.latencies_ms.size(); ++i) {
    if (run.latencies_ms[i] <= slow_ms) continue;
    ++slow;
    ++bins[static_cast<int>(run.scheduled_s[i] * 2)];
  }
  std::printf("  %zu of %zu requests over %.0f ms", slow, run.latencies_ms.size(), slow_ms);
  if (!bins.empty()) std::printf(", due at (s: count)");
  for (const auto& [bin, count] : bins) std::printf(" %.1f: %d", bin / 2.0, count);
  std::printf("\n");
}

}  // namespace
}  // namespace insightos::bench

int main(int argc, char** argv) {
  using namespace insightos;
  using namespace insightos::bench;
  CLI::App app{"Ingest benchmark: HTTP collector vs raw database loading of the same rows"};
  std::string database = "sqlite";
  std::string postgres_url = std::getenv("INSIGHTOS_BENCH_POSTGRES_URL") ? std::getenv("INSIGHTOS_BENCH_POSTGRES_URL") : "";
  std::size_t events = 1000000, batch = 100, half_events = 300000;
  int connections = 64;
  std::string binary = (std::filesystem::path(argv[0]).parent_path() / "insightos").string();
  std::string work_dir = std::filesystem::temp_directory_path() / "insightos-ingest-bench";
  app.add_option("--database", database, "sqlite or postgres")->check(CLI::IsMember({"sqlite", "postgres"}));
  app.add_option("--postgres-url", postgres_url, "PostgreSQL server for --database postgres (a schema is created)");
  app.add_option("--events", events, "Events for the peak-throughput run")->capture_default_str();
  app.add_option("--batch", batch, "Events per request")->capture_default_str();
  app.add_option("--connections", connections, "Concurrent keep-alive connections")->capture_default_str();
  app.add_option("--half-load-events", half_events, "Events for the half-peak latency run")->capture_default_str();
  app.add_option("--insightos", binary, "Path of the insightos binary")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (database == "postgres" && postgres_url.empty()) {
    std::fprintf(stderr, "--database postgres needs --postgres-url (or INSIGHTOS_BENCH_POSTGRES_URL)\n");
    return 2;
  }

  std::printf("generating %zu + %zu events in batches of %zu...\n", events, half_events, batch);
  Workload peak_load = MakeWorkload(events, batch, 1);
  Workload half_load = MakeWorkload(half_events, batch, 2);

  std::filesystem::remove_all(work_dir);
  std::filesystem::create_directories(work_dir);
  std::string http_url, raw_label;
  double raw_seconds = 0;
  if (database == "sqlite") {
    raw_label = "raw prepared-insert loop";
    raw_seconds = RawSqliteSeconds(work_dir + "/raw.db", peak_load.rows);
    http_url = "sqlite:" + work_dir + "/http.db";
  } else {
    raw_label = "raw COPY";
    raw_seconds = RawPostgresSeconds(SchemaUrl(postgres_url, "bench_raw"), peak_load.rows);
    http_url = SchemaUrl(postgres_url, "bench_http");
  }
  storage::ApplyMigrations(*storage::OpenConnection(*storage::ParseDatabaseUrl(http_url)));
  SettleWrites(http_url);
  storage::CreateEventPartitionsAhead(*storage::OpenConnection(*storage::ParseDatabaseUrl(http_url)),
                                      peak_load.rows.front().ts, {});

  const int port = FreePort();
  LoadResult peak, half;
  double peak_rss = 0;
  double writer_busy = 0;
  double commits = 0;
  std::int64_t checkpoints_at_peak = 0, checkpoints_at_half = 0;
  {
    ServerProcess server(binary,
                         {"serve", "--db", http_url, "--port", std::to_string(port), "--write-key",
                          std::string("bench:") + kWriteKey, "--http-threads", std::to_string(connections + 32),
                          "--spool-dir", work_dir + "/spool", "--rate-limit-per-address", "0"},
                         port);
    const std::int64_t checkpoints_before_peak = CheckpointsSoFar(http_url);
    peak = RunHttpLoad(port, kWriteKey, peak_load.bodies, batch, connections, 0);
    checkpoints_at_peak = CheckpointsSoFar(http_url) - checkpoints_before_peak;
    writer_busy = Metric(port, "insightos_commit_seconds_sum") / peak.seconds;
    commits = Metric(port, "insightos_commits_total");
    const double half_rps = 0.5 * peak.EventsPerSecond() / static_cast<double>(batch);
    SettleWrites(http_url);
    const std::vector<std::string> bounds = {"0.01", "0.025", "0.05", "0.1", "0.25", "+Inf"};
    const std::vector<double> requests_before = Buckets(port, "insightos_ingest_request_seconds", bounds);
    const std::vector<double> commits_before = Buckets(port, "insightos_commit_seconds", bounds);
    const double commits_at_half = Metric(port, "insightos_commits_total");
    const std::int64_t checkpoints_before_half = CheckpointsSoFar(http_url);
    PrintStartTime("half-peak run");
    half = RunHttpLoad(port, kWriteKey, half_load.bodies, batch, connections, half_rps);
    checkpoints_at_half = CheckpointsSoFar(http_url) - checkpoints_before_half;
    PrintServerTimes("server-side times at half peak", port, requests_before, commits_before);
    PrintSlowRequests(half, 50);
    std::printf("  %.0f commits at half peak, %.0f events each on average\n",
                Metric(port, "insightos_commits_total") - commits_at_half,
                static_cast<double>(half.acknowledged_events) /
                    std::max(1.0, Metric(port, "insightos_commits_total") - commits_at_half));
    peak_rss = server.PeakRssMb();
  }
  auto db = storage::OpenConnection(*storage::ParseDatabaseUrl(http_url));
  const std::int64_t stored = db->QueryInt("SELECT COUNT(*) FROM events").value_or(-1);
  const std::int64_t distinct = db->QueryInt("SELECT COUNT(*) FROM (SELECT DISTINCT source, message_id FROM events) d").value_or(-1);
  const std::int64_t acknowledged = peak.acknowledged_events + half.acknowledged_events;

  const double raw_rate = static_cast<double>(peak_load.rows.size()) / raw_seconds;
  const double ratio = peak.EventsPerSecond() / raw_rate;
  std::printf("\n== ingest into %s ==\n", database.c_str());
  std::printf("%-34s %12.0f events/s  (%zu rows in %.2f s)\n", raw_label.c_str(), raw_rate, peak_load.rows.size(), raw_seconds);
  std::printf("%-34s %12.0f events/s  (%lld acknowledged in %.2f s, %lld failed requests, %lld retries)\n",
              "HTTP collector, 64 connections", peak.EventsPerSecond(), static_cast<long long>(peak.acknowledged_events),
              peak.seconds, static_cast<long long>(peak.failed_requests), static_cast<long long>(peak.retries));
  std::printf("%-34s %12.2f   (bar: >= 0.60)\n", "ratio HTTP / raw", ratio);
  std::printf("writer busy in commits: %.0f%% of the peak run; %.0f commits, %.0f events each on average\n",
              100 * writer_busy, commits, commits > 0 ? static_cast<double>(peak.acknowledged_events) / commits : 0);
  std::printf("latency at peak:       p50 %.1f ms  p99 %.1f ms\n", peak.Percentile(50), peak.Percentile(99));
  std::printf("latency at half peak:  p50 %.1f ms  p99 %.1f ms  (%.0f events/s offered; bar: p99 <= 50 ms)\n",
              half.Percentile(50), half.Percentile(99), half.EventsPerSecond());
  if (database == "postgres") {
    std::printf("checkpoints completed: %lld during the peak run, %lld during the half-peak run\n",
                static_cast<long long>(checkpoints_at_peak), static_cast<long long>(checkpoints_at_half));
  }
  std::printf("server peak RSS:       %.1f MB (bar: <= 200 MB)\n", peak_rss);
  PrintWritebackSettings(*db);
  std::printf("stored %lld events (%lld distinct), acknowledged %lld: %s\n", static_cast<long long>(stored),
              static_cast<long long>(distinct), static_cast<long long>(acknowledged),
              stored == acknowledged && distinct == stored ? "equal, no duplicates" : "MISMATCH");
  if (database == "postgres" && stored > 0) {
    // Disk per stored event (heap, TOAST and indexes of every events partition, plus the
    // dedup key in event_ids): the figure docs/scaling.md multiplies by volume.
    const double events_bytes =
        static_cast<double>(db->QueryInt("SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits "
                                         "WHERE inhparent = 'events'::regclass").value_or(0));
    const double ids_bytes = static_cast<double>(db->QueryInt("SELECT pg_total_relation_size('event_ids')").value_or(0));
    std::printf("disk per event:        %.0f bytes in events (partitions with indexes) + %.0f bytes in event_ids\n",
                events_bytes / static_cast<double>(stored), ids_bytes / static_cast<double>(stored));
  }
  if (database == "postgres") {
    storage::OpenConnection(*storage::ParseDatabaseUrl(postgres_url))
        ->ExecuteScript("DROP SCHEMA bench_raw CASCADE; DROP SCHEMA bench_http CASCADE");
  }
  std::filesystem::remove_all(work_dir);
  return stored == acknowledged && distinct == stored ? 0 : 1;
}
