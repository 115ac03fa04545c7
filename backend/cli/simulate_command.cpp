// insightos simulate: generate a realistic, seeded event stream with planted truths (SPEC §6,
// docs/simulator.md) into an NDJSON event file, through a running collector over HTTP, or
// straight into the database, with optional ground truth and parameters.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"
#include "backend/cli/duration_option.h"
#include "backend/cli/progress_bar.h"
#include "backend/simulator/config_json.h"
#include "backend/simulator/database_event_sink.h"
#include "backend/simulator/http_collector_sink.h"
#include "backend/simulator/ndjson_event_sink.h"
#include "backend/simulator/planted_value.h"
#include "backend/simulator/simulator.h"
#include "backend/simulator/truth_csv_sink.h"
#include "backend/storage/migrator.h"

namespace insightos::cli {

namespace {

struct SimulateOptions {
  std::uint64_t users = 1000;
  std::uint64_t seed = 1;
  std::string out;
  std::string collector;
  std::string write_key;
  int connections = 4;
  std::string db;
  std::string source = "simulator";
  std::string truth_out;
  std::string params_out;
  std::string now;
  TimestampMs period_ms = 365 * kMillisPerDay;
  TimestampMs value_horizon_ms = 180 * kMillisPerDay;
  double value_ratio = 2.3;
  std::string valued_campaign = "google_gestao_agil";
  double verify_rate = 0.85;
  double activation_rate = 0.35;
  double invite_rate = 0.55;
  double bot_share = 0.005;
  bool json = false;
  bool quiet = false;
};

double Days(TimestampMs ms) { return static_cast<double>(ms) / static_cast<double>(kMillisPerDay); }

simulator::SimulationConfig BuildConfig(const SimulateOptions& o) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = o.users;
  config.seed = o.seed;
  if (!o.now.empty()) {
    Result<TimestampMs> now = ParseTimestamp(o.now);
    ThrowIfError(now.status(), "--now");
    config.now = *now;
  }
  config.period_days = Days(o.period_ms);
  config.value_horizon_days = Days(o.value_horizon_ms);
  config.value_ratio = o.value_ratio;
  config.valued_campaign = o.valued_campaign;
  config.stages = {o.verify_rate, o.activation_rate, o.invite_rate};
  config.bot_share = o.bot_share;
  ThrowIfError(simulator::PlantValueRatio(&config), "invalid simulation parameters");
  return config;
}

void PrintSummary(const simulator::SimulationSummary& s, const simulator::SimulationConfig& config, double seconds) {
  auto rate = [](std::uint64_t part, std::uint64_t whole) {
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  };
  std::fprintf(stderr, "simulated %s users (%s crawlers), %s events in %.2f s: %.0f users/s, %.0f events/s\n",
               WithThousandsSeparators(s.users).c_str(), WithThousandsSeparators(s.bots).c_str(),
               WithThousandsSeparators(s.events).c_str(), seconds, static_cast<double>(s.users) / seconds,
               static_cast<double>(s.events) / seconds);
  std::fprintf(stderr, "leads %s (%.1f%% of visitors), verified %.1f%%, created a project %.1f%%, invited %.1f%%, "
               "customers %s (%.1f%% of leads), orders %s, revenue %.2f\n",
               WithThousandsSeparators(s.leads).c_str(), rate(s.leads, s.users - s.bots), rate(s.verified, s.leads),
               rate(s.activated, s.leads), rate(s.inviters, s.leads), WithThousandsSeparators(s.customers).c_str(),
               rate(s.customers, s.leads), WithThousandsSeparators(s.orders).c_str(), s.revenue);
  std::fprintf(stderr, "best achievable lead-scoring AUC (true probabilities): %.4f\n", s.oracle_auc);
  std::fprintf(stderr, "%-20s %10s %8s %9s %8s %14s %14s\n", "campaign", "visitors", "leads", "customers", "valued",
               "mean value", "expected value");
  for (const auto& [name, c] : s.campaigns) {
    const double mean = c.valued_customers > 0 ? c.horizon_revenue / static_cast<double>(c.valued_customers) : 0;
    std::fprintf(stderr, "%-20s %10llu %8llu %9llu %8llu %14.2f %14.2f\n", name.c_str(),
                 static_cast<unsigned long long>(c.visitors), static_cast<unsigned long long>(c.leads),
                 static_cast<unsigned long long>(c.customers), static_cast<unsigned long long>(c.valued_customers), mean,
                 c.expected_value);
  }
  std::fprintf(stderr, "customer value = revenue in the %.0f days from the subscription start; planted: %s is worth "
               "%.2fx the mean of the other campaigns\n",
               config.value_horizon_days, config.valued_campaign.c_str(), config.value_ratio);
}

// Where the events went besides the file: what the collector acknowledged, what the database stored.
struct Deliveries {
  simulator::HttpCollectorSink* collector = nullptr;
  simulator::DatabaseEventSink* database = nullptr;
};

void PrintDeliveries(const Deliveries& d, double seconds) {
  if (d.collector != nullptr) {
    const client::SendReport r = d.collector->report();
    std::fprintf(stderr, "collector: %s events accepted, %s rejected, in %s requests (%s retried): %.0f events/s\n",
                 WithThousandsSeparators(static_cast<std::uint64_t>(r.accepted)).c_str(),
                 WithThousandsSeparators(static_cast<std::uint64_t>(r.rejected)).c_str(),
                 WithThousandsSeparators(static_cast<std::uint64_t>(r.requests)).c_str(),
                 WithThousandsSeparators(static_cast<std::uint64_t>(r.retries)).c_str(),
                 static_cast<double>(r.accepted) / seconds);
  }
  if (d.database != nullptr) {
    std::fprintf(stderr, "database: %s events stored, %s already there: %.0f events/s\n",
                 WithThousandsSeparators(static_cast<std::uint64_t>(d.database->inserted())).c_str(),
                 WithThousandsSeparators(static_cast<std::uint64_t>(d.database->duplicates())).c_str(),
                 static_cast<double>(d.database->inserted()) / seconds);
  }
}

nlohmann::json DeliveriesToJson(const Deliveries& d) {
  nlohmann::json out = nlohmann::json::object();
  if (d.collector != nullptr) {
    const client::SendReport r = d.collector->report();
    out["collector"] = {{"accepted", r.accepted}, {"rejected", r.rejected}, {"requests", r.requests}, {"retries", r.retries}};
  }
  if (d.database != nullptr) out["database"] = {{"inserted", d.database->inserted()}, {"duplicates", d.database->duplicates()}};
  return out;
}

void Run(const SimulateOptions& o) {
  if (o.out.empty() && o.collector.empty() && o.db.empty()) {
    throw CommandError(kExitUsage, "say where the events go: --out FILE, --collector URL or --db URL");
  }
  if (o.json && o.out == "-") throw CommandError(kExitUsage, "--json needs standard output, so --out cannot be '-'");
  if (!o.collector.empty() && o.write_key.empty()) throw CommandError(kExitUsage, "--collector needs --write-key");
  simulator::SimulationConfig config = BuildConfig(o);
  std::vector<std::unique_ptr<simulator::SimulationSink>> owned;
  auto add = [&](auto opened) {
    ThrowIfError(opened.status(), "");
    auto* sink = opened->get();
    owned.push_back(std::move(*opened));
    return sink;
  };
  Deliveries deliveries;
  if (!o.out.empty()) add(simulator::NdjsonEventSink::Open(o.out));
  if (!o.db.empty()) {
    simulator::DatabaseSinkOptions db;
    db.database = ResolveDatabase(o.db);
    db.source = o.source;
    RunWithStorageErrors("migrating " + db.database.Redacted(),
                         [&] { storage::ApplyMigrations(*storage::OpenConnection(db.database)); });
    deliveries.database = add(simulator::DatabaseEventSink::Open(db));
  }
  if (!o.collector.empty()) {
    simulator::HttpCollectorOptions http;
    http.base_url = o.collector;
    http.write_key = o.write_key;
    http.connections = o.connections;
    deliveries.collector = add(simulator::HttpCollectorSink::Open(http));
  }
  if (!o.truth_out.empty()) add(simulator::TruthCsvSink::Open(o.truth_out));
  if (!o.params_out.empty()) {
    std::ofstream params(o.params_out);
    params << simulator::SimulationConfigToJson(config).dump(2) << "\n";
    if (!params) throw CommandError(kExitFailure, "cannot write " + o.params_out);
  }
  std::vector<simulator::SimulationSink*> sinks;
  for (auto& sink : owned) sinks.push_back(sink.get());

  ProgressBar bar("users", config.users, !o.quiet && o.out != "-" && isatty(STDERR_FILENO) == 1);
  const auto start = std::chrono::steady_clock::now();
  Result<simulator::SimulationSummary> summary =
      simulator::RunSimulation(config, sinks, [&](std::uint64_t done, std::uint64_t) { bar.Update(done); });
  bar.Finish();
  ThrowIfError(summary.status(), "simulation failed");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!o.quiet) {
    PrintSummary(*summary, config, seconds);
    PrintDeliveries(deliveries, seconds);
  }
  if (o.json) {
    nlohmann::json out = simulator::SimulationSummaryToJson(*summary);
    out.update(DeliveriesToJson(deliveries));
    out["seconds"] = seconds;
    std::printf("%s\n", out.dump(2).c_str());
  }
}

}  // namespace

