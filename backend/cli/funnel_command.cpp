// insightos funnel: an ordered conversion funnel with a window, breakdown, drop-off, medians
// and the worst step (docs/funnels.md), from an event file or the database (matched in SQL,
// or in memory with --engine memory).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "backend/analytics/database_event_source.h"
#include "backend/analytics/event_analysis.h"
#include "backend/analytics/funnel_pushdown.h"
#include "backend/analytics/ndjson_file_event_source.h"
#include "backend/analytics/report_json.h"
#include "backend/cli/analytics_text.h"
#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"
#include "backend/cli/duration_option.h"

namespace insightos::cli {

namespace {

struct FunnelOptions {
  std::string events;
  std::string db;
  std::string engine = "sql";
  std::vector<std::string> steps = {"user_created", "user_verified", "project_created", "teammate_invited",
                                    "subscription_started"};
  TimestampMs window_ms = 14 * kMillisPerDay;
  std::string by;
  bool json = false;
  bool include_bots = false;
};

bool PushedDown(const FunnelOptions& o) { return o.events.empty() && o.engine == "sql"; }

Result<analytics::FunnelAnalysis> Analyze(const FunnelOptions& o, const analytics::FunnelQuery& query) {
  if (!o.events.empty()) {
    analytics::NdjsonFileEventSource source(o.events);
    return analytics::AnalyzeFunnel(source, query);
  }
  Result<analytics::FunnelAnalysis> analysis = Status::Internal("not run");
  RunWithStorageErrors("funnel", [&] {
    auto connection = storage::OpenConnection(ResolveDatabase(o.db));
    if (PushedDown(o)) {
      analysis = analytics::AnalyzeFunnelInDatabase(*connection, query);
    } else {
      analytics::DatabaseEventSource source(*connection);
      analysis = analytics::AnalyzeFunnel(source, query);
    }
  });
  return analysis;
}

void Run(const FunnelOptions& o) {
  Result<analytics::FunnelBreakdown> breakdown = analytics::ParseFunnelBreakdown(o.by);
  ThrowIfError(breakdown.status(), "--by");
  analytics::FunnelQuery query;
  query.definition.steps = o.steps;
  query.definition.window_ms = o.window_ms;
  query.breakdown = *breakdown;
  query.include_bots = o.include_bots;
  ThrowIfError(analytics::ValidateFunnelDefinition(query.definition), "--steps");
  Result<analytics::FunnelAnalysis> analysis = Analyze(o, query);
  ThrowIfError(analysis.status(), "");
  if (o.json) {
    std::printf("%s\n", analytics::FunnelReportToJson(analysis->report, query.breakdown).dump(2).c_str());
  } else {
    std::fputs(FunnelReportText(*analysis, o.by, PushedDown(o)).c_str(), stdout);
  }
}

}  // namespace

void AddFunnelCommand(CLI::App& app) {
  auto options = std::make_shared<FunnelOptions>();
  CLI::App* cmd = app.add_subcommand("funnel", "Ordered conversion funnel with drop-off and the worst step");
  cmd->add_option("--events", options->events, "NDJSON event file (as written by insightos simulate); default: --db")
      ->check(CLI::ExistingFile);
  AddDatabaseOption(cmd, &options->db);
  cmd->add_option("--engine", options->engine,
                  "With --db: sql matches in the database (push-down), memory reads the events into memory")
      ->check(CLI::IsMember({"sql", "memory"}))
      ->capture_default_str();
  cmd->add_option("--steps", options->steps,
                  "Comma-separated steps: track event names, or page:/path for page views")
      ->delimiter(',')
      ->capture_default_str();
  AddDurationOption(cmd, "--window", &options->window_ms, "Conversion window from the first step", "14d");
  cmd->add_option("--by", options->by, "Breakdown: campaign, trait.<name> or property.<name>");
  cmd->add_flag("--json", options->json, "Print the report as JSON");
  cmd->add_flag("--include-bots", options->include_bots, "Count events flagged as bots too");
  cmd->callback([options] { Run(*options); });
}

}  // namespace insightos::cli
