// Customer-value models per acquisition campaign, with the model of all customers as the
// fallback. Campaigns bring customers who buy at different rates and spend different amounts
// (the simulator plants exactly that); under one model for everyone, each customer's
// prediction for the unobserved future is pulled towards the population, and with it any
// comparison of campaigns. So a campaign with enough customers gets its own fit, and the
// others (and any campaign whose own fit fails) use the pooled one.
#ifndef INSIGHTOS_BACKEND_LTV_CAMPAIGN_SEGMENTS_H_
#define INSIGHTOS_BACKEND_LTV_CAMPAIGN_SEGMENTS_H_

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "backend/ltv/customer_value_fit.h"
#include "insightos/ltv/customer_summary.h"
#include "insightos/ltv/customer_value.h"

namespace insightos::ltv {

struct SegmentedFitOptions {
  CustomerValueFitOptions fit;
  // A campaign with fewer customers uses the pooled model: seven parameters need a few
  // hundred customers to be worth more than the pooled estimate.
  std::size_t min_segment_customers = 500;
};

struct CampaignSegment {
  std::string campaign;
  std::size_t begin = 0;  // the campaign's customers are [begin, end) of the table
  std::size_t end = 0;
  std::optional<CustomerValueFit> own_fit;  // when it had enough customers and its fit converged
  std::string pooled_reason;                // otherwise: why it uses the pooled model
  std::size_t size() const { return end - begin; }
};

struct SegmentedFit {
  CustomerValueFit pooled;                // all customers
  std::vector<CampaignSegment> segments;  // in table order
  const CustomerValueFit& FitOf(const CampaignSegment& segment) const {
    return segment.own_fit ? *segment.own_fit : pooled;
  }
};

// REQUIRES: campaigns.size() == customers.size(), and equal campaigns are contiguous
// (SortByCampaign). Errors: those of the pooled fit (NotConverged, InvalidArgument for data
// it cannot fit). A campaign's own fit failing is not an error: the campaign falls back to
// the pooled model and the reason is kept.
Result<SegmentedFit> FitByCampaign(TimeUnit unit, std::span<const CustomerSummary> customers,
                                   std::span<const std::string> campaigns, const SegmentedFitOptions& options);

// Every customer's values under their campaign's model. `out` has customers.size() elements.
Status PredictByCampaign(const SegmentedFit& fit, std::span<const CustomerSummary> customers,
                         const ValueRequest& request, std::span<CustomerValue> out);

// PredictHorizonValues (insightos/ltv/horizon_value.h) under each campaign's model.
Status PredictHorizonValuesByCampaign(const SegmentedFit& fit, std::span<const CustomerSummary> customers,
                                      std::span<const CustomerValue> values, std::span<const double> observed,
                                      double window, std::span<std::optional<double>> out);

// [{"campaign", "customers", "model": "campaign"|"pooled", "reason"?, "fit"?: FitReport}].
nlohmann::json SegmentsReport(const SegmentedFit& fit);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_BACKEND_LTV_CAMPAIGN_SEGMENTS_H_
