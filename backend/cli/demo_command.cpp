// `insightos demo`: the whole pipeline on one laptop, on SQLite, with nothing set up by hand:
// a collector, simulated visitors sent to it over real HTTP, the jobs, the funnel and the
// campaign report, then the collector keeps serving.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "backend/analytics/attribution_job.h"
#include "backend/analytics/database_campaigns.h"
#include "backend/analytics/funnel_pushdown.h"
#include "backend/cli/analytics_text.h"
#include "backend/cli/collector_routes.h"
#include "backend/cli/command_error.h"
#include "backend/cli/dashboard_config.h"
#include "backend/cli/database_option.h"
#include "backend/cli/progress_bar.h"
#include "backend/cli/serve_options.h"
#include "backend/cli/signal_wait.h"
#include "backend/dashboard/dashboard_build.h"
#include "backend/jobs/job_runner.h"
#include "backend/ltv/ltv_job.h"
#include "backend/scoring/lead_scoring_jobs.h"
#include "backend/server/collector_runtime.h"
#include "backend/simulator/http_collector_sink.h"
#include "backend/simulator/planted_value.h"
#include "backend/simulator/simulator.h"
#include "backend/storage/migrator.h"

namespace insightos::cli {

namespace {

constexpr char kDemoWriteKey[] = "wk_demo_public";

struct DemoOptions {
  std::uint64_t visitors = 25000;
  std::uint64_t seed = 1;
  bool no_serve = false;
};

void RemoveSqliteFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

void PrintStoredCounts(storage::SqlConnection& db) {
  std::printf("   stored: %lld events, %lld users, %lld identity links, %lld rejected events\n",
              static_cast<long long>(db.QueryInt("SELECT COUNT(*) FROM events").value_or(0)),
              static_cast<long long>(db.QueryInt("SELECT COUNT(*) FROM users").value_or(0)),
              static_cast<long long>(db.QueryInt("SELECT COUNT(*) FROM identities").value_or(0)),
              static_cast<long long>(db.QueryInt("SELECT COUNT(*) FROM rejected_events").value_or(0)));
}

// A collector with every route `serve` has (jobs, model, dashboard). Members are destroyed
// in reverse: the runtime stops serving before the routes it calls into go away.
struct DemoCollector {
  std::unique_ptr<CollectorRoutes> routes;
  std::unique_ptr<server::CollectorRuntime> runtime;

  void Open(const storage::DatabaseUrl& url, const ServeOptions& options, const server::CollectorConfig& config,
            const std::string& dashboard_dir) {
    runtime.reset();  // releases the spool before a new runtime opens it
    routes.reset();
    runtime = std::make_unique<server::CollectorRuntime>(url, config, ServeWriteOptions(options, url));
    routes = std::make_unique<CollectorRoutes>(*runtime, url, config, dashboard_dir);
  }
};

DemoCollector StartCollector(const storage::DatabaseUrl& url, const ServeOptions& options,
                             server::CollectorConfig* config, const std::string& dashboard_dir) {
  DemoCollector collector;
  collector.Open(url, options, *config, dashboard_dir);
  try {
    collector.runtime->Start();
  } catch (const std::exception& e) {
    spdlog::warn("{}; using a free port instead", e.what());
    config->port = 0;  // any free port will do for a demo
    collector.Open(url, options, *config, dashboard_dir);
    collector.runtime->Start();
  }
  return collector;
}

// The demo serves the dashboard and job routes behind an admin token; without one given, a
// random one for this run.
std::string RandomToken() {
  std::random_device device;
  std::string token;
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) token.push_back(kHex[device() % 16]);
  return token;
}

// Simulated visitors of the last year, up to now, sent through the collector like browsers
// would (docs/simulator.md).
void SendSimulatedVisitors(const DemoOptions& o, const std::string& base) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = o.visitors;
  config.seed = o.seed;
  const TimestampMs now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  config.now = now - now % kMillisPerMinute;
  ThrowIfError(simulator::PlantValueRatio(&config), "simulation parameters");
  simulator::HttpCollectorOptions http;
  http.base_url = base;
  http.write_key = kDemoWriteKey;
  Result<std::unique_ptr<simulator::HttpCollectorSink>> sink = simulator::HttpCollectorSink::Open(http);
  ThrowIfError(sink.status(), "");
  simulator::SimulationSink* sinks[] = {sink->get()};

