// insightos attribution: brings identities and users' first-touch campaign up to date with
// the stored events (docs/funnels.md), as the "attribution" job: locked and recorded in
// job_runs like every job.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

#include "backend/analytics/attribution_job.h"
#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"
#include "backend/jobs/job_runner.h"

namespace insightos::cli {

namespace {

struct AttributionCommandOptions {
  std::string db;
  bool full = false;
  bool wait = false;
  bool json = false;
};

void Run(const AttributionCommandOptions& o) {
  const storage::DatabaseUrl url = ResolveDatabase(o.db);
  // The job runner logs each run at info level on the default (stdout) logger; --json output
  // is for programs, so it stays the only thing printed.
  if (o.json) spdlog::set_level(spdlog::level::warn);
  RunWithStorageErrors("attribution", [&] {
    jobs::RunOptions run;
    run.lock_policy = o.wait ? jobs::LockPolicy::kWaitIfRunning : jobs::LockPolicy::kSkipIfRunning;
    const jobs::RunResult result = jobs::RunJob(analytics::AttributionJob({o.full}), url, run);
    if (result.status == "failed") throw CommandError(kExitFailure, "attribution failed: " + result.error);
    if (o.json) {
      std::printf("%s\n", nlohmann::json({{"run_id", result.run_id}, {"status", result.status},
                                          {"seconds", result.seconds}, {"detail", result.detail}})
                              .dump(2)
                              .c_str());
      return;
    }
    if (result.status == "skipped") {
      std::printf("attribution is already running (run %lld skipped); --wait waits for it\n",
                  static_cast<long long>(result.run_id));
      return;
    }
    const nlohmann::json& d = result.detail;
    std::printf("attribution%s: events %lld..%lld, %lld users recomputed, %lld changed, %lld identity links repaired "
                "(%.2f s)\n",
                d.value("full", false) ? " (full)" : "", static_cast<long long>(d.value("from_event_id", 0LL)),
                static_cast<long long>(d.value("to_event_id", 0LL)), static_cast<long long>(d.value("users_recomputed", 0LL)),
                static_cast<long long>(d.value("users_changed", 0LL)),
                static_cast<long long>(d.value("identities_repaired", 0LL)), result.seconds);
  });
}

}  // namespace

void AddAttributionCommand(CLI::App& app) {
  auto options = std::make_shared<AttributionCommandOptions>();
  CLI::App* cmd = app.add_subcommand("attribution", "Recompute identities and users' first-touch campaign from new events");
  AddDatabaseOption(cmd, &options->db);
  cmd->add_flag("--full", options->full, "Recompute every user, not only those new events can affect");
  cmd->add_flag("--wait", options->wait, "If a run is in progress, wait for it instead of skipping");
  cmd->add_flag("--json", options->json, "Print the run as JSON");
  cmd->callback([options] { Run(*options); });
}

}  // namespace insightos::cli
