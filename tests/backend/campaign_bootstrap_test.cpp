// Interval coverage of the value ratio, by simulation from a known truth: both the delta
// method (core) and the bootstrap (backend) should cover the true ratio about 95% of the time.
#include "backend/analytics/campaign_bootstrap.h"

#include <gtest/gtest.h>

#include <random>

namespace insightos::analytics {
namespace {

// Four campaigns whose customer values are exponential with these means: the true ratio of
// campaign 0 is 3 / mean(1, 1.5, 2) = 2.
constexpr double kMeans[] = {3.0, 1.0, 1.5, 2.0};
constexpr double kTrueRatio = 2.0;

std::vector<CampaignInput> Draw(std::mt19937_64& rng, std::size_t customers) {
  std::vector<CampaignInput> inputs;
  for (std::size_t c = 0; c < std::size(kMeans); ++c) {
    CampaignInput in;
    in.campaign = "c" + std::to_string(c);
    std::exponential_distribution<double> value(1 / kMeans[c]);
    for (std::size_t i = 0; i < customers; ++i) in.customer_values.push_back(value(rng));
    in.customers = in.leads = in.visitors = customers;
    inputs.push_back(std::move(in));
  }
  return inputs;
}

TEST(ValueRatioIntervals, CoverTheTrueRatioAtAboutTheNominalRate) {
  std::mt19937_64 rng(2024);
  const int trials = 200;
  int delta_hits = 0, bootstrap_hits = 0;
  for (int t = 0; t < trials; ++t) {
    std::vector<CampaignInput> inputs = Draw(rng, 120);
    Result<CampaignReport> report = BuildCampaignReport(inputs, {});
    ASSERT_TRUE(report.ok());
    for (const CampaignRow& row : report->rows) {
      if (row.campaign == "c0") delta_hits += row.value_ratio_interval->Contains(kTrueRatio);
    }
    BootstrapOptions options;
    options.replicates = 300;
    options.seed = static_cast<std::uint64_t>(t);
    std::optional<Interval> boot = BootstrapValueRatioIntervals(inputs, options)[0];
    ASSERT_TRUE(boot.has_value());
    bootstrap_hits += boot->Contains(kTrueRatio);
  }
  // 95% nominal; with 200 trials the standard error of the rate is 1.5 points.
  EXPECT_GE(delta_hits, 180) << delta_hits;
  EXPECT_LE(delta_hits, 198) << delta_hits;
  EXPECT_GE(bootstrap_hits, 178) << bootstrap_hits;
  EXPECT_LE(bootstrap_hits, 198) << bootstrap_hits;
}

TEST(ValueRatioIntervals, BootstrapIsSeededAndSkipsUndefinedRatios) {
  std::mt19937_64 rng(5);
  std::vector<CampaignInput> inputs = Draw(rng, 50);
  inputs[3].customer_values = {1.0};  // below the minimum of two valued customers
  inputs[3].customers = 1;
  BootstrapOptions options;
  options.replicates = 200;
  std::vector<std::optional<Interval>> a = BootstrapValueRatioIntervals(inputs, options);
  std::vector<std::optional<Interval>> b = BootstrapValueRatioIntervals(inputs, options);
  ASSERT_TRUE(a[0] && b[0]);
  EXPECT_EQ(a[0]->low, b[0]->low);
  EXPECT_EQ(a[0]->high, b[0]->high);
  EXPECT_FALSE(a[3].has_value());
  options.seed = 2;
  EXPECT_NE(BootstrapValueRatioIntervals(inputs, options)[0]->low, a[0]->low);
}

}  // namespace
}  // namespace insightos::analytics
