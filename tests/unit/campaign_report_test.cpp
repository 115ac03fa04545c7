#include "insightos/analytics/campaign_report.h"

#include <gtest/gtest.h>

#include <cmath>

namespace insightos::analytics {
namespace {

CampaignInput Campaign(std::string name, std::uint64_t visitors, std::uint64_t leads, std::uint64_t customers,
                       std::vector<double> values) {
  CampaignInput in;
  in.campaign = std::move(name);
  in.visitors = visitors;
  in.leads = leads;
  in.customers = customers;
  for (double v : values) in.revenue += v;
  in.customer_values = std::move(values);
  return in;
}

const CampaignRow& Row(const CampaignReport& r, const std::string& name) {
  for (const CampaignRow& row : r.rows) {
    if (row.campaign == name) return row;
  }
  ADD_FAILURE() << "no row " << name;
  return r.rows.front();
}

TEST(CampaignReport, RatesMeansAndValueRatios) {
  std::vector<CampaignInput> in = {Campaign("a", 100, 20, 3, {10, 20, 30}), Campaign("b", 50, 10, 2, {5, 15}),
                                   Campaign("c", 10, 5, 1, {40}), Campaign("d", 7, 0, 0, {})};
  Result<CampaignReport> r = BuildCampaignReport(in, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 4u);
  EXPECT_EQ(r->rows[0].campaign, "a");  // most leads first
  EXPECT_EQ(r->rows[3].campaign, "d");

  const CampaignRow& a = Row(*r, "a");
  EXPECT_DOUBLE_EQ(a.lead_rate, 0.2);
  EXPECT_DOUBLE_EQ(a.conversion_rate, 0.15);
  EXPECT_TRUE(a.conversion_interval.Contains(0.15));
  EXPECT_DOUBLE_EQ(*a.mean_value, 20);
  // c has one valued customer, under the minimum of two: no mean, and not a comparator.
  EXPECT_FALSE(Row(*r, "c").mean_value.has_value());
  EXPECT_FALSE(Row(*r, "c").value_ratio.has_value());
  EXPECT_DOUBLE_EQ(*a.value_ratio, 2.0);
  EXPECT_DOUBLE_EQ(*Row(*r, "b").value_ratio, 0.5);
  EXPECT_EQ(Row(*r, "d").conversion_rate, 0);

  // The ratio interval is symmetric on the log scale and holds the estimate.
  ASSERT_TRUE(a.value_ratio_interval.has_value());
  EXPECT_NEAR(std::log(a.value_ratio_interval->high) - std::log(2.0),
              std::log(2.0) - std::log(a.value_ratio_interval->low), 1e-12);
  // Var(log R) = 100 / (3 · 20²) + (50 / 2) / (1² · 10²) = 1/3.
  EXPECT_NEAR(std::log(a.value_ratio_interval->high / 2.0), 1.959963984540054 * std::sqrt(1.0 / 3), 1e-12);
}

TEST(CampaignReport, ValueRatioUsesTheUnweightedMeanOfTheOtherCampaigns) {
  std::vector<std::optional<double>> means = {30.0, 10.0, 20.0, std::nullopt};
  EXPECT_DOUBLE_EQ(*ValueRatio(means, 0), 2.0);  // 30 / ((10 + 20) / 2)
  EXPECT_DOUBLE_EQ(*ValueRatio(means, 1), 0.4);  // 10 / 25
  EXPECT_FALSE(ValueRatio(means, 3).has_value());
  std::vector<std::optional<double>> alone = {5.0, std::nullopt};
  EXPECT_FALSE(ValueRatio(alone, 0).has_value());
  std::vector<std::optional<double>> zero_others = {5.0, 0.0};
  EXPECT_FALSE(ValueRatio(zero_others, 0).has_value());
}

TEST(CampaignReport, IdenticalCustomersGiveADegenerateInterval) {
  std::vector<CampaignInput> in = {Campaign("a", 10, 10, 4, {7, 7, 7, 7}), Campaign("b", 10, 10, 2, {7, 7})};
  Result<CampaignReport> r = BuildCampaignReport(in, {});
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->rows[0].value_ratio_interval->low, 1.0);
  EXPECT_DOUBLE_EQ(r->rows[0].value_ratio_interval->high, 1.0);
}

TEST(CampaignReport, RejectsCountsThatDoNotNest) {
  EXPECT_FALSE(BuildCampaignReport(std::vector<CampaignInput>{Campaign("a", 1, 2, 0, {})}, {}).ok());
  EXPECT_FALSE(BuildCampaignReport(std::vector<CampaignInput>{Campaign("a", 5, 2, 3, {})}, {}).ok());
  EXPECT_FALSE(BuildCampaignReport(std::vector<CampaignInput>{Campaign("a", 5, 2, 1, {1, 2})}, {}).ok());
  EXPECT_FALSE(BuildCampaignReport(std::vector<CampaignInput>{Campaign("a", 5, 2, 1, {NAN})}, {}).ok());
  Result<CampaignReport> dup =
      BuildCampaignReport(std::vector<CampaignInput>{Campaign("a", 1, 0, 0, {}), Campaign("a", 1, 0, 0, {})}, {});
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("'a' appears twice"), std::string::npos);
  CampaignReportOptions bad;
  bad.confidence = 1;
  EXPECT_FALSE(BuildCampaignReport(std::vector<CampaignInput>{}, bad).ok());
}

TEST(CampaignReport, RejectsMoreScoredUsersThanVisitorsAndNonFiniteScores) {
  CampaignInput in = Campaign("a", 2, 1, 0, {});
  in.scored_users = 3;
  EXPECT_FALSE(BuildCampaignReport(std::vector<CampaignInput>{in}, {}).ok());
  in.scored_users = 1;
  in.lead_score_sum = std::nan("");
  EXPECT_FALSE(BuildCampaignReport(std::vector<CampaignInput>{in}, {}).ok());
}

}  // namespace
}  // namespace insightos::analytics
