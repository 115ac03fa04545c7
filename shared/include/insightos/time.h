// Timestamps in the core are milliseconds since the Unix epoch, UTC (std::int64_t).
// Parsing and formatting of ISO 8601 / RFC 3339 text, and proleptic Gregorian calendar
// arithmetic, without the C library's time zone machinery (not available in the browser
// build, and not thread-safe on the server).
#ifndef INSIGHTOS_TIME_H_
#define INSIGHTOS_TIME_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "insightos/status.h"

namespace insightos {

using TimestampMs = std::int64_t;

inline constexpr TimestampMs kMillisPerSecond = 1000;
inline constexpr TimestampMs kMillisPerMinute = 60 * kMillisPerSecond;
inline constexpr TimestampMs kMillisPerHour = 60 * kMillisPerMinute;
inline constexpr TimestampMs kMillisPerDay = 24 * kMillisPerHour;

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
};

// Days since 1970-01-01 for a proleptic Gregorian date (negative before the epoch).
std::int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(std::int64_t days);
bool IsValidCivilDate(const CivilDate& date);

// Accepts "YYYY-MM-DD", optionally followed by 'T' or ' ' and "hh:mm[:ss[.fraction]]",
// optionally followed by "Z", "±hh:mm", "±hhmm" or "±hh". Without an offset the time is UTC.
// Years 1000-9999. Fractions beyond milliseconds are truncated.
Result<TimestampMs> ParseTimestamp(std::string_view text);

// Accepts "YYYYMMDD" (as in the CDNOW files) or any form ParseTimestamp accepts.
Result<TimestampMs> ParseDateOrTimestamp(std::string_view text);

// "YYYY-MM-DDThh:mm:ss.mmmZ".
std::string FormatTimestamp(TimestampMs ms);
// "YYYY-MM-DD" of the UTC day containing ms.
std::string FormatDate(TimestampMs ms);

// Floor division that rounds toward negative infinity (for times before the epoch).
constexpr std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace insightos

#endif  // INSIGHTOS_TIME_H_
