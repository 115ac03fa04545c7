#include "backend/analytics/report_json.h"

#include "insightos/time.h"

namespace insightos::analytics {

namespace {

nlohmann::json Seconds(const std::optional<double>& ms) { return ms ? nlohmann::json(*ms / 1000.0) : nlohmann::json(); }
nlohmann::json Pair(const Interval& i) { return nlohmann::json::array({i.low, i.high}); }
nlohmann::json Pair(const std::optional<Interval>& i) { return i ? Pair(*i) : nlohmann::json(); }
nlohmann::json Number(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

nlohmann::json SeriesToJson(const FunnelDefinition& definition, const FunnelSeries& s) {
  nlohmann::json steps = nlohmann::json::array();
  for (const FunnelStepStats& st : s.steps) {
    steps.push_back({{"name", st.name},
                     {"persons", st.persons},
                     {"conversion_from_previous", st.conversion_from_previous},
                     {"conversion_from_first", st.conversion_from_first},
                     {"dropped", st.dropped},
                     {"drop_rate", st.drop_rate},
                     {"median_seconds_from_previous", Seconds(st.median_ms_from_previous)}});
  }
  nlohmann::json worst;
  if (s.worst_step) {
    const FunnelStepStats& st = s.steps[*s.worst_step];
    worst = {{"from", definition.steps[*s.worst_step - 1]},
             {"to", st.name},
             {"label", WorstStepLabel(definition, s)},
             {"drop_rate", st.drop_rate}};
  }
  return {{"breakdown", s.breakdown},
          {"entered", s.steps.empty() ? 0 : s.steps[0].persons},
          {"steps", steps},
          {"median_seconds_to_convert", Seconds(s.median_ms_to_convert)},
          {"worst_step", worst}};
}

}  // namespace

nlohmann::json FunnelReportToJson(const FunnelReport& report, const FunnelBreakdown& breakdown) {
  nlohmann::json by = nullptr;
  switch (breakdown.source) {
    case BreakdownSource::kNone: break;
    case BreakdownSource::kCampaign: by = "campaign"; break;
    case BreakdownSource::kTrait: by = "trait." + breakdown.field; break;
    case BreakdownSource::kProperty: by = "property." + breakdown.field; break;
  }
  nlohmann::json breakdowns = nlohmann::json::array();
  for (const FunnelSeries& s : report.breakdowns) breakdowns.push_back(SeriesToJson(report.definition, s));
  nlohmann::json total = SeriesToJson(report.definition, report.total);
  total.erase("breakdown");
  return {{"steps", report.definition.steps},
          {"window_seconds", static_cast<double>(report.definition.window_ms) / 1000.0},
          {"breakdown_by", by},
          {"total", total},
          {"breakdowns", breakdowns}};
}

nlohmann::json CampaignAnalysisToJson(const CampaignAnalysis& analysis) {
  nlohmann::json rows = nlohmann::json::array();
  for (const CampaignRow& r : analysis.report.rows) {
    rows.push_back({{"campaign", r.campaign},
                    {"visitors", r.visitors},
                    {"leads", r.leads},
                    {"lead_rate", r.lead_rate},
                    {"lead_rate_interval", Pair(r.lead_rate_interval)},
                    {"customers", r.customers},
                    {"conversion_rate", r.conversion_rate},
                    {"conversion_interval", Pair(r.conversion_interval)},
                    {"revenue", r.revenue},
                    {"scored_users", r.scored_users},
                    {"mean_lead_score", Number(r.mean_lead_score)},
                    {"valued_customers", r.valued_customers},
                    {"mean_value", Number(r.mean_value)},
                    {"mean_value_interval", Pair(r.mean_value_interval)},
                    {"value_ratio", Number(r.value_ratio)},
                    {"value_ratio_interval", Pair(r.value_ratio_interval)},
                    {"value_ratio_bootstrap_interval", Pair(r.value_ratio_bootstrap_interval)}});
  }
  return {{"as_of", FormatTimestamp(analysis.as_of)},
          {"value_horizon_days", static_cast<double>(analysis.value_horizon_ms) / static_cast<double>(kMillisPerDay)},
          {"confidence", analysis.report.options.confidence},
          {"min_valued_customers", analysis.report.options.min_valued_customers},
          {"events", analysis.stats.events},
          {"persons", analysis.stats.persons},
          {"campaigns", rows}};
}

}  // namespace insightos::analytics
