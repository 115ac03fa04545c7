#include "backend/ltv/clv_request.h"

#include <cmath>

namespace insightos::ltv {

double OneYearIn(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDay: return 365;
    case TimeUnit::kWeek: return 52;
    case TimeUnit::kMonth: return 12;
  }
  return 52;
}

Result<ValueRequest> MakeClvRequest(TimeUnit model_unit, const ClvHorizon& horizon) {
  const TimeUnit unit = horizon.unit.value_or(model_unit);
  const double periods = horizon.periods.value_or(OneYearIn(unit));
  if (!(periods >= 0) || periods != std::floor(periods) || periods > 10000) {
    return Status::InvalidArgument("the horizon must be a whole number of " + std::string(TimeUnitName(unit)) +
                                   " periods, 0 to 10000");
  }
  ValueRequest request;
  request.horizon = {periods, unit};
  request.clv = {static_cast<int>(periods), {1, unit}, horizon.discount_rate_per_period};
  INSIGHTOS_RETURN_IF_ERROR(ValidateValueRequest(request));
  return request;
}

}  // namespace insightos::ltv
