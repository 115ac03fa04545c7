// Issue 6: the nightly ltv job at a realistic size, against the time to just read the
// per-customer summaries it starts from, side by side on the same database in the same run.
//
//   build/bin/ltv_job_bench [--customers N] [--database sqlite|postgres] [--postgres-url URL]
//                           [--repeat R]
//
// Customers come from the simulator's six campaigns (their BG/NBD + Gamma-Gamma parameters,
// value ratio planted), first purchases spread over two years, stored as events the way the
// collector stores them (identify + order_completed), first touch set on users. Then, R times
// each, interleaved:
//   read = SummarizeStoredPurchases (the SQL aggregate and reading its rows into memory)
//   job  = RunLtvJob (the same summary, per-campaign fits, every customer's values, campaign
//          comparison, tracking and P(alive) reports, and storing all of it in one transaction)
// and prints best and worst wall times, the job's phases, and job / read.
#include <CLI/CLI.hpp>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_database.h"
#include "backend/ltv/ltv_job.h"
#include "backend/ltv/purchase_simulation.h"
#include "backend/ltv/stored_purchases.h"
#include "backend/simulator/simulation_config.h"
#include "backend/storage/migrator.h"
#include "backend/storage/sql_connection.h"
#include "tests/support/database_event_loader.h"

namespace {

using namespace insightos;
using Clock = std::chrono::steady_clock;

constexpr TimestampMs kAsOf = 1735689599999;  // 2024-12-31, end of day
constexpr double kSpanDays = 730;

double Seconds(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024;
}

// Stores `customers` simulated customers; returns the number of order events.
std::int64_t LoadCustomers(const storage::DatabaseUrl& url, std::size_t customers) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  std::vector<double> shares;
  for (const simulator::CampaignProfile& c : config.campaigns) shares.push_back(c.traffic_share);
  std::discrete_distribution<std::size_t> pick_campaign(shares.begin(), shares.end());
  std::uniform_real_distribution<double> first_day(0, kSpanDays);
  std::mt19937_64 rng(1);
  testing::DatabaseEventLoader loader(url, 20000);
  std::int64_t orders = 0;
  for (std::size_t i = 0; i < customers; ++i) {
    const simulator::CampaignProfile& campaign = config.campaigns[pick_campaign(rng)];
    const double age_days = first_day(rng);
    const TimestampMs first = kAsOf - static_cast<TimestampMs>(age_days * kMillisPerDay);
    const ltv::SimulatedCustomer s = ltv::SimulateCustomer(campaign.purchases, campaign.spend, age_days, rng);
    const std::string user = "c" + std::to_string(i);
    Event identify;
    identify.type = EventType::kIdentify;
    identify.message_id = user + "-id";
    identify.user_id = user;
    identify.traits.Set("campaign", JsonValue::String(campaign.name));
    identify.timestamp = identify.received_at = first;
    loader.Add(identify);
    auto order = [&](double day, double value, std::size_t k) {
      Event e;
      e.type = EventType::kTrack;
      e.name = "order_completed";
      e.message_id = user + "-o" + std::to_string(k);
      e.user_id = user;
      e.timestamp = e.received_at = first + static_cast<TimestampMs>(day * kMillisPerDay);
      e.properties.Set("revenue", JsonValue::Number(std::round(value * 100) / 100));
      loader.Add(e);
      ++orders;
    };
    order(0, s.first_spend, 0);
    for (std::size_t k = 0; k < s.repeat_times.size(); ++k) order(s.repeat_times[k], s.repeat_spends[k], k + 1);
  }
  if (!loader.Close().ok()) throw std::runtime_error("loading failed");
  auto conn = storage::OpenConnection(url);
  conn->Execute("UPDATE users SET first_utm_campaign = traits->>'campaign'");
  conn->ExecuteScript("ANALYZE");
  return orders;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ltv job vs reading its summaries, on the same stored purchases"};
  std::size_t customers = 200000;
  int repeat = 3;
  std::string database = "sqlite";
  std::string postgres_url = bench::PostgresUrlFromEnvironment();
  app.add_option("--customers", customers, "Customers to store")->capture_default_str();
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
        bench::FreshBenchDatabase(database, postgres_url, database == "sqlite" ? "insightos-ltv-job-bench" : "ltv_job_bench");

    Clock::time_point start = Clock::now();
    const std::int64_t orders = LoadCustomers(url, customers);
    std::printf("stored %zu customers, %lld orders in %s in %.1f s (setup, not measured)\n", customers,
                static_cast<long long>(orders), database.c_str(), Seconds(start));

    ltv::LtvJobOptions options;
    options.unit = ltv::TimeUnit::kWeek;
    options.as_of = kAsOf;
    std::vector<double> read, job;
    nlohmann::json phases;
    std::size_t summarized = 0;
    for (int r = 0; r < repeat; ++r) {
      start = Clock::now();
      {
        auto conn = storage::OpenConnection(url);
        summarized = ltv::SummarizeStoredPurchases(*conn, {options.unit, kAsOf, std::nullopt, options.value_horizon_days})
                         .size();
      }
      read.push_back(Seconds(start));
      start = Clock::now();
      const ltv::LtvJobSummary run = ltv::RunLtvJob(url, options);
      job.push_back(Seconds(start));
      if (run.status != "succeeded") throw std::runtime_error("the job failed: " + run.error);
      if (r == 0 || job.back() <= *std::min_element(job.begin(), job.end())) phases = run.detail["phase_seconds"];
    }
    const double best_read = *std::min_element(read.begin(), read.end());
    const double best_job = *std::min_element(job.begin(), job.end());
    std::printf("read summaries (%zu customers): best %.2f s, worst %.2f s\n", summarized, best_read,
                *std::max_element(read.begin(), read.end()));
    std::printf("ltv job:                        best %.2f s, worst %.2f s  (phases of the best: %s)\n", best_job,
                *std::max_element(job.begin(), job.end()), phases.dump().c_str());
    std::printf("job / read = %.2f   peak RSS %.0f MB\n", best_job / best_read, PeakRssMb());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ltv_job_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
