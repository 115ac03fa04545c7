#include "insightos/scoring/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace insightos::scoring {
namespace {

// The definition of AUC, pair by pair: the independent reference for the rank formula.
double PairwiseAuc(const std::vector<double>& s, const std::vector<std::uint8_t>& y) {
  double wins = 0, pairs = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    for (std::size_t j = 0; j < s.size(); ++j) {
      if (y[i] != 1 || y[j] != 0) continue;
      pairs += 1;
      wins += s[i] > s[j] ? 1.0 : (s[i] == s[j] ? 0.5 : 0.0);
    }
  }
  return wins / pairs;
}

TEST(Metrics, AucEqualsThePairwiseDefinitionWithTies) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> level(0, 9);  // few distinct scores: many ties
  std::bernoulli_distribution coin(0.3);
  std::vector<double> s(500);
  std::vector<std::uint8_t> y(500);
  for (std::size_t i = 0; i < s.size(); ++i) {
    y[i] = coin(rng) ? 1 : 0;
    s[i] = level(rng) + (y[i] != 0 ? 2 : 0);
  }
  Result<double> auc = RocAuc(s, y);
  ASSERT_TRUE(auc.ok());
  EXPECT_NEAR(*auc, PairwiseAuc(s, y), 1e-12);
  EXPECT_GT(*auc, 0.6);
}

