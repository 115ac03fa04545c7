// Command-line helpers: duration options and the text tables of human-readable reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "backend/cli/duration_option.h"
#include "backend/cli/progress_bar.h"
#include "backend/cli/text_table.h"

namespace insightos::cli {
namespace {

// Parses `--window VALUE` with a fresh app; nullopt on a usage error.
std::optional<TimestampMs> Window(const std::string& value) {
  CLI::App app;
  TimestampMs ms = 7 * kMillisPerDay;
  AddDurationOption(&app, "--window", &ms, "Conversion window", "7d");
  std::vector<std::string> args = {"--window", value};
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last to first
  try {
    app.parse(args);
  } catch (const CLI::ParseError&) {
    return std::nullopt;
  }
  return ms;
}

TEST(DurationOption, WholeNumbersWithUnits) {
  EXPECT_EQ(Window("14d"), 14 * kMillisPerDay);
  EXPECT_EQ(Window("2w"), 14 * kMillisPerDay);
  EXPECT_EQ(Window("36h"), 36 * kMillisPerHour);
  EXPECT_EQ(Window("30m"), 30 * kMillisPerMinute);
  EXPECT_EQ(Window("90s"), 90 * kMillisPerSecond);
  EXPECT_EQ(Window("250ms"), 250);
  EXPECT_EQ(Window("d"), kMillisPerDay);  // CLI11: a unit alone is one of it
  EXPECT_EQ(Window("123456789ms"), 123456789);  // exact, not rounded through a double
}

TEST(DurationOption, RejectsWhatIsNotAPositiveDuration) {
  for (const char* bad : {"", "14", "14x", "-1d", "0d", "1.5d", "1e300d", "99999999999999999999d", "14M", "d14", "1.5.2h"}) {
    EXPECT_FALSE(Window(bad).has_value()) << bad;
  }
}

TEST(DurationOption, DefaultWhenAbsent) {
  CLI::App app;
  TimestampMs ms = 7 * kMillisPerDay;
  AddDurationOption(&app, "--window", &ms, "Conversion window", "7d");
  app.parse(std::vector<std::string>{});
  EXPECT_EQ(ms, 7 * kMillisPerDay);
  EXPECT_NE(app.help().find("7d"), std::string::npos);
}

TEST(FormatDuration, LargestExactUnitAndRoundTrip) {
  EXPECT_EQ(FormatDuration(14 * kMillisPerDay), "14d");
  EXPECT_EQ(FormatDuration(36 * kMillisPerHour), "36h");
  EXPECT_EQ(FormatDuration(90 * kMillisPerSecond), "90s");
  EXPECT_EQ(FormatDuration(1500), "1500ms");
  for (TimestampMs ms : {TimestampMs{1}, TimestampMs{61000}, 7 * kMillisPerDay, TimestampMs{123456789}}) {
    EXPECT_EQ(Window(FormatDuration(ms)), ms);
  }
}

TEST(TextTable, AlignsColumnsByCodePoints) {
  TextTable t({"step", "people"});
  t.AddRow({"a \xE2\x86\x92 b", "1,234"});
  t.AddRow({"longer name", "5"});
  EXPECT_EQ(t.Render(),
            "step         people\n"
            "-------------------\n"
            "a \xE2\x86\x92 b         1,234\n"
            "longer name       5\n");
}

TEST(Formatting, NumbersForPeople) {
  EXPECT_EQ(WithThousandsSeparators(0), "0");
  EXPECT_EQ(WithThousandsSeparators(1234567), "1,234,567");
  EXPECT_EQ(Money(1234.567), "1,234.57");
  EXPECT_EQ(Money(-0.5), "-0.50");
  EXPECT_EQ(Money(1.999), "2.00");
  EXPECT_EQ(Percent(0.1234), "12.3%");
  EXPECT_EQ(HumanDuration(45000), "45s");
  EXPECT_EQ(HumanDuration(12 * 60000), "12m");
  EXPECT_EQ(HumanDuration(5 * 3600000.0), "5.0h");
  EXPECT_EQ(HumanDuration(3 * 86400000.0), "3.0d");
}

}  // namespace
}  // namespace insightos::cli
