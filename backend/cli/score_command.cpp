// insightos score: the score updater (SPEC §8, §11), run as the "score" job through
// jobs::RunJob (lock, job_runs record): rescores the leads whose score may have changed
// and writes score, tier, reasons and model version into users.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"
#include "backend/cli/progress_bar.h"
#include "backend/jobs/job_runner.h"
#include "backend/scoring/lead_scoring_jobs.h"

namespace insightos::cli {

namespace {

struct ScoreFlags {
  std::string db;
  std::string now;
  std::size_t chunk = 2000;
  bool json = false;
  bool quiet = false;
};

void RunScore(const ScoreFlags& f) {
  scoring::ScoreUpdateOptions options;
  options.chunk_users = f.chunk;
  if (!f.now.empty()) {
    Result<TimestampMs> now = ParseTimestamp(f.now);
    ThrowIfError(now.status(), "--now");
    options.now = *now;
  }
  std::shared_ptr<ProgressBar> sized;
  options.progress = [&](std::size_t written, std::size_t to_write) {
    if (!sized) sized = std::make_shared<ProgressBar>("users", to_write, !f.quiet && isatty(STDERR_FILENO) == 1);
    sized->Update(written);
  };
  storage::DatabaseUrl url = ResolveDatabase(f.db);
  RunWithStorageErrors("score " + url.Redacted(), [&] {
    jobs::RunResult run = jobs::RunJob(scoring::ScoreJob(options), url, jobs::RunOptions{});
    if (sized) sized->Finish();
    if (run.status == "skipped") {
      throw CommandError(kExitFailure, "another score run is in progress (run " +
                                           run.detail.value("running_run_id", nlohmann::json(0)).dump() + ")");
    }
    if (run.status != "succeeded") throw CommandError(kExitFailure, run.error);
    const nlohmann::json& d = run.detail;
    if (f.json) {
      std::printf("%s\n", nlohmann::json({{"run_id", run.run_id}, {"detail", d}}).dump(2).c_str());
    } else if (d["model_version"].is_null()) {
      std::printf("no lead-scoring model yet: run `insightos train --db ...` first; nothing scored\n");
    } else {
      std::printf("scored %s users with %s as of %s (%s%s) in %.1f s\n",
                  WithThousandsSeparators(d.value("scored", 0ULL)).c_str(),
                  d.value("model_version", std::string()).c_str(), d.value("as_of", std::string()).c_str(),
                  d.value("all_users", false) ? "every user" : "incremental",
                  d.value("resumed", false) ? ", resuming an interrupted run" : "", d.value("seconds", 0.0));
    }
  });
}

}  // namespace

void AddScoreCommand(CLI::App& app) {
  auto flags = std::make_shared<ScoreFlags>();
  CLI::App* cmd = app.add_subcommand("score", "Update lead scores (incremental and resumable; the score job)");
  AddDatabaseOption(cmd, &flags->db);
  cmd->add_option("--now", flags->now, "Scoring time of a new run, ISO 8601 (default: now)");
  cmd->add_option("--chunk", flags->chunk, "Users per committed chunk")->check(CLI::Range(1, 1000000))->capture_default_str();
  cmd->add_flag("--json", flags->json, "Print the run's summary as JSON");
  cmd->add_flag("--quiet", flags->quiet, "No progress bar");
  cmd->callback([flags] { RunScore(*flags); });
}

}  // namespace insightos::cli
