// `insightos jobs`: run a job with locking and bookkeeping (for any cron), or list runs.
#include <CLI/CLI.hpp>
#include <httplib.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"
#include "backend/cli/environment.h"
#include "backend/cli/job_catalog.h"
#include "backend/cli/job_run_output.h"
#include "backend/jobs/job_runner.h"
#include "backend/storage/sql_connection.h"

namespace insightos::cli {

namespace {

void TriggerRemoteJob(const std::string& url, const std::string& token, const std::string& job, bool wait) {
  if (url.empty()) throw CommandError(kExitUsage, "--url (or INSIGHTOS_COLLECTOR_URL) is required");
  if (token.empty()) throw CommandError(kExitUsage, "--admin-token (or INSIGHTOS_ADMIN_TOKEN) is required");
  httplib::Client client(url);
  client.set_bearer_token_auth(token);
  client.set_connection_timeout(10);
  client.set_read_timeout(wait ? 12 * 3600 : 60);  // a waited-for run may take as long as the job
  auto res = client.Post("/v1/jobs/" + job + (wait ? "?wait=1" : ""), "", "application/json");
  if (!res) {
    throw CommandError(kExitUnavailable, "cannot reach the collector at " + url + ": " + httplib::to_string(res.error()));
  }
  std::printf("%s\n", res->body.c_str());
  if (res->status == 200 || res->status == 202) return;
  if (res->status == 500) throw CommandError(kExitFailure, job + " failed on the collector");
  if (res->status == 401 || res->status == 404) {
    throw CommandError(kExitUsage, "the collector refused the trigger (HTTP " + std::to_string(res->status) +
                                       "): check the job name and the admin token");
  }
  throw CommandError(kExitUnavailable, "the collector answered HTTP " + std::to_string(res->status));
}

}  // namespace

void AddJobsCommand(CLI::App& app) {
  // Job names are checked while parsing, so `jobs run NAME --help` (which the deploy-file test
  // runs on every cron entry) fails for a job that does not exist, and --help lists them.
  std::vector<std::string> job_names;
  {
    const jobs::JobCatalog known_jobs = BuildJobCatalog();
    for (const auto& job : known_jobs.jobs()) job_names.push_back(job.name);
  }
  CLI::App* cmd = app.add_subcommand("jobs", "Run batch jobs with locking and bookkeeping, or list their runs");
  cmd->require_subcommand(1);

  CLI::App* run = cmd->add_subcommand("run", "Run one job now (e.g. from cron)");
  auto db = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto wait = std::make_shared<bool>(false);
  AddDatabaseOption(run, db.get());
  run->add_option("JOB", *name, "The job to run")->required()->check(CLI::IsMember(job_names));
  run->add_flag("--wait", *wait, "If the job is already running, wait for it instead of skipping");
  run->callback([db, name, wait] {
    jobs::JobCatalog catalog = BuildJobCatalog();
    const jobs::JobDefinition* job = catalog.Find(*name);
    if (job == nullptr) {
      std::string known;
      for (const auto& j : catalog.jobs()) known += (known.empty() ? "" : ", ") + j.name;
      throw CommandError(kExitUsage, "no job named '" + *name + "' (known: " + (known.empty() ? "none" : known) + ")");
    }
    RunJobAndPrint(*job, ResolveDatabase(*db),
                   *wait ? jobs::LockPolicy::kWaitIfRunning : jobs::LockPolicy::kSkipIfRunning);
  });

  CLI::App* trigger = cmd->add_subcommand(
      "trigger", "Ask a running collector to run a job (POST /v1/jobs/JOB), for crons whose containers share "
                 "nothing with it");
  auto trigger_name = std::make_shared<std::string>();
  auto collector_url = std::make_shared<std::string>(EnvOr("INSIGHTOS_COLLECTOR_URL", ""));
  auto token = std::make_shared<std::string>(EnvOr("INSIGHTOS_ADMIN_TOKEN", ""));
  auto trigger_wait = std::make_shared<bool>(false);
  trigger->add_option("JOB", *trigger_name, "The job to run")->required()->check(CLI::IsMember(job_names));
  trigger->add_option("--url", *collector_url,
                      "The collector, e.g. https://collector.example.com (env INSIGHTOS_COLLECTOR_URL)");
  trigger->add_option("--admin-token", *token, "The collector's admin token (env INSIGHTOS_ADMIN_TOKEN)");
  trigger->add_flag("--wait", *trigger_wait, "Wait for the run to finish and report its outcome");
  trigger->callback([trigger_name, collector_url, token, trigger_wait] {
    TriggerRemoteJob(*collector_url, *token, *trigger_name, *trigger_wait);
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
