// BG/NBD likelihood, gradient and predictions, against independent references: the paper's
// formulas written out here in long double, central finite differences, a case where the
// hypergeometric function is elementary, and SciPy (tests/reference/ltv_reference.py).
#include "insightos/ltv/bg_nbd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "tests/support/python_reference.h"

namespace insightos::ltv {
namespace {

// Fader, Hardie & Lee (2005), CDNOW estimates (weeks).
constexpr BgNbdParams kPaper{0.243, 4.414, 0.793, 2.426};

std::vector<CustomerSummary> SmallData() {
  return {{"a", 0, 0, 38.86, 0, 3},  {"b", 2, 30.43, 38.86, 22.35, 1}, {"c", 1, 1.71, 38.86, 11.77, 2},
          {"d", 2, 30.43, 38.86, 5, 1}, {"e", 7, 29.43, 35.71, 31, 1},  {"f", 0, 0, 12.5, 0, 1},
          {"g", 40, 30.1, 31.0, 12, 1}};
}

// The FHL 2005 likelihood, term by term in long double with tgamma-free log forms.
long double TextbookLogLikelihood(const BgNbdParams& p, double x, double t_x, double T) {
  using std::lgamma;
  long double lbeta_ab = lgammal(p.a) + lgammal(p.b) - lgammal(p.a + p.b);
  long double common = lgammal(p.r + x) - lgammal(p.r) + p.r * logl(p.alpha);
  long double first = lgammal(p.a) + lgammal(p.b + x) - lgammal(p.a + p.b + x) - lbeta_ab - (p.r + x) * logl(p.alpha + T);
  long double l = expl(common + first);
  if (x > 0) {
    long double second = lgammal(p.a + 1) + lgammal(p.b + x - 1) - lgammal(p.a + p.b + x) - lbeta_ab -
                         (p.r + x) * logl(p.alpha + t_x);
    l += expl(common + second);
  }
  return logl(l);
}

TEST(BgNbd, LikelihoodIsTheTextbookFormulaSummedWithWeights) {
  std::vector<CustomerSummary> customers = SmallData();
  Result<BgNbdData> data = CompressForBgNbd(customers);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->frequency.size(), 6u);  // b and d share (x, t_x, T)
  EXPECT_EQ(data->total_weight, 10);
  long double expected = 0;
  for (const CustomerSummary& c : customers) {
    expected += c.weight * TextbookLogLikelihood(kPaper, c.frequency, c.recency, c.age);
    EXPECT_NEAR(BgNbdCustomerLogLikelihood(kPaper, c.frequency, c.recency, c.age),
                static_cast<double>(TextbookLogLikelihood(kPaper, c.frequency, c.recency, c.age)), 1e-12);
  }
  EXPECT_NEAR(BgNbdLogLikelihood(kPaper, *data, nullptr), static_cast<double>(expected), 1e-11);
}

TEST(BgNbd, GradientMatchesFiniteDifferences) {
  Result<BgNbdData> data = CompressForBgNbd(SmallData());
  ASSERT_TRUE(data.ok());
  for (BgNbdParams p : {kPaper, BgNbdParams{1.7, 0.3, 0.05, 9.0}, BgNbdParams{0.02, 60.0, 3.0, 0.4}}) {
    BgNbdGradient g;
    BgNbdLogLikelihood(p, *data, &g);
    double* fields[] = {&p.r, &p.alpha, &p.a, &p.b};
    for (int k = 0; k < 4; ++k) {
      const double saved = *fields[k];
      const double h = 1e-6 * saved;
      *fields[k] = saved + h;
      const double up = BgNbdLogLikelihood(p, *data, nullptr);
      *fields[k] = saved - h;
      const double down = BgNbdLogLikelihood(p, *data, nullptr);
      *fields[k] = saved;
      const double fd = (up - down) / (2 * h);
      EXPECT_NEAR(g[static_cast<std::size_t>(k)], fd, 1e-6 * std::max(1.0, std::fabs(fd))) << "parameter " << k;
    }
  }
}

TEST(BgNbd, ProbabilityAliveByHand) {
  // P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}); x = 0 is alive for sure.
  EXPECT_EQ(BgNbdProbabilityAlive(kPaper, 0, 0, 38.86), 1.0);
  const double odds = 0.793 / (2.426 + 2 - 1) * std::pow((4.414 + 38.86) / (4.414 + 30.43), 0.243 + 2);
  EXPECT_NEAR(BgNbdProbabilityAlive(kPaper, 2, 30.43, 38.86), 1 / (1 + odds), 1e-15);
  // Bought on the last day: odds a/(b+x−1).
  EXPECT_NEAR(BgNbdProbabilityAlive(kPaper, 5, 20, 20), 1 / (1 + 0.793 / (2.426 + 4)), 1e-15);
  // Hundreds of purchases and a long silence: the odds are e^444, beyond what a naive
  // 1/(1 + odds) keeps accurate in its exponent; with x = 1000 they overflow a double.
  const double p = BgNbdProbabilityAlive(kPaper, 400, 10, 40);
  EXPECT_NEAR(std::log(p), -(std::log(0.793 / (2.426 + 399)) + 400.243 * std::log((4.414 + 40) / (4.414 + 10))), 1e-9);
  EXPECT_EQ(BgNbdProbabilityAlive(kPaper, 1000, 10, 40), 0.0);  // e^-1118 underflows to exactly 0, not NaN
  EXPECT_NEAR(BgNbdProbabilityAlive(kPaper, 1000, 39.9, 40), 1 / (1 + 0.793 / 1001.426 * std::pow(44.414 / 44.314, 1000.243)),
              1e-12);
}

TEST(BgNbd, ExpectedPurchasesWhereTheHypergeometricIsElementary) {
  // With r = a + b − 1 the transformed series vanishes: E[X(t)] for a new customer is
  // (a+b−1)/(a−1) · (1 − (α/(α+t))^{a−1}) ... worked by hand for a = 2, b = 2, r = 3, α = 1:
  // The paper's E[X(t)]: 3 · [1 − (1/(1+t))^3 · ₂F₁(3, 2; 3; t/(1+t))] = 3 · [1 − 1/(1+t)] = 3t/(1+t).
  const BgNbdParams p{3, 1, 2, 2};
  std::vector<double> t = {0.0, 0.5, 1.0, 9.0};
  std::vector<double> e(t.size());
  ASSERT_TRUE(BgNbdExpectedPurchases(p, 0, 0, 0, t, e).ok());
  for (std::size_t i = 0; i < t.size(); ++i) EXPECT_NEAR(e[i], 3 * t[i] / (1 + t[i]), 1e-14) << t[i];
  // Conditional on x = 4, t_x = 3, T = 5: (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{a−1}] · P(alive) = 7·t/(6+t)·P.
  ASSERT_TRUE(BgNbdExpectedPurchases(p, 4, 3, 5, t, e).ok());
  const double alive = 1 / (1 + 2.0 / 5 * std::pow(6.0 / 4, 7));
  for (std::size_t i = 0; i < t.size(); ++i) EXPECT_NEAR(e[i], 7 * t[i] / (6 + t[i]) * alive, 1e-14) << t[i];
}

TEST(BgNbd, ExpectationIsContinuousThroughAEqualsOne) {
  // The paper's formula divides by a − 1; ours must pass through a = 1 smoothly.
  std::vector<double> t = {10.0};
  std::vector<double> below(1), at(1), above(1);
  ASSERT_TRUE(BgNbdExpectedPurchases({0.5, 3, 1 - 1e-7, 2}, 3, 20, 30, t, below).ok());
  ASSERT_TRUE(BgNbdExpectedPurchases({0.5, 3, 1.0, 2}, 3, 20, 30, t, at).ok());
  ASSERT_TRUE(BgNbdExpectedPurchases({0.5, 3, 1 + 1e-7, 2}, 3, 20, 30, t, above).ok());
  EXPECT_TRUE(std::isfinite(at[0]));
  EXPECT_GT(at[0], 0);
  EXPECT_NEAR(below[0], at[0], 1e-6 * at[0]);
  EXPECT_NEAR(above[0], at[0], 1e-6 * at[0]);
}

TEST(BgNbd, ExpectedPurchasesAgreeWithScipyOnThePapersFormula) {
  if (!testing::HaveScipy()) GTEST_SKIP() << "/usr/bin/python3 has no scipy (apt install python3-scipy)";
  struct Case {
    BgNbdParams p;
    double x, t_x, T, t;
  };
  const Case cases[] = {
      {kPaper, 0, 0, 38.86, 39},         {kPaper, 2, 30.43, 38.86, 39},  {kPaper, 7, 29.43, 35.71, 10},
      {kPaper, 1000, 37, 38.86, 52},     {kPaper, 1, 1.71, 38.86, 200},  {{2.1, 12, 0.3, 4.5}, 3, 5, 40, 20},
      {{0.8, 2, 1.6, 0.7}, 0, 0, 0, 30}, {{0.05, 0.5, 0.99, 1.3}, 12, 18, 19, 5},
      // r far above a + b: the transformed series alternates for its first ~r terms.
      {{20, 4.4, 0.8, 2}, 3, 10, 20, 30}, {{40, 4.4, 0.8, 2}, 0, 0, 20, 30},
  };
  std::ostringstream input;
  input.precision(17);
  for (const Case& k : cases) {
    input << k.p.r << ' ' << k.p.alpha << ' ' << k.p.a << ' ' << k.p.b << ' ' << k.x << ' ' << k.t_x << ' ' << k.T
          << ' ' << k.t << '\n';
  }
  std::optional<std::string> out = testing::RunLtvReference(
      std::string(INSIGHTOS_SOURCE_DIR) + "/tests/reference/ltv_reference.py", "expected", input.str());
  ASSERT_TRUE(out.has_value());
  std::vector<double> expected = testing::ParseLines(*out);
  ASSERT_EQ(expected.size(), std::size(cases));
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Case& k = cases[i];
    std::vector<double> t = {k.t};
    std::vector<double> e(1);
    ASSERT_TRUE(BgNbdExpectedPurchases(k.p, k.x, k.t_x, k.T, t, e).ok()) << i;
    if (!std::isfinite(expected[i])) continue;  // scipy's literal formula fails where ours must not
    EXPECT_NEAR(e[0], expected[i], 1e-9 * std::max(1e-12, std::fabs(expected[i]))) << "case " << i;
  }
}

