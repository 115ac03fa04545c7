// Value over the first window of the relationship: observed revenue, plus the model's
// expectation for the rest of the window (checked against SciPy on the paper's formula).
#include "insightos/ltv/horizon_value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <vector>

#include "insightos/ltv/customer_value.h"
#include "tests/support/python_reference.h"

namespace insightos::ltv {
namespace {

// FHL 2005's CDNOW estimates (weeks) and note 025's spend model.
const CustomerValueModel kModel{TimeUnit::kWeek, {0.243, 4.414, 0.793, 2.426}, GammaGammaParams{6.25, 3.74, 15.44}};

std::vector<CustomerValue> Values(const std::vector<CustomerSummary>& customers) {
  std::vector<CustomerValue> values(customers.size());
  ValueRequest request;
  request.horizon = {52, TimeUnit::kWeek};
  EXPECT_TRUE(PredictCustomerValues(kModel, customers, request, values).ok());
  return values;
}

TEST(HorizonValue, AWindowThatHasEndedIsWhatWasObserved) {
  // Ages 26 and 40 weeks against a 26-week window; the second spent nothing it can repeat.
  const std::vector<CustomerSummary> customers = {{"a", 3, 20, 26, 30, 1}, {"b", 1, 2, 40, -5, 1}};
  std::vector<CustomerValue> values = Values(customers);
  ASSERT_NE(values[1].spend_status, SpendStatus::kEstimated);  // refunds: no spend estimate
  const std::vector<double> observed = {117.5, 12};
  std::vector<std::optional<double>> out(2);
  ASSERT_TRUE(PredictHorizonValues(kModel.purchases, customers, values, observed, 26, out).ok());
  EXPECT_EQ(out[0], 117.5);
  EXPECT_EQ(out[1], 12);  // nothing left to predict, so no spend estimate is needed
}

TEST(HorizonValue, TheRestOfARunningWindowIsExpectedSpendTimesExpectedPurchases) {
  if (!testing::HaveScipy()) GTEST_SKIP() << "/usr/bin/python3 has no scipy (apt install python3-scipy)";
  // Two customers with the same (x, t_x, T) but different observed revenue, and others.
  const std::vector<CustomerSummary> customers = {{"a", 2, 8.5, 10, 40, 1},
                                                  {"b", 2, 8.5, 10, 25, 1},
                                                  {"c", 0, 0, 3, 0, 1},
                                                  {"d", 7, 20, 21, 12, 1}};
  const std::vector<double> observed = {90, 70, 11, 100};
  const double window = 26;
  std::ostringstream input;
  input.precision(17);
  for (const CustomerSummary& c : customers) {
    input << kModel.purchases.r << ' ' << kModel.purchases.alpha << ' ' << kModel.purchases.a << ' '
          << kModel.purchases.b << ' ' << c.frequency << ' ' << c.recency << ' ' << c.age << ' ' << window - c.age << '\n';
  }
  std::optional<std::string> reference = testing::RunLtvReference(
      std::string(INSIGHTOS_SOURCE_DIR) + "/tests/reference/ltv_reference.py", "expected", input.str());
  ASSERT_TRUE(reference.has_value());
  const std::vector<double> remaining = testing::ParseLines(*reference);
  ASSERT_EQ(remaining.size(), customers.size());

  const std::vector<CustomerValue> values = Values(customers);
  std::vector<std::optional<double>> out(customers.size());
  ASSERT_TRUE(PredictHorizonValues(kModel.purchases, customers, values, observed, window, out).ok());
  for (std::size_t i = 0; i < customers.size(); ++i) {
    ASSERT_EQ(values[i].spend_status, SpendStatus::kEstimated);
    // Note 025's conditional expected spend, written out: p (v + x m) / (p x + q − 1).
    const GammaGammaParams& g = *kModel.spend;
    const CustomerSummary& c = customers[i];
    const double spend = g.p * (g.v + c.frequency * c.monetary_value) / (g.p * c.frequency + g.q - 1);
    const double want = observed[i] + spend * remaining[i];
    ASSERT_TRUE(out[i].has_value()) << i;
    EXPECT_NEAR(*out[i], want, 1e-9 * want) << customers[i].customer_id;
    EXPECT_GT(*out[i], observed[i]);
  }
}

TEST(HorizonValue, NoSpendEstimateLeavesARunningWindowUnvalued) {
  const std::vector<CustomerSummary> customers = {{"refunds", 1, 2, 5, -5, 1}};
  const std::vector<CustomerValue> values = Values(customers);
  std::vector<std::optional<double>> out(1, 0.0);
  ASSERT_TRUE(PredictHorizonValues(kModel.purchases, customers, values, std::vector<double>{10}, 26, out).ok());
  EXPECT_FALSE(out[0].has_value());
}

TEST(HorizonValue, RejectsMismatchedInputsAndBadWindows) {
  const std::vector<CustomerSummary> customers = {{"a", 0, 0, 5, 0, 1}};
  const std::vector<CustomerValue> values = Values(customers);
  std::vector<std::optional<double>> out(1);
  EXPECT_FALSE(PredictHorizonValues(kModel.purchases, customers, values, std::vector<double>{}, 26, out).ok());
  EXPECT_FALSE(PredictHorizonValues(kModel.purchases, customers, values, std::vector<double>{1}, -1, out).ok());
  EXPECT_FALSE(PredictHorizonValues(kModel.purchases, customers, values, std::vector<double>{1}, NAN, out).ok());
  const std::vector<CustomerSummary> invalid = {{"bad", 1, 0, 5, 3, 1}};  // x > 0 needs t_x > 0
  EXPECT_FALSE(PredictHorizonValues(kModel.purchases, invalid, values, std::vector<double>{1}, 26, out).ok());
}

}  // namespace
}  // namespace insightos::ltv
