// Per-customer value from fitted BG/NBD + Gamma-Gamma parameters: P(alive), expected
// purchases over a horizon, expected spend per purchase and discounted customer lifetime
// value. Every time span carries its unit and is converted to the model's unit explicitly.
#ifndef INSIGHTOS_LTV_CUSTOMER_VALUE_H_
#define INSIGHTOS_LTV_CUSTOMER_VALUE_H_

#include <optional>
#include <span>

#include "insightos/ltv/customer_summary.h"
#include "insightos/ltv/params.h"
#include "insightos/ltv/time_unit.h"
#include "insightos/status.h"

namespace insightos::ltv {

struct CustomerValueModel {
  TimeUnit unit;  // the unit of alpha, i.e. of the summaries the model was fitted on
  BgNbdParams purchases;
  std::optional<GammaGammaParams> spend;  // absent when there was no monetary data
};

// Discounted CLV = Σ_{i=1..periods} E[spend] · E[purchases in period i] / (1 + discount_rate)^i,
// periods counted from the customer's T (the end of observation). The rate is per period:
// 0.01 with a period of {1, kMonth} is 1% a month.
struct ClvSchedule {
  int periods = 0;
  TimeSpan period{1, TimeUnit::kMonth};
  double discount_rate = 0;
};

struct ValueRequest {
  TimeSpan horizon{0, TimeUnit::kMonth};  // expected purchases are counted in (T, T + horizon]
  ClvSchedule clv;
};

enum class SpendStatus {
  kEstimated,         // expected_spend and clv hold numbers
  kNoSpendModel,      // the model has no Gamma-Gamma part
  kUndefinedMean,     // p·x + q <= 1: the spend distribution has no finite mean
  kNonPositiveSpend,  // x > 0 with a mean spend <= 0: outside the Gamma-Gamma model
};
const char* SpendStatusName(SpendStatus status);

struct CustomerValue {
  double probability_alive = 0;
  double expected_purchases = 0;  // over ValueRequest::horizon
  SpendStatus spend_status = SpendStatus::kNoSpendModel;
  double expected_spend = 0;  // per purchase, currency units; only when spend_status == kEstimated
  double clv = 0;             // discounted, currency units; only when spend_status == kEstimated
};

// Checks a request: finite, non-negative spans and rate, periods in [0, 10000].
Status ValidateValueRequest(const ValueRequest& request);

// Values of one customer whose summary is in `model.unit`. Errors: an invalid summary or
// request, and a series that does not converge (a horizon vastly longer than alpha + T).
Result<CustomerValue> PredictCustomerValue(const CustomerValueModel& model, const CustomerSummary& customer,
                                           const ValueRequest& request);

// The same for many customers; `out` must have customers.size() elements. Stops at the
// first error, whose message names the customer.
Status PredictCustomerValues(const CustomerValueModel& model, std::span<const CustomerSummary> customers,
                             const ValueRequest& request, std::span<CustomerValue> out);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_LTV_CUSTOMER_VALUE_H_
