// SPEC §12 P7: the score updater (features + scores + writes) against the time to just read
// the same events, side by side on the same database in the same run.
//
//   build/bin/score_updater_bench [--visitors N] [--database sqlite|postgres] [--postgres-url URL]
//                                 [--repeat R]
//
// Visitors come from the simulator (default parameters, seed 7), stored the way the
// collector stores them; a model is trained on them (setup, not measured). Then, R times
// each, interleaved:
//   read  = ReadStoredHistories over every user: the updater's own streamed query (each
//           user's events and those of their linked anonymous ids, in user order) and the
//           rows assembled into per-user histories, nothing else;
//   score = RunScoreUpdate scoring every user (the model is stored again under a new
//           version first, so each run is a full one): the same read, plus features,
//           score, tier, reasons, next rescoring time, and the chunked writes.
// Prints best and worst wall times and score / read; the bar is score / read <= 2.
#include <CLI/CLI.hpp>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/bench_database.h"
#include "backend/scoring/database_training.h"
#include "backend/scoring/model_store.h"
#include "backend/scoring/score_updater.h"
#include "backend/scoring/stored_history_reader.h"
#include "backend/storage/migrator.h"
#include "backend/storage/sql_connection.h"
#include "tests/support/simulated_database.h"

namespace {

using namespace insightos;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"score updater vs reading the same events"};
  std::uint64_t visitors = 100000;
  int repeat = 3;
  std::string database = "sqlite";
  std::string postgres_url = bench::PostgresUrlFromEnvironment();
  app.add_option("--visitors", visitors, "Simulated visitors to store")->capture_default_str();
  app.add_option("--database", database, "sqlite or postgres")->check(CLI::IsMember({"sqlite", "postgres"}));
  app.add_option("--postgres-url", postgres_url, "PostgreSQL server for --database postgres (a schema is created)");
  app.add_option("--repeat", repeat, "Runs of each measurement")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (database == "postgres" && postgres_url.empty()) {
    std::fprintf(stderr, "--database postgres needs --postgres-url (or INSIGHTOS_BENCH_POSTGRES_URL)\n");
    return 2;
  }
  try {
    const storage::DatabaseUrl url =
        bench::FreshBenchDatabase(database, postgres_url, database == "sqlite" ? "insightos-score-updater-bench" : "score_updater_bench");

    Clock::time_point start = Clock::now();
    const testing::SimulatedDatabase sim = testing::LoadSimulatedPeople(url, visitors, 7);
    auto conn = storage::OpenConnection(url);
    conn->ExecuteScript("ANALYZE");
    const std::int64_t users = conn->QueryInt("SELECT COUNT(*) FROM users").value_or(0);
    std::printf("stored %llu visitors: %lld users, %llu events in %s in %.1f s (setup, not measured)\n",
                static_cast<unsigned long long>(visitors), static_cast<long long>(users),
                static_cast<unsigned long long>(sim.events), database.c_str(), Seconds(start));
    scoring::DatabaseTrainingOptions training;
    training.model.trained_at = 1'735'689'600'000;
    Result<scoring::DatabaseTrainingResult> trained = [&] {
      auto reader = storage::OpenConnection(url);
      return scoring::TrainFromDatabase(*reader, training);
    }();
    if (!trained.ok()) throw std::runtime_error(trained.status().ToString());
    scoring::ScoringModel model = trained->trained.model;

    scoring::ScoreUpdateOptions options;
    options.now = 1'767'225'600'000;  // 2026-01-01: after every simulated event
    std::vector<double> read, score;
    std::size_t read_users = 0, read_events = 0, scored = 0;
    for (int r = 0; r < repeat; ++r) {
      start = Clock::now();
      {
        auto reader = storage::OpenConnection(url);
        read_users = read_events = 0;
        scoring::ReadStoredHistories(*reader, {}, [&](scoring::StoredUser&& user) {
          ++read_users;
          read_events += user.history.events.size();
        });
      }
      read.push_back(Seconds(start));
      model.version = trained->trained.model.version + "-run" + std::to_string(r);
      scoring::StoreCurrentModel(*conn, model, "{}");
      start = Clock::now();
      const scoring::ScoreUpdateSummary run = scoring::RunScoreUpdate(url, options);
      score.push_back(Seconds(start));
      if (!run.all_users) throw std::runtime_error("expected a full run");
      scored = run.scored;
    }
    const double best_read = *std::min_element(read.begin(), read.end());
    const double best_score = *std::min_element(score.begin(), score.end());
    std::printf("read histories (%zu users, %zu events): best %.2f s, worst %.2f s\n", read_users, read_events,
                best_read, *std::max_element(read.begin(), read.end()));
    std::printf("score updater (%zu users scored):       best %.2f s, worst %.2f s\n", scored, best_score,
                *std::max_element(score.begin(), score.end()));
    std::printf("score / read = %.2f (bar: <= 2)   peak RSS %.0f MB\n", best_score / best_read, PeakRssMb());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "score_updater_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
