// Campaign value from fitted models, without a database: the model-completed value over the
// first window recovers the closed-form expected value (the simulator's planted quantity,
// computed by its own code in backend/simulator/planted_value.cpp), and per-campaign fits
// recover a planted ratio between campaigns.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <random>
#include <string>
#include <vector>

#include "backend/ltv/campaign_segments.h"
#include "backend/ltv/campaign_value.h"
#include "backend/ltv/purchase_simulation.h"
#include "backend/simulator/planted_value.h"
#include "insightos/analytics/intervals.h"
#include "insightos/ltv/horizon_value.h"

namespace insightos::ltv {
namespace {

constexpr double kWindow = 180;  // days

// Customers of one campaign observed for ages spread evenly over (0, 2·window]: half of them
// have not finished their window. Their summaries at that age, the revenue observed within
// the window by then, and (what no real data has) the whole window's revenue.
struct Cohort {
  std::vector<CustomerSummary> customers;
  std::vector<double> observed;
  std::vector<double> whole_window;
};

Cohort SimulateCohort(const BgNbdParams& p, const GammaGammaParams& g, std::size_t n, std::mt19937_64& rng,
                      const std::string& prefix) {
  Cohort c;
  for (std::size_t i = 0; i < n; ++i) {
    const double age = 2 * kWindow * (static_cast<double>(i) + 0.5) / static_cast<double>(n);
    const SimulatedCustomer s = SimulateCustomer(p, g, std::max(age, kWindow), rng);
    SimulatedCustomer seen = s;  // what is known at `age`
    seen.repeat_times.clear();
    seen.repeat_spends.clear();
    double observed = s.first_spend, whole = s.first_spend;
    for (std::size_t k = 0; k < s.repeat_times.size(); ++k) {
      if (s.repeat_times[k] <= kWindow) whole += s.repeat_spends[k];
      if (s.repeat_times[k] <= std::min(age, kWindow)) observed += s.repeat_spends[k];
      if (s.repeat_times[k] <= age) {
        seen.repeat_times.push_back(s.repeat_times[k]);
        seen.repeat_spends.push_back(s.repeat_spends[k]);
      }
    }
    c.customers.push_back(SummarizeSimulatedCustomer(seen, age, prefix + std::to_string(i)));
    c.observed.push_back(observed);
    c.whole_window.push_back(whole);
  }
  return c;
}

// Mean and standard error of a − b over paired values.
analytics::SampleMoments Difference(std::span<const double> a, std::span<const double> b) {
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
  return analytics::ComputeMoments(d);
}

double StandardError(const analytics::SampleMoments& m) { return std::sqrt(m.variance / static_cast<double>(m.count)); }

double PlantedValue(const BgNbdParams& p, const GammaGammaParams& g) {
  return simulator::ExpectedPurchaseValue(g) * (1 + *simulator::ExpectedRepeatPurchases(p, kWindow));
}

TEST(CampaignValue, CompletedWindowValuesAverageToTheExpectedValue) {
  const BgNbdParams p{0.9, 70, 1.4, 8.0};
  const GammaGammaParams g{6, 4, 150};
  std::mt19937_64 rng(7);
  const Cohort cohort = SimulateCohort(p, g, 20000, rng, "c");
  const CustomerValueModel model{TimeUnit::kDay, p, g};
  std::vector<CustomerValue> values(cohort.customers.size());
  ASSERT_TRUE(PredictCustomerValues(model, cohort.customers, ValueRequest{}, values).ok());
  std::vector<std::optional<double>> completed(cohort.customers.size());
  ASSERT_TRUE(PredictHorizonValues(p, cohort.customers, values, cohort.observed, kWindow, completed).ok());
  std::vector<double> v;
  for (const std::optional<double>& c : completed) {
    ASSERT_TRUE(c.has_value());
    v.push_back(*c);
  }
  // Unbiased for the same customers' whole-window revenue (the tower property): the paired
  // difference is only the prediction error of the customers still inside their window.
  const analytics::SampleMoments error = Difference(v, cohort.whole_window);
  EXPECT_NEAR(error.mean, 0, 4 * StandardError(error));
  // And for the closed form the simulator plants.
  const analytics::SampleMoments m = analytics::ComputeMoments(v);
  const double truth = PlantedValue(p, g);
  EXPECT_NEAR(m.mean, truth, 4 * StandardError(m)) << "truth " << truth;
  // Without the model's part, the customers still inside their window drag the mean down.
  const analytics::SampleMoments shortfall = Difference(cohort.observed, cohort.whole_window);
  EXPECT_LT(shortfall.mean, -20 * StandardError(shortfall));
}

TEST(CampaignValue, CampaignFitsRecoverAPlantedRatio) {
  // Campaign "a" is worth more per customer (higher rate and spend) than "b" and "c".
  struct Planted {
    std::string name;
    BgNbdParams p;
    GammaGammaParams g;
  };
  const Planted planted[] = {{"a", {0.9, 70, 1.4, 8.0}, {6, 4, 343}},
                             {"b", {0.5, 110, 1.8, 5.0}, {6, 4, 150}},
                             {"c", {0.7, 80, 1.5, 6.5}, {6, 4, 220}}};
  std::mt19937_64 rng(1);
  std::vector<CustomerSummary> customers;
  std::vector<double> observed, whole_window;
  std::vector<std::string> campaigns;
  std::vector<double> truth;
  for (const Planted& c : planted) {
    Cohort cohort = SimulateCohort(c.p, c.g, 6000, rng, c.name);
    customers.insert(customers.end(), cohort.customers.begin(), cohort.customers.end());
    observed.insert(observed.end(), cohort.observed.begin(), cohort.observed.end());
    whole_window.insert(whole_window.end(), cohort.whole_window.begin(), cohort.whole_window.end());
    campaigns.insert(campaigns.end(), cohort.customers.size(), c.name);
    truth.push_back(PlantedValue(c.p, c.g));
  }
  const double planted_ratio = truth[0] / ((truth[1] + truth[2]) / 2);

  Result<SegmentedFit> fit = FitByCampaign(TimeUnit::kDay, customers, campaigns, {});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  ASSERT_EQ(fit->segments.size(), 3u);
  for (const CampaignSegment& s : fit->segments) EXPECT_TRUE(s.own_fit.has_value()) << s.campaign << s.pooled_reason;
  std::vector<CustomerValue> values(customers.size());
  ASSERT_TRUE(PredictByCampaign(*fit, customers, ValueRequest{}, values).ok());
  std::vector<std::optional<double>> completed(customers.size());
  ASSERT_TRUE(PredictHorizonValuesByCampaign(*fit, customers, values, observed, kWindow, completed).ok());
  Result<std::vector<CampaignValue>> compared = CompareCampaigns(*fit, values, completed, {});
  ASSERT_TRUE(compared.ok()) << compared.status().ToString();
  const CampaignValue& a = (*compared)[0];
  ASSERT_EQ(a.campaign, "a");
  ASSERT_TRUE(a.ratio_to_others && a.ratio_interval);
  EXPECT_TRUE(a.ratio_interval->Contains(planted_ratio))
      << *a.ratio_to_others << " [" << a.ratio_interval->low << ", " << a.ratio_interval->high << "] vs " << planted_ratio;
  EXPECT_GT(a.ratio_interval->low, 1.5);
  // Each campaign's mean is its customers' whole-window revenue, but for prediction error.
  for (const CampaignSegment& s : fit->segments) {
    std::vector<double> v, whole;
    for (std::size_t i = s.begin; i < s.end; ++i) {
      v.push_back(*completed[i]);
      whole.push_back(whole_window[i]);
    }
    const analytics::SampleMoments error = Difference(v, whole);
    EXPECT_NEAR(error.mean, 0, 4 * StandardError(error)) << s.campaign;
  }
}

}  // namespace
}  // namespace insightos::ltv
