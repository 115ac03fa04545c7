#include "insightos/scoring/lead_score.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace insightos::scoring {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Columns: projects_7d, projects_7d (missing), campaign=google_brand, campaign=organic.
ScoringModel LinearFixture() {
  ScoringModel m;
  m.version = "test-linear";
  FeatureDef projects;
  projects.kind = FeatureKind::kEventCount;
  projects.name = "projects_7d";
  projects.label = "projects created in the first 7 days";
  projects.match = {EventMatcher::Kind::kTrack, "project_created"};
  projects.to_days = 7;
  projects.missing_indicator = true;
  FeatureDef campaign;
  campaign.kind = FeatureKind::kCampaign;
  campaign.name = "campaign";
  campaign.label = "campaign";
  campaign.levels = {"google_brand", "organic"};
  m.features.features = {projects, campaign};
  m.linear.impute = {1.0, 0.0, 0.0, 0.0};
  m.linear.mean = {1.5, 0.2, 0.3, 0.4};
  m.linear.scale = {2.0, 0.4, 0.5, 0.5};
  m.linear.weights = {0.8, -0.3, 0.25, -0.1};
  m.linear.intercept = -0.7;
  m.tiers = {60, 40, 20};
  return m;
}

TEST(LeadScore, LinearScoreAndExactContributions) {
  ScoringModel m = LinearFixture();
  ASSERT_TRUE(ValidateScoringModel(m).ok());
  std::vector<double> x = {3, 0, 1, 0};
  // By hand: −0.7 + 0.8·(3−1.5)/2 − 0.3·(0−0.2)/0.4 + 0.25·(1−0.3)/0.5 − 0.1·(0−0.4)/0.5
  const double margin = -0.7 + 0.6 + 0.15 + 0.35 + 0.08;
  EXPECT_NEAR(ModelMargin(m, x), margin, 1e-15);
  LeadScore s = ScoreLead(m, x, 10);
  EXPECT_NEAR(s.probability, 1 / (1 + std::exp(-margin)), 1e-15);
  EXPECT_NEAR(s.score, 100 * s.probability, 1e-12);
  EXPECT_NEAR(s.baseline_score, 100 / (1 + std::exp(0.7)), 1e-12);
  EXPECT_EQ(s.tier, 'A');  // 100·σ(0.48) = 61.77 >= 60
  ASSERT_EQ(s.reasons.size(), 2u);
  // The count and its missing indicator form one reason; so do the campaign's columns.
  EXPECT_EQ(s.reasons[0].feature, "projects_7d");
  EXPECT_NEAR(s.reasons[0].log_odds, 0.6 + 0.15, 1e-15);
  EXPECT_EQ(s.reasons[1].feature, "campaign");
  EXPECT_NEAR(s.reasons[1].log_odds, 0.35 + 0.08, 1e-15);
  EXPECT_NEAR(s.reasons[0].points + s.reasons[1].points, s.score - s.baseline_score, 1e-12);
  // Points split the score change in proportion to the log-odds.
  EXPECT_NEAR(s.reasons[0].points / s.reasons[1].points, 0.75 / 0.43, 1e-12);
  // (61.77 − 100·σ(−0.7)) / (0.48 + 0.7) points per unit of log-odds: 0.75 → 18.17, 0.43 → 10.42.
  EXPECT_EQ(s.reasons[0].text, "3 projects created in the first 7 days: +18.2");
  EXPECT_EQ(s.reasons[1].text, "campaign = google_brand: +10.4");
}

TEST(LeadScore, MissingValuesAreImputedAndNamed) {
  ScoringModel m = LinearFixture();
  std::vector<double> x = {kNaN, 1, 0, 0};
  // Imputed to 1: 0.8·(1−1.5)/2 − 0.3·(1−0.2)/0.4 = −0.2 − 0.6
  EXPECT_NEAR(ModelMargin(m, x), -0.7 - 0.8 + 0.25 * (-0.6) - 0.1 * (-0.8), 1e-15);
  LeadScore s = ScoreLead(m, x, 1);
  ASSERT_EQ(s.reasons.size(), 1u);
  EXPECT_EQ(s.reasons[0].text.substr(0, 47), "projects created in the first 7 days unknown: -");
  EXPECT_EQ(s.tier, 'D');
}