TEST(BgNbd, LargeFrequenciesStayFinite) {
  // x in the thousands with tiny a: every quantity finite, ordered as the model says.
  const BgNbdParams p{0.243, 4.414, 1e-3, 2.426};
  std::vector<double> t = {1, 52};
  std::vector<double> e(2);
  for (double x : {100.0, 1000.0, 5000.0}) {
    ASSERT_TRUE(BgNbdExpectedPurchases(p, x, 38.8, 38.86, t, e).ok()) << x;
    EXPECT_TRUE(std::isfinite(e[0]) && std::isfinite(e[1]));
    EXPECT_GT(e[0], 0);
    EXPECT_GT(e[1], e[0]);
    // An active heavy buyer (tiny a: almost never drops out) keeps buying at the posterior
    // mean rate E[λ | x, T] = (r + x)/(α + T).
    const double rate = (0.243 + x) / (4.414 + 38.86);
    EXPECT_NEAR(e[0], rate, 0.01 * rate) << x;
    EXPECT_TRUE(std::isfinite(BgNbdCustomerLogLikelihood(p, x, 38.8, 38.86)));
  }
}

TEST(BgNbd, RejectsBadSummariesAndHorizons) {
  std::vector<CustomerSummary> bad = {{"x", 1, 5, 4, 0, 1}};
  Result<BgNbdData> data = CompressForBgNbd(bad);
  ASSERT_FALSE(data.ok());
  EXPECT_NE(data.status().message().find("customer 'x'"), std::string::npos);
  EXPECT_FALSE(CompressForBgNbd({}).ok());
  std::vector<double> t = {-1};
  std::vector<double> e(1);
  EXPECT_FALSE(BgNbdExpectedPurchases(kPaper, 0, 0, 1, t, e).ok());
  t = {1e12};  // z = 1 - 4e-12: the series would need billions of terms
  Status s = BgNbdExpectedPurchases(kPaper, 0, 0, 1, t, e);
  EXPECT_EQ(s.code(), StatusCode::kNotConverged);
}

}  // namespace
}  // namespace insightos::ltv
