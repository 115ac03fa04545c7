// The CLV horizon of the `ltv` command and of the nightly job: whole periods of a declared
// unit (one year by default), discounted per period. One definition for both, so a CSV
// report and a stored fit mean the same thing by "CLV over 52 weeks at 1%".
#ifndef INSIGHTOS_BACKEND_LTV_CLV_REQUEST_H_
#define INSIGHTOS_BACKEND_LTV_CLV_REQUEST_H_

#include <optional>

#include "insightos/ltv/customer_value.h"
#include "insightos/ltv/time_unit.h"
#include "insightos/status.h"

namespace insightos::ltv {

struct ClvHorizon {
  std::optional<double> periods;            // default: one year of `unit` (OneYearIn)
  std::optional<TimeUnit> unit;             // default: the model's unit
  double discount_rate_per_period = 0;
};

// One year in `unit`, rounded: 365 days, 52 weeks, 12 months.
double OneYearIn(TimeUnit unit);

// Expected purchases over the horizon and CLV discounted per period of it. CLV discounts whole
// periods, so the horizon must be a whole number of them (a fractional last period would be
// discounted as a full one). InvalidArgument for a fractional, negative or > 10000 horizon or
// a negative discount rate.
Result<ValueRequest> MakeClvRequest(TimeUnit model_unit, const ClvHorizon& horizon);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_BACKEND_LTV_CLV_REQUEST_H_
