// insightos funnel: an ordered conversion funnel with a window, breakdown, drop-off, medians
// and the worst step (docs/funnels.md), from an event file.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "backend/analytics/event_analysis.h"
#include "backend/analytics/ndjson_file_event_source.h"
#include "backend/analytics/report_json.h"
#include "backend/cli/command_error.h"
#include "backend/cli/duration_option.h"
#include "backend/cli/progress_bar.h"
#include "backend/cli/text_table.h"

namespace insightos::cli {

namespace {

struct FunnelOptions {
  std::string events;
  std::vector<std::string> steps = {"user_created", "user_verified", "project_created", "teammate_invited",
                                    "subscription_started"};
  TimestampMs window_ms = 14 * kMillisPerDay;
  std::string by;
  bool json = false;
  bool include_bots = false;
};

std::string Optional(const std::optional<double>& ms) { return ms ? HumanDuration(*ms) : "-"; }

void PrintTables(const analytics::FunnelAnalysis& analysis, const FunnelOptions& o, TimestampMs window_ms) {
  const analytics::FunnelReport& r = analysis.report;
  const analytics::FunnelSeries& total = r.total;
  std::printf("Funnel over %s people who entered (window %s from the first step; %s people, %s events read)\n\n",
              WithThousandsSeparators(total.steps[0].persons).c_str(), FormatDuration(window_ms).c_str(),
              WithThousandsSeparators(analysis.stats.persons).c_str(),
              WithThousandsSeparators(analysis.stats.events).c_str());
  TextTable table({"step", "people", "from previous", "from first", "dropped", "median time from previous"});
  for (std::size_t k = 0; k < total.steps.size(); ++k) {
    const analytics::FunnelStepStats& s = total.steps[k];
    table.AddRow({s.name, WithThousandsSeparators(s.persons), Percent(s.conversion_from_previous),
                  Percent(s.conversion_from_first), k == 0 ? "-" : WithThousandsSeparators(s.dropped),
                  Optional(s.median_ms_from_previous)});
  }
  std::fputs(table.Render().c_str(), stdout);
  if (total.worst_step) {
    std::printf("\nWorst step: %s (%s of people dropped)\n", analytics::WorstStepLabel(r.definition, total).c_str(),
                Percent(total.steps[*total.worst_step].drop_rate).c_str());
  }
  if (r.definition.steps.size() > 1) {
    std::printf("Median time to convert (%s to %s): %s\n", r.definition.steps.front().c_str(),
                r.definition.steps.back().c_str(), Optional(total.median_ms_to_convert).c_str());
  }
  if (r.breakdowns.empty()) return;
  std::printf("\nBy %s:\n", o.by.c_str());
  std::vector<std::string> header = {o.by};
  for (const std::string& step : r.definition.steps) header.push_back(step);
  header.insert(header.end(), {"conversion", "time to convert", "worst step"});
  TextTable by(header);
  for (const analytics::FunnelSeries& s : r.breakdowns) {
    std::vector<std::string> row = {s.breakdown.empty() ? "(none)" : s.breakdown};
    for (const analytics::FunnelStepStats& st : s.steps) row.push_back(WithThousandsSeparators(st.persons));
    row.push_back(Percent(s.steps.back().conversion_from_first));
    row.push_back(Optional(s.median_ms_to_convert));
    row.push_back(s.worst_step ? analytics::WorstStepLabel(r.definition, s) : "-");
    by.AddRow(std::move(row));
  }
  std::fputs(by.Render().c_str(), stdout);
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
  analytics::NdjsonFileEventSource source(o.events);
  Result<analytics::FunnelAnalysis> analysis = analytics::AnalyzeFunnel(source, query);
  ThrowIfError(analysis.status(), "");
  if (o.json) {
    std::printf("%s\n", analytics::FunnelReportToJson(analysis->report, query.breakdown).dump(2).c_str());
  } else {
    PrintTables(*analysis, o, o.window_ms);
  }
}

}  // namespace

void AddFunnelCommand(CLI::App& app) {
  auto options = std::make_shared<FunnelOptions>();
  CLI::App* cmd = app.add_subcommand("funnel", "Ordered conversion funnel with drop-off and the worst step");
  cmd->add_option("--events", options->events, "NDJSON event file (as written by insightos simulate)")
      ->required()
      ->check(CLI::ExistingFile);
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