  ProgressBar bar("visitors", config.users);
  const auto start = std::chrono::steady_clock::now();
  Result<simulator::SimulationSummary> summary =
      simulator::RunSimulation(config, sinks, [&](std::uint64_t done, std::uint64_t) { bar.Update(done); });
  bar.Finish();
  ThrowIfError(summary.status(), "sending the simulated visitors");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const client::SendReport sent = (*sink)->report();
  std::printf("3. simulated %s visitors (seed %llu): %s events sent through POST /v1/batch in %.1f s (%.0f events/s), "
              "%s accepted, %s rejected\n",
              WithThousandsSeparators(summary->users).c_str(), static_cast<unsigned long long>(o.seed),
              WithThousandsSeparators(summary->events).c_str(), seconds, static_cast<double>(summary->events) / seconds,
              WithThousandsSeparators(static_cast<std::uint64_t>(sent.accepted)).c_str(),
              WithThousandsSeparators(static_cast<std::uint64_t>(sent.rejected)).c_str());
}

void RunDemoJob(const jobs::JobDefinition& job, const storage::DatabaseUrl& url, const char* step) {
  jobs::RunOptions run;
  run.lock_policy = jobs::LockPolicy::kWaitIfRunning;
  const jobs::RunResult result = jobs::RunJob(job, url, run);
  if (result.status != "succeeded") throw CommandError(kExitFailure, job.name + " job " + result.status + ": " + result.error);
  std::printf("%s %s job (run %lld, %.2f s): %s\n", step, job.name.c_str(), static_cast<long long>(result.run_id),
              result.seconds, result.detail.dump().c_str());
}

void PrintFunnel(storage::SqlConnection& db) {
  analytics::FunnelQuery query;
  query.definition.steps = {"user_created", "user_verified", "project_created", "teammate_invited",
                            "subscription_started"};
  Result<analytics::FunnelAnalysis> funnel = analytics::AnalyzeFunnelInDatabase(db, query);
  ThrowIfError(funnel.status(), "funnel");
  std::printf("\n%s", FunnelReportText(*funnel, "", /*pushed_down=*/true).c_str());
}

void PrintCampaigns(storage::SqlConnection& db) {
  analytics::CampaignQuery query;
  query.bootstrap = analytics::BootstrapOptions{1000, 1};
  Result<analytics::CampaignAnalysis> campaigns = analytics::AnalyzeCampaignsInDatabase(db, query);
  ThrowIfError(campaigns.status(), "campaigns");
  std::printf("\n%s\n%s", CampaignReportText(*campaigns, true).c_str(), BestCampaignText(*campaigns, true).c_str());
}

// Sales' view in the terminal: the open leads the score job ranks highest, with their reasons.
void PrintTopLeads(storage::SqlConnection& db) {
  std::printf("\nLeads to call first (the lead_list view: scored by the score job, not yet customers):\n");
  db.Query("SELECT user_id, lead_score, lead_tier, lead_reasons, campaign FROM lead_list "
           "WHERE lead_score IS NOT NULL ORDER BY lead_score DESC, user_id LIMIT 5",
           {}, [](const storage::SqlRow& row) {
             std::string reasons;
             for (const auto& reason : nlohmann::json::parse(row.GetText(3))) {
               if (!reasons.empty()) reasons += "; ";
               reasons += reason.is_object() ? reason.value("text", reason.dump()) : reason.dump();
             }
             std::printf("  %-14s %5.1f  tier %s  %-20s %s\n", row.GetText(0).c_str(), row.GetDouble(1),
                         row.GetText(2).c_str(), row.GetText(4).c_str(), reasons.c_str());
           });
}

