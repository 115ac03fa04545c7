// Command-line helpers: duration options and the text tables of human-readable reports.
#include <gtest/gtest.h>

#include "backend/cli/duration_option.h"
#include "backend/cli/progress_bar.h"
#include "backend/cli/text_table.h"

namespace insightos::cli {
namespace {

TEST(ParseDuration, UnitsAndFractions) {
  EXPECT_EQ(*ParseDuration("14d", "--window"), 14 * kMillisPerDay);
  EXPECT_EQ(*ParseDuration("2w", "--window"), 14 * kMillisPerDay);
  EXPECT_EQ(*ParseDuration("36h", "--window"), 36 * kMillisPerHour);
  EXPECT_EQ(*ParseDuration("30m", "--window"), 30 * kMillisPerMinute);
  EXPECT_EQ(*ParseDuration("90s", "--window"), 90 * kMillisPerSecond);
  EXPECT_EQ(*ParseDuration("250ms", "--window"), 250);
  EXPECT_EQ(*ParseDuration("1.5d", "--window"), 36 * kMillisPerHour);
}

TEST(ParseDuration, RejectsWhatIsNotAPositiveDuration) {
  for (const char* bad : {"", "14", "d", "14x", "-1d", "0d", "0.0001ms", "1e300d", "14 d", "d14", "1.5.2h"}) {
    Result<TimestampMs> r = ParseDuration(bad, "--window");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("--window"), std::string::npos) << r.status().message();
  }
}

TEST(FormatDuration, LargestExactUnitAndRoundTrip) {
  EXPECT_EQ(FormatDuration(14 * kMillisPerDay), "14d");
  EXPECT_EQ(FormatDuration(36 * kMillisPerHour), "36h");
  EXPECT_EQ(FormatDuration(90 * kMillisPerSecond), "90s");
  EXPECT_EQ(FormatDuration(1500), "1500ms");
  for (TimestampMs ms : {TimestampMs{1}, TimestampMs{61000}, 7 * kMillisPerDay, TimestampMs{123456789}}) {
    EXPECT_EQ(*ParseDuration(FormatDuration(ms), "x"), ms);
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
