#include "backend/cli/duration_option.h"

#include <charconv>
#include <cmath>

namespace insightos::cli {

namespace {
struct Unit {
  std::string_view suffix;
  TimestampMs ms;
};
// Longest suffixes first, so "ms" is not read as "m" followed by garbage.
constexpr Unit kUnits[] = {{"ms", 1}, {"s", kMillisPerSecond}, {"m", kMillisPerMinute}, {"h", kMillisPerHour},
                           {"d", kMillisPerDay}, {"w", 7 * kMillisPerDay}};
}  // namespace

Result<TimestampMs> ParseDuration(std::string_view text, std::string_view option_name) {
  auto fail = [&] {
    return Status::InvalidArgument(std::string(option_name) + ": '" + std::string(text) +
                                   "' is not a duration; use a number and a unit, e.g. 30m, 12h, 14d or 2w");
  };
  for (const Unit& unit : kUnits) {
    if (text.size() <= unit.suffix.size() || text.substr(text.size() - unit.suffix.size()) != unit.suffix) continue;
    std::string_view number = text.substr(0, text.size() - unit.suffix.size());
    double value = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || end != number.data() + number.size()) continue;
    const double ms = value * static_cast<double>(unit.ms);
    if (!(ms >= 1) || ms > 1e15) return fail();
    return static_cast<TimestampMs>(std::llround(ms));
  }
  return fail();
}

std::string FormatDuration(TimestampMs ms) {
  for (auto it = std::rbegin(kUnits); it != std::rend(kUnits); ++it) {
    if (it->suffix == "w") continue;  // "14d" reads better than "2w" in a report
    if (ms % it->ms == 0) return std::to_string(ms / it->ms) + std::string(it->suffix);
  }
  return std::to_string(ms) + "ms";
}

}  // namespace insightos::cli
