// `insightos jobs`: run a job with locking and bookkeeping (for any cron), or list runs.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"
#include "backend/cli/job_catalog.h"
#include "backend/jobs/job_runner.h"
#include "backend/storage/sql_connection.h"

namespace insightos::cli {

void AddJobsCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("jobs", "Run batch jobs with locking and bookkeeping, or list their runs");
  cmd->require_subcommand(1);

  CLI::App* run = cmd->add_subcommand("run", "Run one job now (e.g. from cron)");
  auto db = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto wait = std::make_shared<bool>(false);
  AddDatabaseOption(run, db.get());
  run->add_option("JOB", *name, "The job to run")->required();
  run->add_flag("--wait", *wait, "If the job is already running, wait for it instead of skipping");
  run->callback([db, name, wait] {
    jobs::JobCatalog catalog = BuildJobCatalog();
    const jobs::JobDefinition* job = catalog.Find(*name);
    if (job == nullptr) {
      std::string known;
      for (const auto& j : catalog.jobs()) known += (known.empty() ? "" : ", ") + j.name;
      throw CommandError(kExitUsage, "no job named '" + *name + "' (known: " + (known.empty() ? "none" : known) + ")");
    }
    storage::DatabaseUrl url = ResolveDatabase(*db);
    RunWithStorageErrors("jobs run " + *name, [&] {
      jobs::RunOptions options;
      options.lock_policy = *wait ? jobs::LockPolicy::kWaitIfRunning : jobs::LockPolicy::kSkipIfRunning;
      jobs::RunResult result = jobs::RunJob(*job, url, options);
      std::printf("%s\n", nlohmann::json({{"job", *name}, {"run_id", result.run_id}, {"status", result.status},
                                          {"seconds", result.seconds}, {"detail", result.detail}})
                              .dump(2)
                              .c_str());
      if (result.status == "failed") throw CommandError(kExitFailure, *name + " failed: " + result.error);
    });
  });

  CLI::App* runs = cmd->add_subcommand("runs", "List the latest runs of every job");
  auto runs_db = std::make_shared<std::string>();
  AddDatabaseOption(runs, runs_db.get());
  runs->callback([runs_db] {
    storage::DatabaseUrl url = ResolveDatabase(*runs_db);
    RunWithStorageErrors("jobs runs", [&] {
      auto conn = storage::OpenConnection(url);
      std::printf("%-8s %-12s %-10s %-9s %s\n", "run", "job", "status", "trigger", "detail");
      conn->Query("SELECT id, job, status, trigger, detail FROM job_runs ORDER BY id DESC LIMIT 50", {},
                  [](const storage::SqlRow& r) {
                    std::printf("%-8lld %-12s %-10s %-9s %s\n", static_cast<long long>(r.GetInt(0)), r.GetText(1).c_str(),
                                r.GetText(2).c_str(), r.GetText(3).c_str(), r.GetText(4).substr(0, 120).c_str());
                  });
    });
  });
}

}  // namespace insightos::cli
