// The planted customer-value truth: the hypergeometric series against scipy and closed forms,
// E[X(t)] and E[V(H)] against simulation of the purchase process, and the planted ratio
// recovered by simulation for two different settings (so the check can fail).
#include "backend/simulator/planted_value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "backend/ltv/purchase_simulation.h"
#include "tests/support/python_reference.h"

namespace insightos::simulator {
namespace {

TEST(Hypergeometric2F1, ClosedForms) {
  // 2F1(1, 1; 2; z) = −ln(1 − z)/z and 2F1(a, b; b; z) = (1 − z)^−a (Abramowitz & Stegun 15.1.3, 15.1.8).
  for (double z : {0.0, 0.1, 0.5, 0.9, 0.99}) {
    const double log_form = z == 0 ? 1.0 : -std::log1p(-z) / z;
    EXPECT_NEAR(*Hypergeometric2F1(1, 1, 2, z), log_form, 1e-13 * log_form) << z;
    EXPECT_NEAR(*Hypergeometric2F1(0.7, 3.2, 3.2, z), std::pow(1 - z, -0.7), 1e-13 * std::pow(1 - z, -0.7)) << z;
  }
}

TEST(Hypergeometric2F1, MatchesScipy) {
  struct Case {
    double a, b, c, z;
  };
  const std::vector<Case> cases = {{0.9, 8.0, 8.4, 0.72}, {0.24, 2.43, 2.22, 0.95}, {2.5, 6.0, 6.8, 0.3},
                                   {0.5, 5.0, 5.8, 0.999}};
  std::string script = "from scipy.special import hyp2f1\n";
  for (const Case& c : cases) {
    script += "print(repr(hyp2f1(" + std::to_string(c.a) + "," + std::to_string(c.b) + "," + std::to_string(c.c) +
              "," + std::to_string(c.z) + ")))\n";
  }
  auto ref = testing::RunPythonReference(script);
  if (!ref) GTEST_SKIP() << "scipy not available";
  ASSERT_EQ(ref->size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::optional<double> got = Hypergeometric2F1(cases[i].a, cases[i].b, cases[i].c, cases[i].z);
    ASSERT_TRUE(got.has_value());
    EXPECT_NEAR(*got, (*ref)[i], 1e-12 * (*ref)[i]) << i;
  }
}

struct SampleMean {
  double mean = 0;
  double standard_error = 0;
};

template <typename F>
SampleMean Simulate(int n, F&& draw) {
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / n;
  return {mean, std::sqrt((sum_sq / n - mean * mean) / n)};
}

TEST(ExpectedRepeatPurchases, MatchesTheSimulatedProcess) {
  std::mt19937_64 rng(11);
  for (const CampaignProfile& c : DefaultCampaignProfiles()) {
    const double t = 180;
    SampleMean repeats = Simulate(40000, [&] {
      return static_cast<double>(ltv::SimulateCustomer(c.purchases, c.spend, t, rng).repeat_times.size());
    });
    const double expected = *ExpectedRepeatPurchases(c.purchases, t);
    EXPECT_NEAR(repeats.mean, expected, 4 * repeats.standard_error) << c.name;
  }
  EXPECT_EQ(*ExpectedRepeatPurchases({0.9, 70, 1.4, 8}, 0), 0);
}

// Mean value over the horizon, by simulation, for each campaign; then the ratio of the valued
// campaign to the unweighted mean of the others, with a delta-method standard error.
void ExpectPlantedRatioBySimulation(double planted) {
  SimulationConfig config = DefaultSimulationConfig();
  config.value_ratio = planted;
  ASSERT_TRUE(PlantValueRatio(&config).ok());
  std::mt19937_64 rng(static_cast<std::uint64_t>(planted * 1000));
  double valued_mean = 0, valued_var = 0, others = 0, others_var = 0;
  int k = 0;
  for (const CampaignProfile& c : config.campaigns) {
    SampleMean v = Simulate(60000, [&] {
      ltv::SimulatedCustomer s = ltv::SimulateCustomer(c.purchases, c.spend, config.value_horizon_days, rng);
      double value = s.first_spend;
      for (double x : s.repeat_spends) value += x;
      return value;
    });
    const double expected = *ExpectedCustomerValue(c, config.value_horizon_days);
    EXPECT_NEAR(v.mean, expected, 4 * v.standard_error) << c.name;
    if (c.name == config.valued_campaign) {
      valued_mean = v.mean;
      valued_var = v.standard_error * v.standard_error;
    } else {
      others += v.mean;
      others_var += v.standard_error * v.standard_error;
      ++k;
    }
  }
  const double d = others / k;
  const double ratio = valued_mean / d;
  const double se = ratio * std::sqrt(valued_var / (valued_mean * valued_mean) + others_var / (k * k * d * d));
  EXPECT_NEAR(ratio, planted, 4 * se);
  EXPECT_LT(se, 0.05 * planted);  // the check is sharp enough to tell settings apart
}

TEST(PlantValueRatio, TheDefaultRatioHoldsBySimulation) { ExpectPlantedRatioBySimulation(2.3); }
TEST(PlantValueRatio, AnotherRatioHoldsBySimulation) { ExpectPlantedRatioBySimulation(1.4); }

TEST(PlantValueRatio, SetsOnlyTheValuedCampaignsSpendScale) {
  SimulationConfig config = DefaultSimulationConfig();
  const std::vector<CampaignProfile> before = config.campaigns;
  config.value_ratio = 3.0;
  ASSERT_TRUE(PlantValueRatio(&config).ok());
  double others = 0;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const CampaignProfile& c = config.campaigns[i];
    if (c.name == config.valued_campaign) {
      EXPECT_NE(c.spend.v, before[i].spend.v);
      continue;
    }
    EXPECT_EQ(c.spend.v, before[i].spend.v);
    others += *ExpectedCustomerValue(c, config.value_horizon_days);
  }
  const CampaignProfile& valued = config.campaigns[0];
  ASSERT_EQ(valued.name, "google_gestao_agil");
  EXPECT_NEAR(*ExpectedCustomerValue(valued, config.value_horizon_days), 3.0 * others / 5, 1e-9 * others);
}

}  // namespace
}  // namespace insightos::simulator
