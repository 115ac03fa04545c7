#include "backend/cli/partition_policy_option.h"

#include <charconv>
#include <string>

#include "backend/cli/command_error.h"
#include "backend/cli/environment.h"

namespace insightos::cli {

namespace {

constexpr int kMaxMonths = 1200;

int MonthsFromEnvironment(const char* name, int fallback) {
  const std::string text = EnvOr(name, "");
  if (text.empty()) return fallback;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > kMaxMonths) {
    throw CommandError(kExitUsage, std::string(name) + "='" + text + "': expected a whole number of months from 0 to " +
                                       std::to_string(kMaxMonths));
  }
  return value;
}

}  // namespace

storage::PartitionPolicy PartitionPolicyFromEnvironment() {
  storage::PartitionPolicy policy;
  policy.months_ahead = MonthsFromEnvironment("INSIGHTOS_PARTITION_MONTHS_AHEAD", policy.months_ahead);
  policy.history_months = MonthsFromEnvironment("INSIGHTOS_PARTITION_HISTORY_MONTHS", policy.history_months);
  policy.retention_months = MonthsFromEnvironment("INSIGHTOS_EVENT_RETENTION_MONTHS", policy.retention_months);
  return policy;
}

void AddPartitionPolicyOptions(CLI::App* command, storage::PartitionPolicy* policy) {
  // CLI11 reads the variables when the flags are absent and checks them like the flags, so a
  // malformed value is a usage error of this command (and of no other).
  command->add_option("--months-ahead", policy->months_ahead,
                      "Monthly event partitions kept ready after the current month")
      ->envname("INSIGHTOS_PARTITION_MONTHS_AHEAD")
      ->capture_default_str()
      ->check(CLI::Range(0, kMaxMonths));
  command->add_option("--history-months", policy->history_months,
                      "Events in the default partition this many months old or newer get their month's partition")
      ->envname("INSIGHTOS_PARTITION_HISTORY_MONTHS")
      ->capture_default_str()
      ->check(CLI::Range(0, kMaxMonths));
  command->add_option("--retention-months", policy->retention_months,
                      "Delete events older than the current month and this many months before it; 0 keeps every "
                      "event")
      ->envname("INSIGHTOS_EVENT_RETENTION_MONTHS")
      ->capture_default_str()
      ->check(CLI::Range(0, kMaxMonths));
}

}  // namespace insightos::cli
