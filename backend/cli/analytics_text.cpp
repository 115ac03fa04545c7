#include "backend/cli/analytics_text.h"

#include <cstdio>

#include "backend/cli/duration_option.h"
#include "backend/cli/progress_bar.h"
#include "backend/cli/text_table.h"

namespace insightos::cli {

namespace {

std::string Optional(const std::optional<double>& ms) { return ms ? HumanDuration(*ms) : "-"; }

std::string Fixed(const char* format, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

std::string RatioInterval(const analytics::Interval& i) {
  return "[" + Fixed("%.2f", i.low) + ", " + Fixed("%.2f", i.high) + "]";
}

const std::optional<analytics::Interval>& RatioInterval(const analytics::CampaignRow& r, bool bootstrap) {
  return bootstrap ? r.value_ratio_bootstrap_interval : r.value_ratio_interval;
}

}  // namespace

std::string FunnelReportText(const analytics::FunnelAnalysis& analysis, const std::string& by, bool pushed_down) {
  const analytics::FunnelReport& r = analysis.report;
  const analytics::FunnelSeries& total = r.total;
  const std::string read =
      pushed_down ? "matched in the database: " + WithThousandsSeparators(analysis.stats.events) + " step events"
                  : WithThousandsSeparators(analysis.stats.persons) + " people, " +
                        WithThousandsSeparators(analysis.stats.events) + " events read";
  std::string out = "Funnel over " + WithThousandsSeparators(total.steps[0].persons) + " people who entered (window " +
                    FormatDuration(r.definition.window_ms) + " from the first step; " + read + ")\n\n";
  TextTable table({"step", "people", "from previous", "from first", "dropped", "median time from previous"});
  for (std::size_t k = 0; k < total.steps.size(); ++k) {
    const analytics::FunnelStepStats& s = total.steps[k];
    table.AddRow({s.name, WithThousandsSeparators(s.persons), Percent(s.conversion_from_previous),
                  Percent(s.conversion_from_first), k == 0 ? "-" : WithThousandsSeparators(s.dropped),
                  Optional(s.median_ms_from_previous)});
  }
  out += table.Render();
  if (total.worst_step) {
    out += "\nWorst step: " + analytics::WorstStepLabel(r.definition, total) + " (" +
           Percent(total.steps[*total.worst_step].drop_rate) + " of people dropped)\n";
  }
  if (r.definition.steps.size() > 1) {
    out += "Median time to convert (" + r.definition.steps.front() + " to " + r.definition.steps.back() +
           "): " + Optional(total.median_ms_to_convert) + "\n";
  }
  if (r.breakdowns.empty()) return out;
  out += "\nBy " + by + ":\n";
  std::vector<std::string> header = {by};
  for (const std::string& step : r.definition.steps) header.push_back(step);
  header.insert(header.end(), {"conversion", "time to convert", "worst step"});
  TextTable by_value(header);
  for (const analytics::FunnelSeries& s : r.breakdowns) {
    std::vector<std::string> row = {s.breakdown.empty() ? "(none)" : s.breakdown};
    for (const analytics::FunnelStepStats& st : s.steps) row.push_back(WithThousandsSeparators(st.persons));
    row.push_back(Percent(s.steps.back().conversion_from_first));
    row.push_back(Optional(s.median_ms_to_convert));
    row.push_back(s.worst_step ? analytics::WorstStepLabel(r.definition, s) : "-");
    by_value.AddRow(std::move(row));
  }
  return out + by_value.Render();
}

std::string CampaignReportText(const analytics::CampaignAnalysis& a, bool bootstrap) {
  const std::string horizon = Fixed("%.0f", static_cast<double>(a.value_horizon_ms) / static_cast<double>(kMillisPerDay));
  const int level = static_cast<int>(a.report.options.confidence * 100 + 0.5);
  std::string out = "Campaigns by first touch, as of " + FormatTimestamp(a.as_of) + " (" +
                    WithThousandsSeparators(a.stats.persons) + " people, " + WithThousandsSeparators(a.stats.events) +
                    " events)\n\n";
  const std::string ci = " " + std::to_string(level) + "% CI";
  TextTable table({"campaign", "visitors", "leads", "lead rate", "lead score", "customers", "conversion",
                   "conversion" + ci, "revenue", "valued", "mean value", "mean value" + ci, "value ratio", "ratio" + ci});
  for (const analytics::CampaignRow& r : a.report.rows) {
    const std::optional<analytics::Interval>& ratio_ci = RatioInterval(r, bootstrap);
    table.AddRow({r.campaign, WithThousandsSeparators(r.visitors), WithThousandsSeparators(r.leads),
                  Percent(r.lead_rate), r.mean_lead_score ? Fixed("%.1f", *r.mean_lead_score) : "-",
                  WithThousandsSeparators(r.customers), Percent(r.conversion_rate),
                  PercentInterval(r.conversion_interval.low, r.conversion_interval.high), Money(r.revenue),
                  WithThousandsSeparators(r.valued_customers), r.mean_value ? Money(*r.mean_value) : "-",
                  r.mean_value_interval
                      ? "[" + Money(r.mean_value_interval->low) + ", " + Money(r.mean_value_interval->high) + "]"
                      : "-",
                  r.value_ratio ? Fixed("%.2fx", *r.value_ratio) : "-", ratio_ci ? RatioInterval(*ratio_ci) : "-"});
  }
  return out + table.Render() +
         "\nlead = signed up (user_created); lead score = mean current score of the campaign's scored users (0-100); "
         "customer = lead with subscription_started; conversion = customers / leads (Wilson interval).\n"
         "value = a customer's order revenue in the " + horizon +
         " days from subscription start, over the valued customers whose " + horizon + " days have passed;\n" +
         "value ratio = mean value / unweighted mean of the other campaigns' mean values (" +
         (bootstrap ? "percentile bootstrap" : "delta-method") + " interval).\n";
}

std::string BestCampaignText(const analytics::CampaignAnalysis& a, bool bootstrap) {
  const analytics::CampaignRow* best = nullptr;
  for (const analytics::CampaignRow& r : a.report.rows) {
    if (r.value_ratio && (best == nullptr || *r.value_ratio > *best->value_ratio)) best = &r;
  }
  if (best == nullptr) return "No campaign has enough valued customers to compare customer value.\n";
  const std::optional<analytics::Interval>& ci = RatioInterval(*best, bootstrap);
  return "Best campaign by customer value: " + best->campaign + ", " + Fixed("%.2fx", *best->value_ratio) +
         " the other campaigns' mean" + (ci ? " " + RatioInterval(*ci) : std::string()) + " (" +
         WithThousandsSeparators(best->valued_customers) + " valued customers)\n";
}

}  // namespace insightos::cli
