// The events partition policy (backend/storage/event_partitions.h) from the environment and
// from flags, declared once for `serve`, `partitions` and the `partitions` job:
//   INSIGHTOS_PARTITION_MONTHS_AHEAD    --months-ahead      (default 3)
//   INSIGHTOS_PARTITION_HISTORY_MONTHS  --history-months    (default 24)
//   INSIGHTOS_EVENT_RETENTION_MONTHS    --retention-months  (default 0: keep every event)
#ifndef INSIGHTOS_BACKEND_CLI_PARTITION_POLICY_OPTION_H_
#define INSIGHTOS_BACKEND_CLI_PARTITION_POLICY_OPTION_H_

#include <CLI/CLI.hpp>

#include "backend/storage/event_partitions.h"

namespace insightos::cli {

// Throws CommandError (usage) when a variable is set to anything but a whole number in range.
storage::PartitionPolicy PartitionPolicyFromEnvironment();

// Adds the three flags to command, each falling back to its variable; *policy holds the defaults.
void AddPartitionPolicyOptions(CLI::App* command, storage::PartitionPolicy* policy);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_PARTITION_POLICY_OPTION_H_
