// Training from stored events (`train --db`) on simulated people whose true conversion
// probabilities are known: the model's validation AUC against the best achievable one, the
// stored model and its metrics, and the scores the updater then writes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "backend/scoring/database_training.h"
#include "backend/scoring/model_store.h"
#include "backend/scoring/score_updater.h"
#include "tests/backend/test_databases.h"
#include "tests/support/simulated_database.h"

namespace insightos::scoring {
namespace {

struct Population {
  const char* database;
  std::uint64_t users;
};

class DatabaseTrainingTest : public ::testing::TestWithParam<Population> {
 protected:
  void SetUp() override {
    INSIGHTOS_REQUIRE_DATABASE(GetParam().database);
    db_->Migrate();
  }
  std::unique_ptr<testing::TestDatabase> db_;
};

// The simulator's conversion model (docs/simulator.md §7) uses only what the default
// features can see: the funnel steps, pricing views before sign-up, e-mail domain, company
// size, role and campaign. Its true probability p ranks leads by everything they will ever
// do; the model scores them at the snapshot, 3 days after sign-up, when some steps (a late
// project, a teammate invited later) have not happened yet, so it ranks a little worse than
// p. Measured at 40,000 visitors (about 1,600 validation leads) for seeds 1-6: the model
// trails p by 0.011 to 0.025 AUC (mean 0.018), and the bootstrap standard deviation of that
// paired difference is 0.005-0.006 within a run. The lower bound, p - 0.04, allows the
// systematic gap plus about 3.5 standard deviations. A model more than 0.015 (2.5 standard
// deviations) above p would be seeing the outcome (leakage), which the upper bound catches.
TEST_P(DatabaseTrainingTest, ValidationAucIsCloseToTheBestAchievable) {
  const Population population = GetParam();
  testing::SimulatedDatabase sim = testing::LoadSimulatedPeople(db_->url(), population.users, 5);
  auto reader = db_->Connect();
  DatabaseTrainingOptions options;
  options.model.trained_at = 1'735'689'600'000;  // 2025-01-01
  Result<DatabaseTrainingResult> result = TrainFromDatabase(*reader, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  std::vector<double> oracle;
  std::vector<std::uint8_t> labels;
  for (std::size_t row : result->split.validation) {
    oracle.push_back(sim.conversion_probability.at(result->user_ids[row]));
    labels.push_back(result->labels[row]);
  }
  const double best = *RocAuc(oracle, labels);
  const double auc = result->trained.validation.auc;
  std::printf("validation leads %zu (%zu converted): model AUC %.4f, true probabilities %.4f, gap %+.4f\n",
              labels.size(), static_cast<std::size_t>(std::count(labels.begin(), labels.end(), 1)), auc, best,
              auc - best);
  EXPECT_GT(auc, best - 0.04);
  EXPECT_LT(auc, best + 0.015) << "above the true probabilities: the features see the outcome";

  // Stored as the current model, with what the dashboard draws.
  auto conn = db_->Connect();
  StoreCurrentModel(*conn, result->trained.model, TrainingMetricsJson(*result, options));
  nlohmann::json metrics = nlohmann::json::parse(*conn->QueryText("SELECT metrics FROM models WHERE is_current"));
  EXPECT_EQ(metrics["validation"]["auc"].get<double>(), auc);
  EXPECT_GE(metrics["validation"]["roc"].size(), 10u);
  EXPECT_EQ(metrics["validation"]["reliability"].size(), 10u);
  EXPECT_EQ(metrics["validation"]["lift_by_decile"].size(), 10u);
  EXPECT_EQ(metrics["split"]["method"], "time");
  EXPECT_EQ(metrics["label"]["event"], "subscription_started");
  EXPECT_EQ(metrics["columns"].size(), ColumnCount(options.features));

  // Every user gets a score in [0, 100] and a tier; tiers split the training leads in quarters.
  ScoreUpdateSummary scored = RunScoreUpdate(db_->url());
  EXPECT_EQ(static_cast<std::int64_t>(scored.scored), *conn->QueryInt("SELECT COUNT(*) FROM users"));
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM users WHERE lead_score IS NULL OR lead_score < 0 OR lead_score > 100 "
                           "OR lead_tier NOT IN ('A', 'B', 'C', 'D')"),
            0);
}

INSTANTIATE_TEST_SUITE_P(Simulated, DatabaseTrainingTest,
                         ::testing::Values(Population{"sqlite", 40000}, Population{"postgres", 40000}),
                         [](const auto& param_info) { return std::string(param_info.param.database); });

}  // namespace
}  // namespace insightos::scoring
