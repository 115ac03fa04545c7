// The funnel over the database's events three ways, side by side in one run (issue 4):
//
//   count(*)     SELECT count(*) FROM events: the floor any query over the events pays
//   push-down    the funnel matched in SQL (backend/analytics/funnel_pushdown.h), only the
//                per-person outcomes leave the database
//   in memory    every event read through DatabaseEventSource into EventDigest + FunnelMatcher
//
// for the product funnel (5 steps, 14-day window, by first-touch campaign), plus the
// attribution job's full and idle runs. Rates are events in the table per second of wall time.
//
//   funnel_pushdown_bench --db sqlite:/tmp/f.db --db postgresql://... --users 2600000
//
// Each database is bulk-loaded once with the simulator (--users people, about 3.9 events
// each) when its events table is empty, and reused as it is otherwise (delete it to reload).
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>

#include "backend/analytics/attribution.h"
#include "backend/analytics/database_event_source.h"
#include "backend/analytics/funnel_pushdown.h"
#include "backend/simulator/database_event_sink.h"
#include "backend/simulator/planted_value.h"
#include "backend/simulator/simulator.h"
#include "backend/storage/migrator.h"

namespace {

using namespace insightos;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void Load(const storage::DatabaseUrl& url, std::uint64_t users) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = users;
  config.seed = 1;
  if (!simulator::PlantValueRatio(&config).ok()) std::exit(1);
  simulator::DatabaseSinkOptions options;
  options.database = url;
  auto sink = simulator::DatabaseEventSink::Open(options);
  if (!sink.ok()) {
    std::fprintf(stderr, "%s\n", sink.status().ToString().c_str());
    std::exit(1);
  }
  simulator::SimulationSink* sinks[] = {sink->get()};
  const auto start = std::chrono::steady_clock::now();
  Result<simulator::SimulationSummary> summary = simulator::RunSimulation(config, sinks);
  const double s = Seconds(start);
  if (!summary.ok()) {
    std::fprintf(stderr, "load failed: %s\n", summary.status().ToString().c_str());
    std::exit(1);
  }
  std::printf("  load       %9.1f s  %12.0f events/s  (%llu users, %lld events simulated and stored)\n", s,
              static_cast<double>((*sink)->inserted()) / s, static_cast<unsigned long long>(users),
              static_cast<long long>((*sink)->inserted()));
}

bool SameCounts(const analytics::FunnelReport& a, const analytics::FunnelReport& b) {
  if (a.breakdowns.size() != b.breakdowns.size()) return false;
  for (std::size_t k = 0; k < a.total.steps.size(); ++k) {
    if (a.total.steps[k].persons != b.total.steps[k].persons) return false;
  }
  for (std::size_t i = 0; i < a.breakdowns.size(); ++i) {
    if (a.breakdowns[i].breakdown != b.breakdowns[i].breakdown) return false;
    for (std::size_t k = 0; k < a.total.steps.size(); ++k) {
      if (a.breakdowns[i].steps[k].persons != b.breakdowns[i].steps[k].persons) return false;
    }
  }
  return a.total.median_ms_to_convert == b.total.median_ms_to_convert;
}

int Run(const std::string& url_text, std::uint64_t users, int rounds) {
  const storage::DatabaseUrl url = *storage::ParseDatabaseUrl(url_text);
  std::printf("%s\n", url.Redacted().c_str());
  auto conn = storage::OpenConnection(url);
  storage::ApplyMigrations(*conn);
  if (conn->QueryInt("SELECT COUNT(*) FROM events").value_or(0) == 0) Load(url, users);

  analytics::FunnelQuery query;
  query.definition.steps = {"user_created", "user_verified", "project_created", "teammate_invited",
                            "subscription_started"};
  query.breakdown.source = analytics::BreakdownSource::kCampaign;
  bool same = true;
  double count_s = 0;
  double events = 0;
  auto line = [&](const char* what, double s, const std::string& note) {
    std::printf("  %-11s %9.2f s  %12.0f events/s  %8.1fx count(*)  %s\n", what, s, events / s, s / count_s,
                note.c_str());
  };
  // The first round reads the table from disk; later ones find it in the page cache, as a
  // dashboard refreshing every few minutes would.
  for (int round = 1; round <= rounds; ++round) {
    std::printf(" round %d%s\n", round, round == 1 ? " (cold: right after loading or opening)" : "");
    auto start = std::chrono::steady_clock::now();
    events = static_cast<double>(conn->QueryInt("SELECT count(*) FROM events").value_or(0));
    count_s = Seconds(start);
    line("count(*)", count_s, "");

    start = std::chrono::steady_clock::now();
    Result<analytics::FunnelAnalysis> pushed = analytics::AnalyzeFunnelInDatabase(*conn, query);
    const double pushed_s = Seconds(start);
    if (!pushed.ok()) return std::fprintf(stderr, "%s\n", pushed.status().ToString().c_str()), 1;
    line("push-down", pushed_s,
         std::to_string(pushed->stats.events) + " step events, " + std::to_string(pushed->stats.persons) +
             " people entered");

    start = std::chrono::steady_clock::now();
    analytics::DatabaseEventSource source(*conn);
    Result<analytics::FunnelAnalysis> memory = analytics::AnalyzeFunnel(source, query);
    const double memory_s = Seconds(start);
    if (!memory.ok()) return std::fprintf(stderr, "%s\n", memory.status().ToString().c_str()), 1;
    line("in memory", memory_s, std::to_string(memory->stats.persons) + " people");
    same = same && SameCounts(pushed->report, memory->report);
    std::printf("  push-down is %.2fx the in-memory speed; reports %s (worst step: %s)\n", memory_s / pushed_s,
                same ? "identical" : "DIFFER", analytics::WorstStepLabel(query.definition, pushed->report.total).c_str());
  }

  conn->Execute("UPDATE attribution_progress SET last_event_id = 0");
  auto start = std::chrono::steady_clock::now();
  const analytics::AttributionSummary full = analytics::RefreshAttribution(*conn);
  line("attrib full", Seconds(start), std::to_string(full.users_recomputed) + " users");
  start = std::chrono::steady_clock::now();
  analytics::RefreshAttribution(*conn);
  std::printf("  attribution with nothing new: %.1f ms\n", Seconds(start) * 1000);
  return same ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Funnel push-down vs in-memory vs count(*) over the events table");
  std::vector<std::string> databases;
  std::uint64_t users = 260000;
  int rounds = 2;
  app.add_option("--db", databases, "Database URL (repeatable)")->required();
  app.add_option("--rounds", rounds, "Times each measurement is repeated (the first reads from disk)");
  app.add_option("--users", users, "Simulated people to load into an empty database (~3.9 events each)");
  CLI11_PARSE(app, argc, argv);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as soon as it is measured
  int status = 0;
  for (const std::string& db : databases) status |= Run(db, users, rounds);
  return status;
}
