// Interval math against scipy (an independent implementation) and closed forms.
#include "insightos/analytics/intervals.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/python_reference.h"

namespace insightos::analytics {
namespace {

TEST(NormalQuantile, KnownValues) {
  // Abramowitz & Stegun, table 26.5.
  EXPECT_NEAR(NormalQuantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(NormalQuantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(NormalQuantile(0.95), 1.6448536269514722, 1e-14);
  EXPECT_NEAR(NormalQuantile(0.025), -1.959963984540054, 1e-14);
}

TEST(NormalQuantile, MatchesScipyAcrossTheRange) {
  const std::vector<double> ps = {1e-12, 1e-6, 0.001, 0.02, 0.3, 0.5, 0.7, 0.99, 0.999999};
  const std::string script =
      "from scipy.stats import norm\n"
      "for p in [1e-12, 1e-6, 0.001, 0.02, 0.3, 0.5, 0.7, 0.99, 0.999999]: print(repr(norm.ppf(p)))\n";
  auto ref = testing::RunPythonReference(script);
  if (!ref) GTEST_SKIP() << "scipy not available";
  ASSERT_EQ(ref->size(), ps.size());
  for (std::size_t i = 0; i < ps.size(); ++i) {
    EXPECT_NEAR(NormalQuantile(ps[i]), (*ref)[i], 1e-12 * (1 + std::fabs((*ref)[i]))) << ps[i];
  }
}

TEST(WilsonInterval, MatchesScipyBinomtest) {
  struct Case {
    std::uint64_t k, n;
    double confidence;
  };
  const std::vector<Case> cases = {{0, 10, 0.95}, {3, 10, 0.95}, {10, 10, 0.95}, {57, 1000, 0.9},
                                   {1, 1, 0.99},  {4821, 100000, 0.95}};
  std::string script = "from scipy.stats import binomtest\n";
  for (const Case& c : cases) {
    script += "ci = binomtest(" + std::to_string(c.k) + ", " + std::to_string(c.n) + ").proportion_ci(" +
              std::to_string(c.confidence) + ", method='wilson'); print(repr(ci.low), repr(ci.high))\n";
  }
  auto ref = testing::RunPythonReference(script);
  if (!ref) GTEST_SKIP() << "scipy not available";
  ASSERT_EQ(ref->size(), 2 * cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    Interval w = WilsonInterval(cases[i].k, cases[i].n, cases[i].confidence);
    EXPECT_NEAR(w.low, (*ref)[2 * i], 1e-12) << cases[i].k << "/" << cases[i].n;
    EXPECT_NEAR(w.high, (*ref)[2 * i + 1], 1e-12) << cases[i].k << "/" << cases[i].n;
  }
}

TEST(WilsonInterval, NoTrialsGivesTheUnitInterval) {
  Interval w = WilsonInterval(0, 0, 0.95);
  EXPECT_EQ(w.low, 0);
  EXPECT_EQ(w.high, 1);
}

TEST(ComputeMoments, MeanAndUnbiasedVarianceWithoutCancellation) {
  std::vector<double> v = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
  SampleMoments m = ComputeMoments(v);
  EXPECT_DOUBLE_EQ(m.mean, 1e9 + 10);
  EXPECT_DOUBLE_EQ(m.variance, 30);  // (36 + 9 + 9 + 36) / 3
  EXPECT_EQ(ComputeMoments(std::vector<double>{5}).variance, 0);
}

}  // namespace
}  // namespace insightos::analytics