void AddSimulateCommand(CLI::App& app) {
  auto options = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand("simulate", "Generate a seeded event stream with planted truths (docs/simulator.md)");
  cmd->add_option("--users", options->users, "Visitors to simulate (1 to 100,000,000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
  cmd->add_option("--seed", options->seed, "Random seed: the same seed gives the same data");
  cmd->add_option("--out", options->out, "NDJSON event file to write ('-' for standard output)");
  cmd->add_option("--collector", options->collector,
                  "Also send the events to this collector over HTTP (e.g. http://127.0.0.1:8080)");
  cmd->add_option("--write-key", options->write_key, "Write key for --collector");
  cmd->add_option("--connections", options->connections, "Concurrent HTTP connections for --collector")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--db", options->db,
                  "Also bulk-load the events into this database (sqlite:PATH or postgresql://...), migrating it first");
  cmd->add_option("--source", options->source, "Source name stored with the events for --db")->capture_default_str();
  cmd->add_option("--truth-out", options->truth_out, "CSV file for the ground truth, one row per person");
  cmd->add_option("--params-out", options->params_out, "JSON file for the effective parameters");
  cmd->add_option("--now", options->now, "End of the data, ISO 8601 (default 2025-01-01T00:00:00Z)");
  AddDurationOption(cmd, "--period", &options->period_ms, "Arrivals spread over this period before --now", "365d");
  cmd->add_option("--value-ratio", options->value_ratio,
                  "Planted: the valued campaign's customers are worth this multiple of the others' mean")
      ->capture_default_str();
  cmd->add_option("--valued-campaign", options->valued_campaign, "Campaign the value ratio is planted on")
      ->capture_default_str();
  AddDurationOption(cmd, "--value-horizon", &options->value_horizon_ms, "Customer value is revenue over this period",
                    "180d");
  cmd->add_option("--verify-rate", options->verify_rate, "Base rate user_created -> user_verified")
      ->capture_default_str();
  cmd->add_option("--activation-rate", options->activation_rate,
                  "Base rate user_verified -> project_created (the planted worst step)")
      ->capture_default_str();
  cmd->add_option("--invite-rate", options->invite_rate, "Base rate project_created -> teammate_invited")
      ->capture_default_str();
  cmd->add_option("--bot-share", options->bot_share, "Share of visitors that are crawlers")->capture_default_str();
  cmd->add_flag("--json", options->json, "Print the run summary as JSON on standard output");
  cmd->add_flag("--quiet", options->quiet, "No progress bar and no summary on standard error");
  cmd->callback([options] { Run(*options); });
}

}  // namespace insightos::cli