TEST(Metrics, AucEdgeCases) {
  std::vector<std::uint8_t> y = {0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(*RocAuc(std::vector<double>{1, 2, 3, 4}, y), 1.0);
  EXPECT_DOUBLE_EQ(*RocAuc(std::vector<double>{4, 3, 2, 1}, y), 0.0);
  EXPECT_DOUBLE_EQ(*RocAuc(std::vector<double>{5, 5, 5, 5}, y), 0.5);
  EXPECT_FALSE(RocAuc(std::vector<double>{1, 2}, std::vector<std::uint8_t>{1, 1}).ok());
}

TEST(Metrics, LogLossAndBrierClosedForms) {
  std::vector<double> p = {0.8, 0.3, 0.0};
  std::vector<std::uint8_t> y = {1, 0, 0};
  EXPECT_NEAR(LogLoss(p, y), -(std::log(0.8) + std::log(0.7) + std::log1p(-1e-15)) / 3, 1e-15);
  EXPECT_NEAR(BrierScore(p, y), (0.04 + 0.09 + 0) / 3, 1e-15);
  // A certain, wrong prediction is clipped, not infinite (scikit-learn: −log(1e-15) ≈ 34.5).
  EXPECT_NEAR(LogLoss(std::vector<double>{0.0}, std::vector<std::uint8_t>{1}), -std::log(1e-15), 1e-9);
}

TEST(Metrics, ReliabilityBinsAndLift) {
  std::vector<double> p;
  std::vector<std::uint8_t> y;
  for (int i = 0; i < 100; ++i) {
    p.push_back(i / 100.0);
    y.push_back(i >= 90 ? 1 : 0);
  }
  std::vector<ReliabilityBin> bins = ReliabilityBins(p, y);
  ASSERT_EQ(bins.size(), 10u);
  EXPECT_EQ(bins[0].count, 10u);
  EXPECT_NEAR(bins[0].mean_predicted, 0.045, 1e-12);
  EXPECT_DOUBLE_EQ(bins[9].observed_rate, 1.0);
  EXPECT_DOUBLE_EQ(bins[8].observed_rate, 0.0);
  std::vector<LiftDecile> lift = LiftByDecile(p, y);
  ASSERT_EQ(lift.size(), 10u);
  EXPECT_EQ(lift[0].count, 10u);
  EXPECT_DOUBLE_EQ(lift[0].conversion_rate, 1.0);
  EXPECT_DOUBLE_EQ(lift[0].lift, 10.0);
  EXPECT_DOUBLE_EQ(lift[0].cumulative_capture, 1.0);
  EXPECT_DOUBLE_EQ(lift[0].min_score, 0.90);
  EXPECT_DOUBLE_EQ(lift[9].lift, 0.0);
  // Uneven sizes differ by at most one and cover every row.
  std::vector<LiftDecile> odd = LiftByDecile(std::vector<double>(23, 0.5), std::vector<std::uint8_t>(23, 1));
  std::size_t total = 0;
  for (const LiftDecile& d : odd) {
    EXPECT_TRUE(d.count == 2 || d.count == 3);
    total += d.count;
  }
  EXPECT_EQ(total, 23u);
}

TEST(Metrics, QuantileMatchesNumpyLinearInterpolation) {
  // numpy.quantile documentation: a = [[10, 7, 4], [3, 2, 1]], np.quantile(a, 0.5) == 3.5.
  std::vector<double> a = {10, 7, 4, 3, 2, 1};
  EXPECT_DOUBLE_EQ(Quantile(a, 0.5), 3.5);
  EXPECT_DOUBLE_EQ(Quantile(a, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(Quantile(a, 1.0), 10.0);
  EXPECT_DOUBLE_EQ(Quantile(a, 0.75), 6.25);  // position 3.75 between 4 and 7
}

}  // namespace
}  // namespace insightos::scoring

namespace insightos::scoring {
namespace {

// The ROC curve against the definition: its trapezoidal area is the pairwise AUC, it runs
// from (0, 0) to (1, 1) without going back, and every point's rates are the shares of each
// class scored at or above its threshold.
TEST(Metrics, RocCurveMatchesTheDefinitionAndThinsToTheLimit) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> level(0, 400);
  std::bernoulli_distribution coin(0.25);
  std::vector<double> s(2000);
  std::vector<std::uint8_t> y(2000);
  for (std::size_t i = 0; i < s.size(); ++i) {
    y[i] = coin(rng) ? 1 : 0;
    s[i] = level(rng) + (y[i] != 0 ? 60 : 0);
  }
  const std::vector<RocPoint> roc = RocCurve(s, y, 100000);
  ASSERT_GE(roc.size(), 3u);
  EXPECT_EQ(roc.front().false_positive_rate, 0);
  EXPECT_EQ(roc.front().true_positive_rate, 0);
  EXPECT_EQ(roc.back().false_positive_rate, 1);
  EXPECT_EQ(roc.back().true_positive_rate, 1);
  double area = 0;
  for (std::size_t k = 1; k < roc.size(); ++k) {
    ASSERT_GE(roc[k].false_positive_rate, roc[k - 1].false_positive_rate);
    ASSERT_GE(roc[k].true_positive_rate, roc[k - 1].true_positive_rate);
    ASSERT_LT(roc[k].threshold, roc[k - 1].threshold);
    area += (roc[k].false_positive_rate - roc[k - 1].false_positive_rate) *
            (roc[k].true_positive_rate + roc[k - 1].true_positive_rate) / 2;
  }
  EXPECT_NEAR(area, PairwiseAuc(s, y), 1e-12);
  for (std::size_t k : {std::size_t{1}, roc.size() / 2, roc.size() - 1}) {
    double tp = 0, fp = 0, p = 0, n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      (y[i] != 0 ? p : n) += 1;
      if (s[i] >= roc[k].threshold) (y[i] != 0 ? tp : fp) += 1;
    }
    EXPECT_DOUBLE_EQ(roc[k].true_positive_rate, tp / p);
    EXPECT_DOUBLE_EQ(roc[k].false_positive_rate, fp / n);
  }
  // Thinned for a chart: at most the limit, the ends kept, a subset of the full curve.
  const std::vector<RocPoint> thin = RocCurve(s, y, 50);
  ASSERT_LE(thin.size(), 50u);
  ASSERT_GE(thin.size(), 25u);
  EXPECT_EQ(thin.front().threshold, roc.front().threshold);
  EXPECT_EQ(thin.back().threshold, roc.back().threshold);
}

}  // namespace
}  // namespace insightos::scoring
