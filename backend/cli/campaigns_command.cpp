// insightos campaigns: per first-touch campaign, leads, conversion, customers, revenue, mean
// customer value and value relative to the other campaigns, with intervals (docs/funnels.md),
// from an event file or the database (which adds each campaign's mean lead score).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "backend/analytics/database_campaigns.h"
#include "backend/analytics/event_analysis.h"
#include "backend/analytics/ndjson_file_event_source.h"
#include "backend/analytics/report_json.h"
#include "backend/cli/analytics_text.h"
#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"
#include "backend/cli/duration_option.h"

namespace insightos::cli {

namespace {

struct CampaignsOptions {
  std::string events;
  std::string db;
  TimestampMs value_horizon_ms = 180 * kMillisPerDay;
  std::string as_of;
  double confidence = 0.95;
  int bootstrap = 2000;
  std::uint64_t seed = 1;
  std::size_t min_valued_customers = 2;
  bool json = false;
  bool include_bots = false;
};

void Run(const CampaignsOptions& o) {
  analytics::CampaignQuery query;
  query.value_horizon_ms = o.value_horizon_ms;
  if (!o.as_of.empty()) {
    Result<TimestampMs> as_of = ParseTimestamp(o.as_of);
    ThrowIfError(as_of.status(), "--as-of");
    query.as_of = *as_of;
  }
  query.report.confidence = o.confidence;
  query.report.min_valued_customers = o.min_valued_customers;
  if (o.bootstrap > 0) query.bootstrap = analytics::BootstrapOptions{o.bootstrap, o.seed};
  query.include_bots = o.include_bots;
  Result<analytics::CampaignAnalysis> analysis = Status::Internal("not run");
  if (!o.events.empty()) {
    analytics::NdjsonFileEventSource source(o.events);
    analysis = analytics::AnalyzeCampaigns(source, query);
  } else {
    RunWithStorageErrors("campaigns", [&] {
      auto connection = storage::OpenConnection(ResolveDatabase(o.db));
      analysis = analytics::AnalyzeCampaignsInDatabase(*connection, query);
    });
  }
  ThrowIfError(analysis.status(), "");
  if (o.json) {
    std::printf("%s\n", analytics::CampaignAnalysisToJson(*analysis).dump(2).c_str());
  } else {
    std::fputs(CampaignReportText(*analysis, o.bootstrap > 0).c_str(), stdout);
  }
}

}  // namespace

void AddCampaignsCommand(CLI::App& app) {
  auto options = std::make_shared<CampaignsOptions>();
  CLI::App* cmd = app.add_subcommand("campaigns", "Leads, conversion, customer value and value ratio per campaign");
  cmd->add_option("--events", options->events, "NDJSON event file (as written by insightos simulate); default: --db")
      ->check(CLI::ExistingFile);
  AddDatabaseOption(cmd, &options->db);
  AddDurationOption(cmd, "--value-horizon", &options->value_horizon_ms,
                    "Customer value is order revenue over this period", "180d");
  cmd->add_option("--as-of", options->as_of, "End of the data, ISO 8601 (default: the latest event)");
  cmd->add_option("--confidence", options->confidence, "Two-sided confidence of every interval")
      ->check(CLI::Range(0.5, 0.999))
      ->capture_default_str();
  cmd->add_option("--bootstrap", options->bootstrap, "Bootstrap replicates for the value-ratio interval (0: delta method)")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  cmd->add_option("--seed", options->seed, "Seed of the bootstrap")->capture_default_str();
  cmd->add_option("--min-valued-customers", options->min_valued_customers,
                  "Campaigns with fewer valued customers get no mean value")
      ->capture_default_str();
  cmd->add_flag("--json", options->json, "Print the report as JSON");
  cmd->add_flag("--include-bots", options->include_bots, "Count events flagged as bots too");
  cmd->callback([options] { Run(*options); });
}

}  // namespace insightos::cli
