// `insightos demo`: the whole pipeline on one laptop, on SQLite, with nothing set up by hand.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"
#include "backend/cli/demo_sample_events.h"
#include "backend/cli/serve_options.h"
#include "backend/cli/signal_wait.h"
#include "backend/client/http_event_sender.h"
#include "backend/server/collector_runtime.h"
#include "backend/storage/migrator.h"

namespace insightos::cli {

namespace {

constexpr char kDemoWriteKey[] = "wk_demo_public";

void RemoveSqliteFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

void PrintStoredCounts(storage::SqlConnection& db) {
  std::printf("  stored: %lld events, %lld users, %lld identity links, %lld rejected events\n",
              static_cast<long long>(db.QueryInt("SELECT COUNT(*) FROM events").value_or(0)),
              static_cast<long long>(db.QueryInt("SELECT COUNT(*) FROM users").value_or(0)),
              static_cast<long long>(db.QueryInt("SELECT COUNT(*) FROM identities").value_or(0)),
              static_cast<long long>(db.QueryInt("SELECT COUNT(*) FROM rejected_events").value_or(0)));
}

}  // namespace

void AddDemoCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("demo", "Run the whole pipeline on SQLite, then serve it on localhost");
  auto options = std::make_shared<ServeOptions>();
  AddServeOptions(cmd, options.get());
  options->db = "sqlite:insightos-data/demo.db";
  options->write_keys = std::string("demo:") + kDemoWriteKey;
  options->spool_dir = "insightos-data/spool-demo";
  auto visitors = std::make_shared<int>(300);
  auto no_serve = std::make_shared<bool>(false);
  cmd->add_option("--visitors", *visitors, "Simulated visitors to send through the collector")->capture_default_str();
  cmd->add_flag("--no-serve", *no_serve, "Run the pipeline and exit instead of serving");
  cmd->callback([options, visitors, no_serve] {
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
      auto runtime = std::make_unique<server::CollectorRuntime>(url, config, ServeWriteOptions(*options, url));
      try {
        runtime->Start();
      } catch (const std::exception& e) {
        spdlog::warn("{}; using a free port instead", e.what());
        config.port = 0;  // any free port will do for a demo
        runtime.reset();  // releases the spool before the new runtime opens it
        runtime = std::make_unique<server::CollectorRuntime>(url, config, ServeWriteOptions(*options, url));
        runtime->Start();
      }
      const std::string base = "http://" + config.host + ":" + std::to_string(runtime->port());
      std::printf("2. collector listening on %s\n", base.c_str());

      std::vector<Event> events = MakeDemoSampleEvents(*visitors);
      client::HttpEventSender sender(base, kDemoWriteKey);
      sender.Send(events);
      const client::SendReport& sent = sender.report();
      std::printf("3. sent %zu events through POST /v1/batch: %lld accepted, %lld rejected, %lld failed\n",
                  events.size(), static_cast<long long>(sent.accepted), static_cast<long long>(sent.rejected),
                  static_cast<long long>(sent.failed));
      if (sent.failed > 0) throw CommandError(kExitFailure, "events were not acknowledged: " + sent.last_error);
      PrintStoredCounts(*db);

      if (*no_serve) {
        runtime->Stop();
        return;
      }
      std::printf("\nServing on %s  (Ctrl-C to stop)\n", base.c_str());
      // The demo site (web/demo, built into the web root) sends its events with the demo
      // write key into this same database.
      if (std::filesystem::exists(std::filesystem::path(config.web_root) / "demo" / "index.html")) {
        std::printf("  demo site: %s/demo/index.html  (sign up, verify, create a project: the tracker records the funnel)\n",
                    base.c_str());
      } else {
        std::printf("  demo site: not built (no %s/demo); run scripts/build.sh\n", config.web_root.c_str());
      }
      std::printf("  health:   %s/healthz\n  metrics:  %s/metrics\n  ingest:   POST %s/v1/batch with write key %s\n",
                  base.c_str(), base.c_str(), base.c_str(), kDemoWriteKey);
      std::fflush(stdout);
      WaitForTerminationSignal();
      runtime->Stop();
    });
  });
}

}  // namespace insightos::cli
