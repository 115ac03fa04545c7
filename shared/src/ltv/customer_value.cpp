#include "insightos/ltv/customer_value.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "insightos/ltv/bg_nbd.h"
#include "insightos/ltv/gamma_gamma.h"
#include "distinct_summaries.h"

namespace insightos::ltv {

namespace {

constexpr int kMaxClvPeriods = 10000;

// Horizons (in the model's unit) evaluated for every customer: the request's horizon first,
// then the end of each CLV period.
std::vector<double> HorizonsInModelUnit(const CustomerValueModel& model, const ValueRequest& request) {
  std::vector<double> horizons;
  horizons.reserve(static_cast<std::size_t>(request.clv.periods) + 1);
  horizons.push_back(LengthIn(request.horizon, model.unit));
  const double period = LengthIn(request.clv.period, model.unit);
  for (int i = 1; i <= request.clv.periods; ++i) horizons.push_back(period * i);
  return horizons;
}

// Discount factors 1/(1+r)^i for i = 1..periods.
std::vector<double> DiscountFactors(const ClvSchedule& clv) {
  std::vector<double> factors;
  double f = 1;
  for (int i = 1; i <= clv.periods; ++i) {
    f /= 1 + clv.discount_rate;
    factors.push_back(f);
  }
  return factors;
}

// Fills the spend part of `out` (probabilities and purchases already set). The discounted
// purchase count Σ_i E[purchases in period i]/(1+r)^i depends only on (x, t_x, T).
void FillSpend(const CustomerValueModel& model, const CustomerSummary& c, double discounted_purchases,
               CustomerValue* out) {
  if (!model.spend) {
    out->spend_status = SpendStatus::kNoSpendModel;
    return;
  }
  if (c.frequency > 0 && !(c.monetary_value > 0)) {
    out->spend_status = SpendStatus::kNonPositiveSpend;
    return;
  }
  // Checked here rather than through GammaGammaExpectedSpend's error, whose message would be
  // built for each of possibly a million customers.
  if (!(model.spend->p * c.frequency + model.spend->q > 1)) {
    out->spend_status = SpendStatus::kUndefinedMean;
    return;
  }
  Result<double> spend = GammaGammaExpectedSpend(*model.spend, c.frequency, c.monetary_value);
  if (!spend.ok()) {
    out->spend_status = SpendStatus::kUndefinedMean;
    return;
  }
  out->spend_status = SpendStatus::kEstimated;
  out->expected_spend = *spend;
  out->clv = out->expected_spend * discounted_purchases;
}

}  // namespace

const char* SpendStatusName(SpendStatus status) {
  switch (status) {
    case SpendStatus::kEstimated: return "estimated";
    case SpendStatus::kNoSpendModel: return "no_spend_model";
    case SpendStatus::kUndefinedMean: return "undefined_mean";
    case SpendStatus::kNonPositiveSpend: return "nonpositive_spend";
  }
  return "estimated";
}

Status ValidateValueRequest(const ValueRequest& r) {
  if (!std::isfinite(r.horizon.length) || r.horizon.length < 0) {
    return Status::InvalidArgument("prediction horizon must be a finite number >= 0");
  }
  if (r.clv.periods < 0 || r.clv.periods > kMaxClvPeriods) {
    return Status::InvalidArgument("CLV periods must be in [0, " + std::to_string(kMaxClvPeriods) + "]");
  }
  if (!std::isfinite(r.clv.period.length) || r.clv.period.length <= 0) {
    return Status::InvalidArgument("CLV period length must be a finite number > 0");
  }
  if (!std::isfinite(r.clv.discount_rate) || r.clv.discount_rate < 0) {
    return Status::InvalidArgument("discount rate must be a finite number >= 0");
  }
  return Status::Ok();
}

Result<CustomerValue> PredictCustomerValue(const CustomerValueModel& model, const CustomerSummary& customer,
                                           const ValueRequest& request) {
  CustomerValue out;
  INSIGHTOS_RETURN_IF_ERROR(PredictCustomerValues(model, std::span<const CustomerSummary>(&customer, 1), request,
                                                  std::span<CustomerValue>(&out, 1)));
  return out;
}

Status PredictCustomerValues(const CustomerValueModel& model, std::span<const CustomerSummary> customers,
                             const ValueRequest& request, std::span<CustomerValue> out) {
  INSIGHTOS_RETURN_IF_ERROR(ValidateValueRequest(request));
  if (out.size() != customers.size()) return Status::InvalidArgument("output size differs from the customer count");
  const std::vector<double> horizons = HorizonsInModelUnit(model, request);
  const std::vector<double> discounts = DiscountFactors(request.clv);
  // Customers sharing (x, t_x, T) share the hypergeometric series, the costly part.
  Result<DistinctSummaries> groups = DistinctSummaries::Group(customers);
  if (!groups.ok()) return groups.status();
  std::vector<double> expected(horizons.size());
  for (std::size_t g = 0; g < groups->groups(); ++g) {
    const CustomerSummary& k = groups->representative(g);
    Status s = BgNbdExpectedPurchases(model.purchases, k.frequency, k.recency, k.age, horizons, expected);
    if (!s.ok()) return Status(s.code(), "customer '" + k.customer_id + "': " + s.message());
    const double alive = BgNbdProbabilityAlive(model.purchases, k.frequency, k.recency, k.age);
    double discounted_purchases = 0;
    for (std::size_t i = 0; i < discounts.size(); ++i) {
      discounted_purchases += (expected[i + 1] - (i == 0 ? 0.0 : expected[i])) * discounts[i];
    }
    for (std::size_t index : groups->members(g)) {
      CustomerValue& v = out[index];
      v = CustomerValue{};
      v.probability_alive = alive;
      v.expected_purchases = expected[0];
      FillSpend(model, customers[index], discounted_purchases, &v);
    }
  }
  return Status::Ok();
}

}  // namespace insightos::ltv
