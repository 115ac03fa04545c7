// `insightos partitions`: the `partitions` job with its policy from flags (the same job cron
// runs as `insightos jobs run partitions`), or --list to show the partitions of events.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "backend/cli/database_option.h"
#include "backend/cli/job_run_output.h"
#include "backend/cli/partition_policy_option.h"
#include "backend/cli/text_table.h"
#include "backend/jobs/partitions_job.h"
#include "backend/storage/sql_connection.h"

namespace insightos::cli {

namespace {

void PrintPartitions(const storage::DatabaseUrl& url) {
  RunWithStorageErrors("partitions --list", [&] {
    auto connection = storage::OpenConnection(url);
    if (!storage::HasPartitionedEvents(*connection)) {
      std::printf("events is not partitioned here (SQLite, or a schema before migration 8)\n");
      return;
    }
    TextTable table({"partition", "from (UTC)", "to (UTC)", "events"});
    for (const storage::EventPartition& p : storage::ListEventPartitions(*connection, /*count_rows=*/true)) {
      table.AddRow({p.name, p.is_default ? "-" : FormatDate(p.from), p.is_default ? "-" : FormatDate(p.to),
                    std::to_string(p.rows)});
    }
    std::printf("%s", table.Render().c_str());
  });
}

}  // namespace

void AddPartitionsCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand(
      "partitions", "Create monthly event partitions ahead, move late events into them, apply the retention (PostgreSQL)");
  auto db = std::make_shared<std::string>();
  auto policy = std::make_shared<storage::PartitionPolicy>();
  auto list = std::make_shared<bool>(false);
  auto wait = std::make_shared<bool>(false);
  AddDatabaseOption(cmd, db.get());
  AddPartitionPolicyOptions(cmd, policy.get());
  cmd->add_flag("--list", *list, "Only list the partitions of events and their row counts");
  cmd->add_flag("--wait", *wait, "If the job is already running, wait for it instead of skipping");
  cmd->callback([db, policy, list, wait] {
    const storage::DatabaseUrl url = ResolveDatabase(*db);
    if (*list) {
      PrintPartitions(url);
      return;
    }
    RunJobAndPrint(jobs::PartitionsJob(*policy), url,
                   *wait ? jobs::LockPolicy::kWaitIfRunning : jobs::LockPolicy::kSkipIfRunning);
  });
}

}  // namespace insightos::cli
