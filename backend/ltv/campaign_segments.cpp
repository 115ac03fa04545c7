#include "backend/ltv/campaign_segments.h"

#include "backend/ltv/ltv_report.h"
#include "insightos/ltv/horizon_value.h"

namespace insightos::ltv {

namespace {

template <typename T>
std::span<T> Slice(std::span<T> all, const CampaignSegment& s) {
  return all.subspan(s.begin, s.size());
}

}  // namespace

Result<SegmentedFit> FitByCampaign(TimeUnit unit, std::span<const CustomerSummary> customers,
                                   std::span<const std::string> campaigns, const SegmentedFitOptions& options) {
  if (campaigns.size() != customers.size()) return Status::InvalidArgument("one campaign per customer is required");
  Result<CustomerValueFit> pooled = FitCustomerValue(unit, customers, options.fit);
  if (!pooled.ok()) return pooled.status();
  SegmentedFit out{*pooled, {}};
  for (std::size_t begin = 0; begin < customers.size();) {
    std::size_t end = begin + 1;
    while (end < customers.size() && campaigns[end] == campaigns[begin]) ++end;
    CampaignSegment segment{campaigns[begin], begin, end, std::nullopt, ""};
    if (segment.size() == customers.size()) {
      segment.own_fit = out.pooled;  // one campaign only: its fit is the pooled one
    } else if (segment.size() < options.min_segment_customers) {
      segment.pooled_reason = std::to_string(segment.size()) + " customers, fewer than " +
                              std::to_string(options.min_segment_customers) + " for a fit of its own";
    } else {
      Result<CustomerValueFit> own = FitCustomerValue(unit, customers.subspan(begin, end - begin), options.fit);
      if (own.ok()) segment.own_fit = *own;
      else segment.pooled_reason = "its own fit failed: " + own.status().message();
    }
    out.segments.push_back(std::move(segment));
    begin = end;
  }
  return out;
}

Status PredictByCampaign(const SegmentedFit& fit, std::span<const CustomerSummary> customers,
                         const ValueRequest& request, std::span<CustomerValue> out) {
  if (out.size() != customers.size()) return Status::InvalidArgument("output size differs from the customer count");
  for (const CampaignSegment& s : fit.segments) {
    INSIGHTOS_RETURN_IF_ERROR(PredictCustomerValues(fit.FitOf(s).model(), Slice(customers, s), request, Slice(out, s)));
  }
  return Status::Ok();
}

Status PredictHorizonValuesByCampaign(const SegmentedFit& fit, std::span<const CustomerSummary> customers,
                                      std::span<const CustomerValue> values, std::span<const double> observed,
                                      double window, std::span<std::optional<double>> out) {
  if (out.size() != customers.size()) return Status::InvalidArgument("output size differs from the customer count");
  for (const CampaignSegment& s : fit.segments) {
    INSIGHTOS_RETURN_IF_ERROR(PredictHorizonValues(fit.FitOf(s).purchases.params, Slice(customers, s),
                                                   Slice(values, s), Slice(observed, s), window, Slice(out, s)));
  }
  return Status::Ok();
}

nlohmann::json SegmentsReport(const SegmentedFit& fit) {
  nlohmann::json out = nlohmann::json::array();
  for (const CampaignSegment& s : fit.segments) {
    nlohmann::json row = {{"campaign", s.campaign}, {"customers", s.size()}};
    if (s.own_fit) {
      row["model"] = "campaign";
      row["fit"] = FitReport(*s.own_fit);
    } else {
      row["model"] = "pooled";
      row["reason"] = s.pooled_reason;
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace insightos::ltv
