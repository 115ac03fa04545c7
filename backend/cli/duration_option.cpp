#include "backend/cli/duration_option.h"

#include <map>

namespace insightos::cli {

namespace {
// Integer factors: CLI11 prints the product back as text before converting it, which would
// round a floating-point product to six digits.
const std::map<std::string, TimestampMs>& Units() {
  static const std::map<std::string, TimestampMs> units = {
      {"ms", 1}, {"s", kMillisPerSecond}, {"m", kMillisPerMinute}, {"h", kMillisPerHour}, {"d", kMillisPerDay},
      {"w", 7 * kMillisPerDay},
  };
  return units;
}
}  // namespace

CLI::Option* AddDurationOption(CLI::App* app, const std::string& name, TimestampMs* ms,
                               const std::string& description, const std::string& default_text) {
  CLI::Option* option = app->add_option_function<TimestampMs>(
      name, [ms](TimestampMs value) { *ms = value; }, description + " (a whole number and a unit: ms, s, m, h, d or w)");
  // "m" is minutes and "M" would be a typo, so units are case-sensitive. Up to 1e15 ms keeps
  // every timestamp arithmetic far from overflow.
  const auto required = static_cast<CLI::AsNumberWithUnit::Options>(CLI::AsNumberWithUnit::CASE_SENSITIVE |
                                                                      CLI::AsNumberWithUnit::UNIT_REQUIRED);
  option->transform(CLI::AsNumberWithUnit(Units(), required, "UNIT"))
      ->check(CLI::Range(TimestampMs{1}, TimestampMs{1'000'000'000'000'000}, "DURATION"))
      ->default_str(default_text);
  return option;
}

std::string FormatDuration(TimestampMs ms) {
  static constexpr std::pair<TimestampMs, const char*> kUnits[] = {
      {kMillisPerDay, "d"}, {kMillisPerHour, "h"}, {kMillisPerMinute, "m"}, {kMillisPerSecond, "s"}};
  for (const auto& [size, suffix] : kUnits) {
    if (ms != 0 && ms % size == 0) return std::to_string(ms / size) + suffix;
  }
  return std::to_string(ms) + "ms";
}

}  // namespace insightos::cli
