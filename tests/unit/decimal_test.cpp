#include "insightos/decimal.h"

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

}  // namespace
}  // namespace insightos
