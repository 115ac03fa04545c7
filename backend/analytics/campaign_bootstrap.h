// Bootstrap intervals for the campaign value ratios: resample each campaign's valued
// customers with replacement (stratified by campaign, sizes kept), recompute every ratio with
// the report's own definition (insightos::analytics::ValueRatio), take percentiles.
#ifndef INSIGHTOS_BACKEND_ANALYTICS_CAMPAIGN_BOOTSTRAP_H_
#define INSIGHTOS_BACKEND_ANALYTICS_CAMPAIGN_BOOTSTRAP_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "insightos/analytics/campaign_report.h"

namespace insightos::analytics {

struct BootstrapOptions {
  int replicates = 2000;
  std::uint64_t seed = 1;
  double confidence = 0.95;
  std::size_t min_valued_customers = 2;  // as CampaignReportOptions
};

// One interval per input campaign, in input order; nullopt where the ratio is undefined in the
// data or in more than 1% of the replicates (then a percentile would mean little).
// Cost: replicates × total valued customers draws.
std::vector<std::optional<Interval>> BootstrapValueRatioIntervals(std::span<const CampaignInput> inputs,
                                                                  const BootstrapOptions& options);

}  // namespace insightos::analytics

#endif  // INSIGHTOS_BACKEND_ANALYTICS_CAMPAIGN_BOOTSTRAP_H_
