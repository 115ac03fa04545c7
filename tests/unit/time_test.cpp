#include "insightos/time.h"

#include <gtest/gtest.h>

#include <ctime>

namespace insightos {
namespace {

TimestampMs MustParse(std::string_view text) {
  Result<TimestampMs> r = ParseTimestamp(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : 0;
}

TEST(Civil, MatchesTimegmOverFourCenturies) {
  // timegm (glibc) is the independent reference for the day count.
  for (std::int64_t days = DaysFromCivil({1800, 1, 1}); days < DaysFromCivil({2200, 1, 1}); days += 13) {
    CivilDate d = CivilFromDays(days);
    ASSERT_EQ(DaysFromCivil(d), days);
    std::tm tm{};
    tm.tm_year = d.year - 1900;
    tm.tm_mon = d.month - 1;
    tm.tm_mday = d.day;
    ASSERT_EQ(static_cast<std::int64_t>(timegm(&tm)), days * 86400) << d.year << "-" << d.month << "-" << d.day;
  }
}

TEST(Civil, ValidDates) {
  EXPECT_TRUE(IsValidCivilDate({2024, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({2023, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({1900, 2, 29}));
  EXPECT_TRUE(IsValidCivilDate({2000, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({2024, 4, 31}));
  EXPECT_FALSE(IsValidCivilDate({2024, 13, 1}));
}

TEST(Timestamp, ParsesIsoForms) {
  const TimestampMs base = MustParse("2024-03-05T10:20:30Z");
  EXPECT_EQ(base, 1709634030000);
  EXPECT_EQ(MustParse("2024-03-05T10:20:30.123Z"), base + 123);
  EXPECT_EQ(MustParse("2024-03-05T10:20:30.1Z"), base + 100);
  EXPECT_EQ(MustParse("2024-03-05T10:20:30.123456789Z"), base + 123);
  EXPECT_EQ(MustParse("2024-03-05 10:20:30"), base);
  EXPECT_EQ(MustParse("2024-03-05T12:20:30+02:00"), base);
  EXPECT_EQ(MustParse("2024-03-05T05:20:30-0500"), base);
  EXPECT_EQ(MustParse("2024-03-05T11:20:30+01"), base);
  EXPECT_EQ(MustParse("2024-03-05"), base - (10 * 3600 + 20 * 60 + 30) * 1000);
  EXPECT_EQ(MustParse("2024-03-05T10:20Z"), base - 30000);
}

TEST(Timestamp, RejectsWithReason) {
  for (const char* bad : {"", "2024", "2024-02-30", "2024-03-05T25:00:00Z", "2024-03-05T10:20:30X",
                          "2024-03-05T10:20:30.Z", "2024-03-05T10:20:30+2", "yesterday", "0999-01-01",
                          "2024-03-05T10:20:30Z trailing"}) {
    Result<TimestampMs> r = ParseTimestamp(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.status().message().find("is not an ISO 8601 timestamp"), std::string::npos);
    }
  }
}

TEST(Timestamp, FormatRoundTrips) {
  for (TimestampMs ms : {0LL, 1709634030123LL, -1LL, 253402300799999LL, -2208988800000LL}) {
    EXPECT_EQ(MustParse(FormatTimestamp(ms)), ms) << FormatTimestamp(ms);
  }
  EXPECT_EQ(FormatTimestamp(1709634030123), "2024-03-05T10:20:30.123Z");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
}

TEST(Timestamp, CompactDates) {
  EXPECT_EQ(*ParseDateOrTimestamp("19970101"), DaysFromCivil({1997, 1, 1}) * kMillisPerDay);
  EXPECT_FALSE(ParseDateOrTimestamp("19971301").ok());
}

}  // namespace
}  // namespace insightos
