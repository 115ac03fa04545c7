// The model-health views of a customer-value fit, as JSON for the stored report and the
// dashboard (SPEC §10): repeat purchases per period, actual against expected, across the
// calibration and any holdout period (the tracking plot of Fader, Hardie & Lee 2005, figure 2),
// and P(alive) over a frequency x recency grid (lifetimes' probability-alive matrix).
#ifndef INSIGHTOS_BACKEND_LTV_MODEL_HEALTH_REPORT_H_
#define INSIGHTOS_BACKEND_LTV_MODEL_HEALTH_REPORT_H_

#include <nlohmann/json.hpp>

#include <cstdint>
#include <span>

#include "backend/ltv/campaign_segments.h"
#include "backend/ltv/stored_purchases.h"
#include "insightos/ltv/params.h"

namespace insightos::ltv {

struct TrackingInput {
  // Customers as fitted (campaign-sorted, so the fit's segments index them) and each one's
  // first purchase day.
  std::span<const std::int64_t> first_purchase_days;
  std::span<const DailyCount> actual_repeat_days;  // CountRepeatPurchaseDays for the same customers
  std::int64_t calibration_end_day = 0;
  std::int64_t last_day = 0;  // the holdout's last day, or calibration_end_day without one
  // Periods are weeks, or whole multiples of a week when the data span more than
  // max_periods weeks (a chart has no use for more points, and each costs a series pass).
  int max_periods = 260;
};

// {"period_days", "calibration_end", "periods": [{"start", "end", "holdout", "actual",
// "expected", "cumulative_actual", "cumulative_expected"}]}. Periods run from the earliest first
// purchase day; the last one may be shorter. Expected repeat purchases of a customer who
// first bought on day s, by the end of day e, are the BG/NBD E[X(t)] with t = e − s (the
// convention of the summaries' T), under the customer's campaign model; customers with the
// same first day and model are evaluated together.
// Errors: a series that does not converge (a period far longer than the model's alpha).
Result<nlohmann::json> RepeatPurchaseTracking(const SegmentedFit& fit, const TrackingInput& input);

// {"age", "time_unit", "frequencies": [0..F], "recencies": [...], "p_alive": [[...] per
// frequency]} at T = the oldest customer's age, F = min(largest frequency, 50), 21 recencies
// from 0 to T; null where x > 0 and t_x = 0 (no such customer exists).
nlohmann::json ProbabilityAliveMatrix(const BgNbdParams& params, TimeUnit unit,
                                      std::span<const CustomerSummary> customers);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_BACKEND_LTV_MODEL_HEALTH_REPORT_H_
