#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <memory>

#include "backend/cli/collector_routes.h"
#include "backend/cli/command_error.h"
#include "backend/cli/dashboard_config.h"
#include "backend/cli/database_option.h"
#include "backend/cli/environment.h"
#include "backend/cli/serve_options.h"
#include "backend/cli/partition_policy_option.h"
#include "backend/cli/signal_wait.h"
#include "backend/jobs/job_scheduler.h"
#include "backend/server/collector_runtime.h"
#include "backend/storage/event_partitions.h"
#include "backend/storage/migrator.h"
#include "backend/storage/storage_error.h"

namespace insightos::cli {

namespace {

// Monthly event partitions for the months ahead, so a fresh deployment does not fill the
// default partition until the first `partitions` job. Best effort: without them events still
// land (in the default partition), so a failure here is logged, not fatal.
void CreatePartitionsAhead(const storage::DatabaseUrl& url) {
  if (url.dialect != storage::SqlDialect::kPostgres) return;
  const storage::PartitionPolicy policy = PartitionPolicyFromEnvironment();
  try {
    auto connection = storage::OpenConnection(url);
    const TimestampMs now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
    storage::CreateEventPartitionsAhead(*connection, now, policy);
  } catch (const storage::StorageError& e) {
    spdlog::warn("could not create the event partitions ahead ({}); run `insightos jobs run partitions`", e.what());
  }
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("serve", "Run the HTTP collector (stateless; run as many as you like)");
  auto options = std::make_shared<ServeOptions>();
  AddServeOptions(cmd, options.get());
  auto migrate = std::make_shared<bool>(false);
  cmd->add_flag("--migrate", *migrate, "Apply pending schema migrations before serving");
  auto schedule = std::make_shared<std::string>();
  CLI::Option* schedule_option = cmd->add_option("--schedule", *schedule,
                  std::string("Run jobs on a schedule in this process, e.g. \"") + jobs::kDefaultSchedules +
                      "\" (the default when given without a value; the job lock keeps each run single "
                      "across collectors)")
      ->expected(0, 1);
  cmd->callback([options, migrate, schedule, schedule_option] {
    storage::DatabaseUrl url = ResolveDatabase(options->db);
    server::CollectorConfig config = BuildCollectorConfig(*options);
    if (config.write_keys.empty()) {
      throw CommandError(kExitUsage,
                         "no write keys configured: pass --write-key SOURCE:KEY[@ORIGIN|...] or set INSIGHTOS_WRITE_KEYS");
    }
    std::vector<jobs::JobSchedule> schedules;
    if (schedule_option->count() > 0) {
      auto parsed = jobs::ParseJobSchedules(schedule->empty() ? jobs::kDefaultSchedules : *schedule);
      ThrowIfError(parsed.status(), "--schedule");
      schedules = *parsed;
    }
    BlockTerminationSignals();  // before any thread starts, so only the waiter receives them
    RunWithStorageErrors("serve " + url.Redacted(), [&] {
      if (*migrate) storage::ApplyMigrations(*storage::OpenConnection(url));
      CreatePartitionsAhead(url);
      // Fail fast on an unmigrated or unreachable database rather than on the first request;
      // with a spool an unreachable database is survivable (events wait in the spool).
      try {
        storage::OpenEventStore(url);
      } catch (const storage::StorageError& e) {
        if (e.kind() != storage::StorageError::Kind::kUnavailable || config.spool_dir.empty()) throw;
        spdlog::warn("the database is unreachable ({}); accepting into the spool until it is back", e.what());
      }
      server::CollectorRuntime runtime(url, config, ServeWriteOptions(*options, url));
      const CollectorRoutes routes(runtime, url, config, DashboardOptionsFromEnvironment().out_dir);
      const jobs::JobCatalog& catalog = routes.catalog();
      runtime.Start();
      std::unique_ptr<jobs::JobScheduler> scheduler;
      if (!schedules.empty()) {
        std::vector<jobs::JobSchedule> known;
        for (const auto& s : schedules) {
          if (catalog.Find(s.job) != nullptr) known.push_back(s);
          else spdlog::warn("--schedule: this build has no job named '{}'; ignored", s.job);
        }
        scheduler = std::make_unique<jobs::JobScheduler>(&catalog, url, known);
      }
      spdlog::info("collecting on http://{}:{} into {}", config.host, runtime.port(), url.Redacted());
      int signal = WaitForTerminationSignal();
      spdlog::info("received signal {}: finishing in-flight requests and flushing", signal);
      scheduler.reset();  // lets a running scheduled job finish
      runtime.Stop();
      spdlog::info("stopped cleanly");
    });
  });
}

}  // namespace insightos::cli
