// Training from user histories, as `train --db` will: simulated users with a known logistic
// conversion model, features from the shared extraction, a time split by sign-up, and the
// fitted model recovering the planted effects (simulation recovery).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "backend/scoring/lead_model_training.h"
#include "insightos/scoring/feature_extraction.h"
#include "insightos/scoring/lead_score.h"

namespace insightos::scoring {
namespace {

constexpr TimestampMs kStart = 1'704'067'200'000;  // 2024-01-01T00:00:00Z
constexpr double kIntercept = -2.0, kPerProject = 0.6, kInvited = 1.0, kBrand = 0.8;

FeatureSpec Spec() {
  FeatureDef projects;
  projects.kind = FeatureKind::kEventCount;
  projects.name = "projects_7d";
  projects.label = "projects created in the first 7 days";
  projects.match = {EventMatcher::Kind::kTrack, "project_created"};
  projects.to_days = 7;
  FeatureDef invited;
  invited.kind = FeatureKind::kEventFlag;
  invited.name = invited.label = "invited a teammate";
  invited.match = {EventMatcher::Kind::kTrack, "teammate_invited"};
  invited.to_days = 7;
  FeatureDef campaign;
  campaign.kind = FeatureKind::kCampaign;
  campaign.name = campaign.label = "campaign";
  campaign.levels = {"google_brand", "facebook_pme", "organic"};
  FeatureDef pricing;
  pricing.kind = FeatureKind::kDaysSinceLast;
  pricing.name = pricing.label = "days since the pricing page";
  pricing.match = {EventMatcher::Kind::kPage, "/pricing"};
  pricing.missing_indicator = true;
  return FeatureSpec{{projects, invited, campaign, pricing}};
}

struct Population {
  std::vector<UserHistory> users;
  std::vector<TimestampMs> as_of;
  std::vector<double> true_probability;
  std::vector<std::uint8_t> converted;
};

Population Simulate(int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit;
  Population pop;
  const char* campaigns[] = {"google_brand", "facebook_pme", ""};
  for (int i = 0; i < n; ++i) {
    UserHistory h;
    const TimestampMs signup = kStart + static_cast<TimestampMs>(i) * kMillisPerHour;
    h.signup_at = signup;
    h.campaign.name = campaigns[i % 3];
    auto add = [&](EventType type, const char* name, const char* path, TimestampMs t) {
      HistoryEvent e;
      e.type = type;
      e.name = name;
      e.page_path = path;
      e.timestamp = t;
      h.events.push_back(e);
    };
    if (unit(rng) < 0.5) add(EventType::kPage, "", "/pricing", signup - static_cast<TimestampMs>(unit(rng) * 3 * kMillisPerDay));
    add(EventType::kTrack, "user_created", "", signup);
    std::poisson_distribution<int> projects(unit(rng) < 0.5 ? 0.7 : 2.5);
    int k = projects(rng);
    for (int p = 0; p < k; ++p) add(EventType::kTrack, "project_created", "", signup + static_cast<TimestampMs>(unit(rng) * 6.9 * kMillisPerDay));
    bool invited = unit(rng) < 0.3;
    if (invited) add(EventType::kTrack, "teammate_invited", "", signup + 2 * kMillisPerDay);
    // Events after the first week are not in the 7-day features and must not leak into them.
    add(EventType::kTrack, "project_created", "", signup + 9 * kMillisPerDay);
    double z = kIntercept + kPerProject * k + (invited ? kInvited : 0) + (i % 3 == 0 ? kBrand : 0);
    double p = 1 / (1 + std::exp(-z));
    pop.true_probability.push_back(p);
    pop.converted.push_back(unit(rng) < p ? 1 : 0);
    pop.as_of.push_back(signup + 7 * kMillisPerDay);
    pop.users.push_back(std::move(h));
  }
  return pop;
}

TEST(HistoryTraining, RecoversPlantedEffectsOnATimeSplit) {
  Population pop = Simulate(6000, 17);
  FeatureSpec spec = Spec();
  FeatureMatrix x(pop.users.size(), ColumnCount(spec));
  for (std::size_t i = 0; i < pop.users.size(); ++i) ExtractFeaturesInto(spec, pop.users[i], pop.as_of[i], x.Row(i));
  std::vector<TimestampMs> signups;
  for (const UserHistory& h : pop.users) signups.push_back(*h.signup_at);
  TrainValidationSplit split = TimeSplit(signups, 0.25);
  ASSERT_EQ(split.validation.front(), 4500u);  // the latest quarter of sign-ups

  LeadModelOptions options;
  options.logreg.C = 100;  // weak penalty: estimates close to the maximum likelihood
  options.trained_at = kStart + 400 * kMillisPerDay;
  Result<TrainedLeadModel> trained = TrainLeadModel(spec, x, pop.converted, split, options);
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  const LinearModel& m = trained->model.linear;
  // Raw-scale effect of column j = weight / scale. Columns: projects, invited, 3 campaigns,
  // days since pricing, its missing indicator.
  EXPECT_NEAR(m.weights[0] / m.scale[0], kPerProject, 0.1);
  EXPECT_NEAR(m.weights[1] / m.scale[1], kInvited, 0.2);
  // The campaign effect is identified as a difference between levels.
  EXPECT_NEAR(m.weights[2] / m.scale[2] - m.weights[4] / m.scale[4], kBrand, 0.25);
  // Pricing recency plays no part; its per-day effect has a standard error of about 0.05
  // (only ~2,250 training leads, spread over 3 days).
  EXPECT_NEAR(m.weights[5] / m.scale[5], 0.0, 0.2);

  // Validation AUC close to what the true probabilities achieve on the same leads.
  std::vector<double> oracle;
  std::vector<std::uint8_t> y;
  for (std::size_t r : split.validation) {
    oracle.push_back(pop.true_probability[r]);
    y.push_back(pop.converted[r]);
  }
  const double best = *RocAuc(oracle, y);
  EXPECT_GT(trained->validation.auc, best - 0.01) << "oracle AUC " << best;

  // A lead with three projects and an invite: its top reason is the projects.
  std::size_t lead = split.validation.front();
  while (x.at(lead, 0) < 3 || x.at(lead, 1) < 1) ++lead;
  LeadScore s = ScoreLead(trained->model, x.Row(lead), 3);
  ASSERT_FALSE(s.reasons.empty());
  EXPECT_EQ(s.reasons[0].feature, "projects_7d");
  EXPECT_EQ(s.reasons[0].text.find(" projects created in the first 7 days: +"), 1u) << s.reasons[0].text;
}

}  // namespace
}  // namespace insightos::scoring