// One tree: root splits column 0 at 2.5 (missing goes right); its right child splits
// column 1 at 0.5 (missing goes left). Covers 10 = 4 + 6, 6 = 2 + 4.
ScoringModel TreeFixture() {
  ScoringModel m;
  m.version = "test-trees";
  m.kind = ModelKind::kGradientBoostedTrees;
  FeatureDef a;
  a.kind = FeatureKind::kTraitNumber;
  a.name = a.label = a.trait = "a";
  FeatureDef b = a;
  b.name = b.label = b.trait = "b";
  m.features.features = {a, b};
  RegressionTree t;
  t.left = {1, -1, 3, -1, -1};
  t.right = {2, -1, 4, -1, -1};
  t.feature = {0, 0, 1, 0, 0};
  t.threshold = {2.5f, 0, 0.5f, 0, 0};
  t.default_left = {0, 0, 1, 0, 0};
  t.value = {0, -1.0, 0, 0.5, 2.0};
  t.cover = {10, 4, 6, 2, 4};
  m.trees.base_margin = -0.25;
  m.trees.trees = {t};
  return m;
}

TEST(LeadScore, TreeEvaluationFollowsFloatComparisonAndDefaults) {
  ScoringModel m = TreeFixture();
  ASSERT_TRUE(ValidateScoringModel(m).ok());
  EXPECT_DOUBLE_EQ(ModelMargin(m, std::vector<double>{1, 7}), -1.25);
  EXPECT_DOUBLE_EQ(ModelMargin(m, std::vector<double>{2.5, 0}), 0.25);   // 2.5 < 2.5 is false
  EXPECT_DOUBLE_EQ(ModelMargin(m, std::vector<double>{kNaN, 1}), 1.75);  // missing goes right
  EXPECT_DOUBLE_EQ(ModelMargin(m, std::vector<double>{3, kNaN}), 0.25);  // missing goes left
  // 2.4999999999 rounds to the float 2.5, as XGBoost's float features do: right branch.
  EXPECT_DOUBLE_EQ(ModelMargin(m, std::vector<double>{2.4999999999, 1}), 1.75);
  EXPECT_DOUBLE_EQ(ModelMargin(m, std::vector<double>{1e300, 1}), 1.75);
}

TEST(LeadScore, TreePathContributionsAddUpToTheMargin) {
  ScoringModel m = TreeFixture();
  // Node means: node 2 = (0.5·2 + 2·4)/6 = 1.5; root = (−1·4 + 1.5·6)/10 = 0.5.
  std::vector<double> x = {3, kNaN};
  std::vector<double> c(2);
  double bias = 0;
  TreePathContributions(m.trees, x, c, &bias);
  EXPECT_DOUBLE_EQ(bias, -0.25 + 0.5);
  EXPECT_DOUBLE_EQ(c[0], 1.5 - 0.5);
  EXPECT_DOUBLE_EQ(c[1], 0.5 - 1.5);
  EXPECT_DOUBLE_EQ(bias + c[0] + c[1], ModelMargin(m, x));
  LeadScore s = ScoreLead(m, x);
  ASSERT_EQ(s.reasons.size(), 2u);
  EXPECT_EQ(s.reasons[0].text.substr(0, 6), "a = 3:");
  EXPECT_EQ(s.reasons[1].text.substr(0, 10), "b unknown:");
  EXPECT_NEAR(s.reasons[0].points + s.reasons[1].points, s.score - s.baseline_score, 1e-12);
}

TEST(LeadScore, TiersAndTrend) {
  TierThresholds t{70, 50, 30};
  EXPECT_EQ(TierFor(t, 70), 'A');
  EXPECT_EQ(TierFor(t, 69.99), 'B');
  EXPECT_EQ(TierFor(t, 30), 'C');
  EXPECT_EQ(TierFor(t, 0), 'D');
  EXPECT_EQ(CompareWithPrevious(std::nullopt, 50).direction, TrendDirection::kNew);
  ScoreTrend up = CompareWithPrevious(40.0, 52.5);
  EXPECT_EQ(up.direction, TrendDirection::kUp);
  EXPECT_DOUBLE_EQ(up.delta, 12.5);
  EXPECT_EQ(CompareWithPrevious(52.5, 40.0).direction, TrendDirection::kDown);
  EXPECT_EQ(CompareWithPrevious(50.0, 50.9).direction, TrendDirection::kSteady);
  EXPECT_STREQ(TrendDirectionName(TrendDirection::kSteady), "steady");
}

TEST(LeadScore, SigmoidIsAccurateInBothTails) {
  EXPECT_DOUBLE_EQ(Sigmoid(0), 0.5);
  EXPECT_NEAR(Sigmoid(-800), 0.0, 1e-300);
  EXPECT_EQ(Sigmoid(800), 1.0);
  EXPECT_DOUBLE_EQ(Sigmoid(-40), std::exp(-40) / (1 + std::exp(-40)));
}

}  // namespace
}  // namespace insightos::scoring
