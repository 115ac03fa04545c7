#include "insightos/ltv/time_unit.h"

#include <string>

namespace insightos::ltv {

double DaysPerUnit(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDay: return 1.0;
    case TimeUnit::kWeek: return 7.0;
    case TimeUnit::kMonth: return 365.25 / 12.0;
  }
  return 1.0;
}

const char* TimeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDay: return "day";
    case TimeUnit::kWeek: return "week";
    case TimeUnit::kMonth: return "month";
  }
  return "day";
}

Result<TimeUnit> ParseTimeUnit(std::string_view text) {
  if (text == "day" || text == "days") return TimeUnit::kDay;
  if (text == "week" || text == "weeks") return TimeUnit::kWeek;
  if (text == "month" || text == "months") return TimeUnit::kMonth;
  return Status::InvalidArgument("unknown time unit '" + std::string(text) + "' (expected day, week or month)");
}

double LengthIn(const TimeSpan& span, TimeUnit unit) {
  return span.length * DaysPerUnit(span.unit) / DaysPerUnit(unit);
}

}  // namespace insightos::ltv
