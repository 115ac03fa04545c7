// Per-campaign customer value (SPEC §7, §9): the mean over a campaign's customers of their
// value over the first H of the relationship (horizon_value.h), that mean relative to the
// other campaigns' means, and intervals — computed by the campaign report's own code
// (insightos/analytics/campaign_report.h: the same ratio definition the simulator plants its
// truth in, and its delta-method intervals), fed with model-completed customer values.
#ifndef INSIGHTOS_BACKEND_LTV_CAMPAIGN_VALUE_H_
#define INSIGHTOS_BACKEND_LTV_CAMPAIGN_VALUE_H_

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "backend/ltv/campaign_segments.h"
#include "insightos/analytics/intervals.h"
#include "insightos/ltv/customer_value.h"

namespace insightos::ltv {

struct CampaignValue {
  std::string campaign;
  std::size_t customers = 0;
  std::size_t valued_customers = 0;                  // with a horizon value (a spend estimate)
  std::optional<double> mean_value;                  // mean horizon value
  std::optional<analytics::Interval> value_interval; // mean ± z·s/√n
  std::optional<double> ratio_to_others;             // mean / unweighted mean of the other campaigns' means
  std::optional<analytics::Interval> ratio_interval; // delta method on log(ratio), campaigns independent
  std::optional<double> mean_residual_clv;           // mean of customers' residual CLV (with an estimate)
  std::string model;                                 // "campaign" or "pooled"
};

struct CampaignComparisonOptions {
  double confidence = 0.95;
  std::size_t min_customers = 2;  // fewer valued customers: no mean, and not a comparator
};

// One entry per segment of `fit`, in its order. `values` and `horizon_values` are parallel to
// the fitted (campaign-sorted) customers. The intervals treat each customer's model-completed
// value as an observation; the uncertainty of the fitted parameters behind the completed part
// is not included (docs/ltv.md).
Result<std::vector<CampaignValue>> CompareCampaigns(const SegmentedFit& fit, std::span<const CustomerValue> values,
                                                    std::span<const std::optional<double>> horizon_values,
                                                    const CampaignComparisonOptions& options);

nlohmann::json CampaignValuesReport(std::span<const CampaignValue> campaigns);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_BACKEND_LTV_CAMPAIGN_VALUE_H_
