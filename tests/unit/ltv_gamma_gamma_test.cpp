// Gamma-Gamma likelihood and expected spend against note 025's formulas written out here,
// finite differences, and the stress cases the issue names (q < 1: no finite mean).
#include "insightos/ltv/gamma_gamma.h"

#include <gtest/gtest.h>

#include <cmath>

namespace insightos::ltv {
namespace {

// Fader & Hardie note 025, CDNOW estimates.
constexpr GammaGammaParams kNote025{6.25, 3.74, 15.44};

std::vector<CustomerSummary> Spenders() {
  return {{"a", 0, 0, 30, 0, 5},    {"b", 2, 20, 30, 22.35, 1}, {"c", 1, 10, 30, 11.77, 2}, {"d", 2, 25, 30, 22.35, 1},
          {"e", 7, 29, 30, 31, 1},  {"f", 3, 12, 30, -4, 1},    {"g", 1000, 29.9, 30, 18.5, 1}};
}

TEST(GammaGamma, LikelihoodIsNote025FormulaOverRepeatCustomers) {
  std::vector<CustomerSummary> customers = Spenders();
  Result<GammaGammaData> data = CompressForGammaGamma(customers);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->frequency.size(), 4u);  // b and d merged; a (x = 0) and f (m <= 0) left out
  EXPECT_EQ(data->total_weight, 6);
  EXPECT_EQ(data->excluded_without_repeat, 5);
  EXPECT_EQ(data->excluded_nonpositive_spend, 1);
  long double expected = 0;
  for (const CustomerSummary& c : customers) {
    if (c.frequency == 0 || c.monetary_value <= 0) continue;
    const long double px = kNote025.p * c.frequency;
    const long double f = lgammal(px + kNote025.q) - lgammal(px) - lgammal(kNote025.q) + kNote025.q * logl(kNote025.v) +
                          (px - 1) * logl(c.monetary_value) + px * logl(c.frequency) -
                          (px + kNote025.q) * logl(kNote025.v + c.frequency * c.monetary_value);
    expected += c.weight * f;
    EXPECT_NEAR(GammaGammaCustomerLogLikelihood(kNote025, c.frequency, c.monetary_value), static_cast<double>(f), 1e-10);
  }
  EXPECT_NEAR(GammaGammaLogLikelihood(kNote025, *data, nullptr), static_cast<double>(expected), 1e-9);
}

TEST(GammaGamma, GradientMatchesFiniteDifferences) {
  Result<GammaGammaData> data = CompressForGammaGamma(Spenders());
  ASSERT_TRUE(data.ok());
  for (GammaGammaParams p : {kNote025, GammaGammaParams{0.4, 0.7, 2.0}, GammaGammaParams{30, 12, 300}}) {
    GammaGammaGradient g;
    GammaGammaLogLikelihood(p, *data, &g);
    double* fields[] = {&p.p, &p.q, &p.v};
    for (int k = 0; k < 3; ++k) {
      const double saved = *fields[k];
      const double h = 1e-6 * saved;
      *fields[k] = saved + h;
      const double up = GammaGammaLogLikelihood(p, *data, nullptr);
      *fields[k] = saved - h;
      const double down = GammaGammaLogLikelihood(p, *data, nullptr);
      *fields[k] = saved;
      const double fd = (up - down) / (2 * h);
      EXPECT_NEAR(g[static_cast<std::size_t>(k)], fd, 1e-6 * std::max(1.0, std::fabs(fd))) << "parameter " << k;
    }
  }
}

TEST(GammaGamma, ExpectedSpendIsTheCredibilityWeightedMean) {
  // Note 025: E = (q−1)/(px+q−1) · pv/(q−1) + px/(px+q−1) · m.
  const double p = 6.25, q = 3.74, v = 15.44, x = 2, m = 22.35;
  const double population = p * v / (q - 1);
  const double weight = p * x / (p * x + q - 1);
  EXPECT_NEAR(*GammaGammaExpectedSpend(kNote025, x, m), (1 - weight) * population + weight * m, 1e-12);
  EXPECT_NEAR(*GammaGammaExpectedSpend(kNote025, 0, 0), population, 1e-12);
  // A thousand purchases: the customer's own mean dominates.
  EXPECT_NEAR(*GammaGammaExpectedSpend(kNote025, 1000, 18.5), 18.5, 0.01);
}

TEST(GammaGamma, MeanUndefinedWhenQIsBelowOne) {
  const GammaGammaParams heavy_tail{0.02, 0.8, 5};
  Result<double> population = GammaGammaExpectedSpend(heavy_tail, 0, 0);
  ASSERT_FALSE(population.ok());
  EXPECT_EQ(population.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(population.status().message().find("infinite mean"), std::string::npos);
  EXPECT_FALSE(GammaGammaExpectedSpend(heavy_tail, 2, 10).ok());   // 0.04 + 0.8 <= 1
  EXPECT_TRUE(GammaGammaExpectedSpend(heavy_tail, 20, 10).ok());   // 0.4 + 0.8 > 1: the data make it finite
  EXPECT_TRUE(std::isfinite(GammaGammaCustomerLogLikelihood(heavy_tail, 1000, 10)));
}

TEST(GammaGamma, NoRepeatSpendersIsAnError) {
  std::vector<CustomerSummary> none = {{"a", 0, 0, 3, 0, 1}, {"b", 2, 2, 3, 0, 1}};
  Result<GammaGammaData> data = CompressForGammaGamma(none);
  ASSERT_FALSE(data.ok());
  EXPECT_NE(data.status().message().find("Gamma-Gamma"), std::string::npos);
}

}  // namespace
}  // namespace insightos::ltv
