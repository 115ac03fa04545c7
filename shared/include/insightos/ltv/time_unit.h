// The time unit in which customer summaries, model parameters and horizons are expressed.
//
// Every LTV quantity with a time dimension (recency, age, the BG/NBD rate parameter alpha,
// horizons, discount rates) is meaningless without its unit, and mixing days with weeks
// silently scales alpha by 7. So the unit travels with the data: each summary table, fit and
// prediction request carries a TimeUnit, and there is deliberately no default value.
#ifndef INSIGHTOS_LTV_TIME_UNIT_H_
#define INSIGHTOS_LTV_TIME_UNIT_H_

#include <string_view>

#include "insightos/status.h"

namespace insightos::ltv {

enum class TimeUnit {
  kDay,    // one UTC calendar day
  kWeek,   // 7 days
  kMonth,  // 30.4375 days: the mean Gregorian month (365.25 / 12), not a calendar month
};

// Length of one unit in days (1, 7 or 30.4375).
double DaysPerUnit(TimeUnit unit);

// "day", "week", "month".
const char* TimeUnitName(TimeUnit unit);

// Accepts "day", "week", "month" (and the plurals). Anything else is InvalidArgument.
Result<TimeUnit> ParseTimeUnit(std::string_view text);

// A number of `unit`s, e.g. {52, kWeek}. Converting between units is exact division by
// DaysPerUnit (a month is always 30.4375 days).
struct TimeSpan {
  double length;
  TimeUnit unit;
};

// `span` expressed in `unit`.
double LengthIn(const TimeSpan& span, TimeUnit unit);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_LTV_TIME_UNIT_H_
