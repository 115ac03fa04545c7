// A customer's value over the first `window` of the relationship, counted from their first
// purchase: the revenue already observed in that window, plus, when the window is still
// running at the end of observation T, the model's expectation for the rest of it:
//
//   V̂(w) = observed revenue in [0, min(T, w)]
//          + [T < w] · E[spend per purchase | x, m_x] · E[purchases in (T, w] | x, t_x, T]
//
// Why this and not residual CLV (customer_value.h): residual CLV runs from each customer's T,
// so a campaign's mean of it depends on how long ago its customers were acquired. Comparing
// campaigns needs the value of acquiring a customer, measured over the same window from
// acquisition for everyone; by the tower property E[V̂(w)] = E[V(w)] when the model holds,
// and customers whose window has not ended still count (docs/ltv.md, "Campaign value").
#ifndef INSIGHTOS_LTV_HORIZON_VALUE_H_
#define INSIGHTOS_LTV_HORIZON_VALUE_H_

#include <optional>
#include <span>

#include "insightos/ltv/customer_summary.h"
#include "insightos/ltv/customer_value.h"
#include "insightos/ltv/params.h"
#include "insightos/status.h"

namespace insightos::ltv {

// `window` is in the unit of the summaries and of `purchases` (alpha). `values[i]` is customer
// i's prediction under the same model (only its spend estimate is used: the window's
// remainder is valued at E[spend | x, m_x], like residual CLV). `observed[i]` is the revenue of
// customer i's purchases from the first purchase to the end of the window or of observation,
// whichever is first. out[i] is nullopt when the window is still running and the customer has
// no spend estimate (values[i].spend_status != kEstimated).
// Errors: spans of different sizes, a negative or non-finite window, an invalid summary, a
// series that does not converge (BgNbdExpectedPurchases).
Status PredictHorizonValues(const BgNbdParams& purchases, std::span<const CustomerSummary> customers,
                            std::span<const CustomerValue> values, std::span<const double> observed, double window,
                            std::span<std::optional<double>> out);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_LTV_HORIZON_VALUE_H_
