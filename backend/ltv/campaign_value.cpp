#include "backend/ltv/campaign_value.h"

#include <map>

#include "insightos/analytics/campaign_report.h"

namespace insightos::ltv {

namespace {

nlohmann::json OptionalNumber(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

nlohmann::json OptionalInterval(const std::optional<analytics::Interval>& i) {
  return i ? nlohmann::json::array({i->low, i->high}) : nlohmann::json();
}

}  // namespace

Result<std::vector<CampaignValue>> CompareCampaigns(const SegmentedFit& fit, std::span<const CustomerValue> values,
                                                    std::span<const std::optional<double>> horizon_values,
                                                    const CampaignComparisonOptions& options) {
  std::vector<analytics::CampaignInput> inputs;
  std::vector<CampaignValue> out;
  for (const CampaignSegment& s : fit.segments) {
    // Every customer is a "visitor", "lead" and "customer" here: the report's funnel counts
    // are not what is compared, only its value columns are used.
    analytics::CampaignInput in;
    in.campaign = s.campaign;
    in.visitors = in.leads = in.customers = s.size();
    CampaignValue v;
    v.campaign = s.campaign;
    v.customers = s.size();
    v.model = s.own_fit ? "campaign" : "pooled";
    double residual_sum = 0;
    std::size_t residual_count = 0;
    for (std::size_t i = s.begin; i < s.end; ++i) {
      if (horizon_values[i]) {
        in.customer_values.push_back(*horizon_values[i]);
        in.revenue += *horizon_values[i];
      }
      if (values[i].spend_status == SpendStatus::kEstimated) {
        residual_sum += values[i].clv;
        ++residual_count;
      }
    }
    if (residual_count > 0) v.mean_residual_clv = residual_sum / static_cast<double>(residual_count);
    inputs.push_back(std::move(in));
    out.push_back(std::move(v));
  }
  analytics::CampaignReportOptions report_options;
  report_options.confidence = options.confidence;
  report_options.min_valued_customers = options.min_customers;
  Result<analytics::CampaignReport> report = analytics::BuildCampaignReport(inputs, report_options);
  if (!report.ok()) return report.status();
  std::map<std::string, const analytics::CampaignRow*> rows;
  for (const analytics::CampaignRow& row : report->rows) rows[row.campaign] = &row;
  for (CampaignValue& v : out) {
    const analytics::CampaignRow& row = *rows.at(v.campaign);
    v.valued_customers = row.valued_customers;
    v.mean_value = row.mean_value;
    v.value_interval = row.mean_value_interval;
    v.ratio_to_others = row.value_ratio;
    v.ratio_interval = row.value_ratio_interval;
  }
  return out;
}

nlohmann::json CampaignValuesReport(std::span<const CampaignValue> campaigns) {
  nlohmann::json out = nlohmann::json::array();
  for (const CampaignValue& v : campaigns) {
    out.push_back({{"campaign", v.campaign},
                   {"customers", v.customers},
                   {"valued_customers", v.valued_customers},
                   {"mean_value", OptionalNumber(v.mean_value)},
                   {"mean_value_interval", OptionalInterval(v.value_interval)},
                   {"ratio_to_others", OptionalNumber(v.ratio_to_others)},
                   {"ratio_interval", OptionalInterval(v.ratio_interval)},
                   {"mean_residual_clv", OptionalNumber(v.mean_residual_clv)},
                   {"model", v.model}});
  }
  return out;
}

}  // namespace insightos::ltv