void Serve(const std::string& base, const server::CollectorConfig& config, const std::string& dashboard_dir) {
  std::printf("\nServing on %s  (Ctrl-C to stop)\n", base.c_str());
  std::printf("  dashboard: %s/dashboard/?token=%s\n             (or open %s/index.html from disk)\n", base.c_str(),
              config.admin_token.c_str(), std::filesystem::absolute(dashboard_dir).c_str());
  std::printf("  model:     %s/v1/model  (what the tracker scores visitors with)\n", base.c_str());
  // The demo site (web/demo, built into the web root) sends its events with the demo
  // write key into this same database.
  if (std::filesystem::exists(std::filesystem::path(config.web_root) / "demo" / "index.html")) {
    std::printf("  demo site: %s/demo/index.html  (sign up, verify, create a project: the tracker records the funnel)\n",
                base.c_str());
  } else {
    std::printf("  demo site: not built (no %s/demo); run scripts/build.sh\n", config.web_root.c_str());
  }
  std::printf("  health:    %s/healthz\n  metrics:   %s/metrics\n  ingest:    POST %s/v1/batch with write key %s\n"
              "  jobs:      curl -X POST -H 'Authorization: Bearer %s' %s/v1/jobs/score\n",
              base.c_str(), base.c_str(), base.c_str(), kDemoWriteKey, config.admin_token.c_str(), base.c_str());
  std::fflush(stdout);
  WaitForTerminationSignal();
}

}  // namespace

void AddDemoCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("demo", "Run the whole pipeline on SQLite, then serve it on localhost");
  auto options = std::make_shared<ServeOptions>();
  AddServeOptions(cmd, options.get());
  options->db = "sqlite:insightos-data/demo.db";
  options->write_keys = std::string("demo:") + kDemoWriteKey;
  options->spool_dir = "insightos-data/spool-demo";
  auto demo = std::make_shared<DemoOptions>();
  cmd->add_option("--visitors", demo->visitors, "Simulated visitors to send through the collector")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000}))
      ->capture_default_str();
  cmd->add_option("--seed", demo->seed, "Seed of the simulated visitors")->capture_default_str();
  cmd->add_flag("--no-serve", demo->no_serve, "Run the pipeline and exit instead of serving");
  cmd->callback([options, demo] {
    storage::DatabaseUrl url = ResolveDatabase(options->db);
    if (url.dialect != storage::SqlDialect::kSqlite) {
      throw CommandError(kExitUsage, "the demo runs on SQLite (--db sqlite:PATH); use `serve` for PostgreSQL");
    }
    BlockTerminationSignals();
    RunWithStorageErrors("demo", [&] {
      std::printf("InsightOS demo\n");
      RemoveSqliteFiles(url.sqlite_path);  // every run starts from the same empty database
      auto db = storage::OpenConnection(url);
      storage::MigrationReport migrated = storage::ApplyMigrations(*db);
      std::printf("1. migrated %s to schema version %d\n", url.Redacted().c_str(), migrated.version_after);

      server::CollectorConfig config = BuildCollectorConfig(*options);
      if (config.admin_token.empty()) config.admin_token = RandomToken();
      const dashboard::DashboardOptions dashboard_options = DashboardOptionsFromEnvironment();
      DemoCollector collector = StartCollector(url, *options, &config, dashboard_options.out_dir);
      const std::string base = "http://" + config.host + ":" + std::to_string(collector.runtime->port());
      std::printf("2. collector listening on %s\n", base.c_str());
      std::fflush(stdout);

      SendSimulatedVisitors(*demo, base);
      PrintStoredCounts(*db);

      // The nightly jobs, in their order, as `jobs run` would run them (lock, job_runs row).
      RunDemoJob(analytics::AttributionJob(), url, "4.");
      RunDemoJob(scoring::TrainJob(), url, "5.");
      RunDemoJob(scoring::ScoreJob(), url, "6.");
      RunDemoJob(ltv::LtvJob(), url, "7.");

      PrintFunnel(*db);
      PrintCampaigns(*db);
      PrintTopLeads(*db);

      RunDemoJob(dashboard::DashboardJob(dashboard_options), url, "8.");

      if (!demo->no_serve) Serve(base, config, dashboard_options.out_dir);
      collector.runtime->Stop();
    });
  });
}

}  // namespace insightos::cli
