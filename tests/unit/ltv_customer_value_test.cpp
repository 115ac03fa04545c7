// Per-customer value: CLV sums, discounting and unit conversion checked where the BG/NBD
// expectation is elementary (r = a + b − 1 makes E[X(t)] = 3t/(1+t), see ltv_bg_nbd_test).
#include "insightos/ltv/customer_value.h"

#include <gtest/gtest.h>

#include <cmath>

#include "insightos/ltv/bg_nbd.h"

namespace insightos::ltv {
namespace {

const CustomerValueModel kElementary{TimeUnit::kWeek, {3, 1, 2, 2}, GammaGammaParams{6.25, 3.74, 15.44}};
const CustomerSummary kNewCustomer{"new", 0, 0, 0, 0, 1};

TEST(CustomerValue, DiscountedClvByHand) {
  ValueRequest request;
  request.horizon = {2, TimeUnit::kWeek};
  request.clv = {3, {1, TimeUnit::kWeek}, 0.1};
  Result<CustomerValue> v = PredictCustomerValue(kElementary, kNewCustomer, request);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  auto e = [](double t) { return 3 * t / (1 + t); };
  EXPECT_NEAR(v->expected_purchases, e(2), 1e-14);
  EXPECT_EQ(v->probability_alive, 1);
  ASSERT_EQ(v->spend_status, SpendStatus::kEstimated);
  const double spend = 6.25 * 15.44 / (3.74 - 1);
  EXPECT_NEAR(v->expected_spend, spend, 1e-12);
  const double clv = spend * ((e(1) - e(0)) / 1.1 + (e(2) - e(1)) / (1.1 * 1.1) + (e(3) - e(2)) / (1.1 * 1.1 * 1.1));
  EXPECT_NEAR(v->clv, clv, 1e-12);
}

TEST(CustomerValue, UndiscountedClvTelescopesToTheHorizon) {
  const CustomerValueModel model{TimeUnit::kWeek, {0.243, 4.414, 0.793, 2.426}, GammaGammaParams{6.25, 3.74, 15.44}};
  const CustomerSummary c{"b", 2, 30.43, 38.86, 22.35, 1};
  ValueRequest request;
  request.horizon = {52, TimeUnit::kWeek};
  request.clv = {52, {1, TimeUnit::kWeek}, 0.0};
  Result<CustomerValue> v = PredictCustomerValue(model, c, request);
  ASSERT_TRUE(v.ok());
  EXPECT_NEAR(v->clv, v->expected_spend * v->expected_purchases, 1e-10 * v->clv);
}

TEST(CustomerValue, SpansInOtherUnitsAreConverted) {
  // A week-unit model asked for 12 months means 12 · 30.4375 / 7 weeks.
  const CustomerValueModel model{TimeUnit::kWeek, {0.243, 4.414, 0.793, 2.426}, std::nullopt};
  const CustomerSummary c{"b", 2, 30.43, 38.86, 0, 1};
  ValueRequest months;
  months.horizon = {12, TimeUnit::kMonth};
  Result<CustomerValue> v = PredictCustomerValue(model, c, months);
  ASSERT_TRUE(v.ok());
  std::vector<double> t = {12 * 30.4375 / 7};
  std::vector<double> e(1);
  ASSERT_TRUE(BgNbdExpectedPurchases(model.purchases, 2, 30.43, 38.86, t, e).ok());
  EXPECT_NEAR(v->expected_purchases, e[0], 1e-14);
  EXPECT_EQ(v->spend_status, SpendStatus::kNoSpendModel);
  EXPECT_EQ(v->clv, 0);
}

TEST(CustomerValue, SpendStatusExplainsMissingValues) {
  ValueRequest request;
  request.horizon = {10, TimeUnit::kWeek};
  request.clv = {10, {1, TimeUnit::kWeek}, 0.01};
  CustomerValueModel heavy_tail = kElementary;
  heavy_tail.spend = GammaGammaParams{0.02, 0.8, 5};
  EXPECT_EQ(PredictCustomerValue(heavy_tail, kNewCustomer, request)->spend_status, SpendStatus::kUndefinedMean);
  const CustomerSummary refunder{"r", 2, 1, 3, -5, 1};
  EXPECT_EQ(PredictCustomerValue(kElementary, refunder, request)->spend_status, SpendStatus::kNonPositiveSpend);
  EXPECT_STREQ(SpendStatusName(SpendStatus::kUndefinedMean), "undefined_mean");
}

TEST(CustomerValue, BatchSharesSeriesButKeepsEachCustomersOwnSpend) {
  // Identical (x, t_x, T) with different spend, out of order: the batch groups them for the
  // series but every output must equal the customer's own single prediction.
  const CustomerValueModel model{TimeUnit::kWeek, {0.243, 4.414, 0.793, 2.426}, GammaGammaParams{6.25, 3.74, 15.44}};
  std::vector<CustomerSummary> customers = {{"a", 2, 30.43, 38.86, 22.35, 1}, {"b", 0, 0, 12, 0, 1},
                                            {"c", 2, 30.43, 38.86, 90.0, 1},  {"d", 7, 29.43, 35.71, 31, 1},
                                            {"e", 0, 0, 12, 0, 1},            {"f", 2, 30.43, 38.86, 1.5, 1}};
  ValueRequest request;
  request.horizon = {26, TimeUnit::kWeek};
  request.clv = {6, {1, TimeUnit::kMonth}, 0.02};
  std::vector<CustomerValue> batch(customers.size());
  ASSERT_TRUE(PredictCustomerValues(model, customers, request, batch).ok());
  for (std::size_t i = 0; i < customers.size(); ++i) {
    Result<CustomerValue> one = PredictCustomerValue(model, customers[i], request);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(batch[i].expected_purchases, one->expected_purchases) << i;
    EXPECT_EQ(batch[i].probability_alive, one->probability_alive) << i;
    EXPECT_EQ(batch[i].expected_spend, one->expected_spend) << i;
    EXPECT_EQ(batch[i].clv, one->clv) << i;
  }
  EXPECT_NE(batch[0].clv, batch[2].clv);
  EXPECT_EQ(batch[0].expected_purchases, batch[2].expected_purchases);
}

TEST(CustomerValue, RejectsBadRequestsAndNamesBadCustomers) {
  ValueRequest request;
  request.horizon = {-1, TimeUnit::kWeek};
  EXPECT_FALSE(PredictCustomerValue(kElementary, kNewCustomer, request).ok());
  request.horizon = {1, TimeUnit::kWeek};
  request.clv.discount_rate = -0.5;
  EXPECT_FALSE(PredictCustomerValue(kElementary, kNewCustomer, request).ok());
  request.clv.discount_rate = 0;
  std::vector<CustomerSummary> customers = {kNewCustomer, {"broken", 1, 0, 3, 1, 1}};
  std::vector<CustomerValue> out(2);
  Status s = PredictCustomerValues(kElementary, customers, request, out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("customer 'broken'"), std::string::npos);
}

}  // namespace
}  // namespace insightos::ltv
