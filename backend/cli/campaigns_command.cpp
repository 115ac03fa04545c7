// insightos campaigns: per first-touch campaign, leads, conversion, customers, revenue, mean
// customer value and value relative to the other campaigns, with intervals (docs/funnels.md).
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

struct CampaignsOptions {
  std::string events;
  TimestampMs value_horizon_ms = 180 * kMillisPerDay;
  std::string as_of;
  double confidence = 0.95;
  int bootstrap = 2000;
  std::uint64_t seed = 1;
  std::size_t min_valued_customers = 2;
  bool json = false;
  bool include_bots = false;
};

std::string Ratio(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fx", x);
  return buf;
}

std::string RatioInterval(const analytics::Interval& i) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "[%.2f, %.2f]", i.low, i.high);
  return buf;
}

void PrintTable(const analytics::CampaignAnalysis& a, bool bootstrap) {
  const double horizon_days = static_cast<double>(a.value_horizon_ms) / static_cast<double>(kMillisPerDay);
  const int level = static_cast<int>(a.report.options.confidence * 100 + 0.5);
  std::printf("Campaigns by first touch, as of %s (%s people, %s events)\n\n", FormatTimestamp(a.as_of).c_str(),
              WithThousandsSeparators(a.stats.persons).c_str(), WithThousandsSeparators(a.stats.events).c_str());
  const std::string ci = " " + std::to_string(level) + "% CI";
  TextTable table({"campaign", "visitors", "leads", "lead rate", "customers", "conversion", "conversion" + ci,
                   "revenue", "valued", "mean value", "mean value" + ci, "value ratio", "ratio" + ci});
  for (const analytics::CampaignRow& r : a.report.rows) {
    const std::optional<analytics::Interval>& ratio_ci =
        bootstrap ? r.value_ratio_bootstrap_interval : r.value_ratio_interval;
    table.AddRow({r.campaign, WithThousandsSeparators(r.visitors), WithThousandsSeparators(r.leads),
                  Percent(r.lead_rate), WithThousandsSeparators(r.customers), Percent(r.conversion_rate),
                  PercentInterval(r.conversion_interval.low, r.conversion_interval.high), Money(r.revenue),
                  WithThousandsSeparators(r.valued_customers), r.mean_value ? Money(*r.mean_value) : "-",
                  r.mean_value_interval ? "[" + Money(r.mean_value_interval->low) + ", " + Money(r.mean_value_interval->high) + "]" : "-",
                  r.value_ratio ? Ratio(*r.value_ratio) : "-", ratio_ci ? RatioInterval(*ratio_ci) : "-"});
  }
  std::fputs(table.Render().c_str(), stdout);
  std::printf("\nlead = signed up (user_created); customer = lead with subscription_started; conversion = customers / leads "
              "(Wilson interval).\n"
              "value = a customer's order revenue in the %.0f days from subscription start, over the %s customers whose "
              "%.0f days have passed;\n"
              "value ratio = mean value / unweighted mean of the other campaigns' mean values (%s interval).\n",
              horizon_days, "valued", horizon_days, bootstrap ? "percentile bootstrap" : "delta-method");
}

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
  analytics::NdjsonFileEventSource source(o.events);
  Result<analytics::CampaignAnalysis> analysis = analytics::AnalyzeCampaigns(source, query);
  ThrowIfError(analysis.status(), "");
  if (o.json) {
    std::printf("%s\n", analytics::CampaignAnalysisToJson(*analysis).dump(2).c_str());
  } else {
    PrintTable(*analysis, o.bootstrap > 0);
  }
}

}  // namespace

void AddCampaignsCommand(CLI::App& app) {
  auto options = std::make_shared<CampaignsOptions>();
  CLI::App* cmd = app.add_subcommand("campaigns", "Leads, conversion, customer value and value ratio per campaign");
  cmd->add_option("--events", options->events, "NDJSON event file (as written by insightos simulate)")
      ->required()
      ->check(CLI::ExistingFile);
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
