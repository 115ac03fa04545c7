#include "insightos/decimal.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace insightos {
namespace {

TEST(Decimal, AcceptsPlainDecimals) {
  double v = 0;
  EXPECT_TRUE(ParseFiniteDecimal("11.77", &v));
  EXPECT_EQ(v, 11.77);
  EXPECT_TRUE(ParseFiniteDecimal("-0.5", &v));
  EXPECT_EQ(v, -0.5);
  EXPECT_TRUE(ParseFiniteDecimal("+3", &v));
  EXPECT_EQ(v, 3.0);
  EXPECT_TRUE(ParseFiniteDecimal(".25", &v));
  EXPECT_EQ(v, 0.25);
  EXPECT_TRUE(ParseFiniteDecimal("7.", &v));
  EXPECT_EQ(v, 7.0);
  EXPECT_TRUE(ParseFiniteDecimal("1.5e3", &v));
  EXPECT_EQ(v, 1500.0);
  EXPECT_TRUE(ParseFiniteDecimal("0.1", &v));
  EXPECT_EQ(v, 0.1);  // correctly rounded, the same double as the literal
}

TEST(Decimal, RejectsEverythingElse) {
  double v = 0;
  for (const char* bad : {"", "-", ".", "1e", "1e+", "0x10", "inf", "nan", " 1", "1 ", "1,5", "1e400", "--1", "1.2.3"}) {
    EXPECT_FALSE(ParseFiniteDecimal(bad, &v)) << bad;
  }
}

TEST(Decimal, IntegerTextIsStdToString) {
  for (long long v : {0LL, 7LL, -7LL, 10LL, -10LL, 9007199254740992LL, -9007199254740993LL,
                      std::numeric_limits<long long>::max(), std::numeric_limits<long long>::min()}) {
    EXPECT_EQ(DecimalText(v), std::to_string(v));
  }
  for (unsigned long long v : {0ULL, 9ULL, 100ULL, std::numeric_limits<unsigned long long>::max()}) {
    EXPECT_EQ(DecimalText(v), std::to_string(v));
  }
  EXPECT_EQ(DecimalText(std::numeric_limits<int>::min()), "-2147483648");
  EXPECT_EQ(DecimalText(std::size_t{65536}), "65536");
  EXPECT_EQ(DecimalText(std::uint32_t{4294967295u}), "4294967295");
}

}  // namespace
}  // namespace insightos
