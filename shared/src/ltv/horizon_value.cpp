#include "insightos/ltv/horizon_value.h"

#include <cmath>

#include "insightos/ltv/bg_nbd.h"
#include "distinct_summaries.h"

namespace insightos::ltv {

Status PredictHorizonValues(const BgNbdParams& purchases, std::span<const CustomerSummary> customers,
                            std::span<const CustomerValue> values, std::span<const double> observed, double window,
                            std::span<std::optional<double>> out) {
  if (values.size() != customers.size() || observed.size() != customers.size() || out.size() != customers.size()) {
    return Status::InvalidArgument("horizon values: inputs and output differ in size");
  }
  if (!std::isfinite(window) || window < 0) return Status::InvalidArgument("horizon value window must be finite and >= 0");
  // The remaining purchases depend on (x, t_x, T) only, and T fixes the remaining window.
  Result<DistinctSummaries> groups = DistinctSummaries::Group(customers);
  if (!groups.ok()) return groups.status();
  for (std::size_t g = 0; g < groups->groups(); ++g) {
    const CustomerSummary& k = groups->representative(g);
    double remaining_purchases = 0;
    if (k.age < window) {
      const double rest[] = {window - k.age};
      Status s = BgNbdExpectedPurchases(purchases, k.frequency, k.recency, k.age, rest,
                                        std::span<double>(&remaining_purchases, 1));
      if (!s.ok()) return Status(s.code(), "customer '" + k.customer_id + "': " + s.message());
    }
    for (std::size_t i : groups->members(g)) {
      if (k.age >= window) {
        out[i] = observed[i];
      } else if (values[i].spend_status == SpendStatus::kEstimated) {
        out[i] = observed[i] + values[i].expected_spend * remaining_purchases;
      } else {
        out[i] = std::nullopt;
      }
    }
  }
  return Status::Ok();
}

}  // namespace insightos::ltv
