// XGBoost trains; the shared tree evaluator must reproduce XGBoost's own predictions
// (XGBoosterPredictFromDMatrix) within 1e-6, missing values included.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "backend/scoring/xgboost_booster.h"
#include "backend/scoring/xgboost_model_import.h"
#include "insightos/scoring/lead_score.h"
#include "insightos/scoring/scoring_model.h"

namespace insightos::scoring {
namespace {

struct Data {
  FeatureMatrix x;
  std::vector<std::uint8_t> y;
};

// Five columns: two continuous (one 30% missing, where missingness itself is predictive),
// a count, a 0/1 flag and a column of huge values.
Data MakeData(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> unit;
  std::poisson_distribution<int> count(2.0);
  Data d{FeatureMatrix(n, 5), std::vector<std::uint8_t>(n)};
  for (std::size_t i = 0; i < n; ++i) {
    double a = normal(rng), b = normal(rng);
    bool b_missing = unit(rng) < 0.3;
    double c = count(rng);
    double flag = unit(rng) < 0.4 ? 1 : 0;
    double z = 1.2 * a - 0.7 * std::fabs(b) + 0.4 * c + 0.8 * flag - 1 + (b_missing ? 0.9 : 0) + 0.5 * std::sin(3 * a);
    d.x.at(i, 0) = a;
    d.x.at(i, 1) = b_missing ? std::nan("") : b;
    d.x.at(i, 2) = c;
    d.x.at(i, 3) = flag;
    d.x.at(i, 4) = unit(rng) < 0.1 ? std::nan("") : normal(rng) * 1e30;
    d.y[i] = unit(rng) < 1 / (1 + std::exp(-z)) ? 1 : 0;
  }
  return d;
}

std::vector<std::size_t> Range(std::size_t begin, std::size_t end) {
  std::vector<std::size_t> r;
  for (std::size_t i = begin; i < end; ++i) r.push_back(i);
  return r;
}

class XgboostTrees : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new Data(MakeData(4000, 11));
    GbdtOptions options;
    options.rounds = 60;
    options.max_depth = 4;
    options.subsample = 0.8;
    options.seed = 3;
    Result<XgboostBooster> booster = XgboostBooster::Train(data_->x, data_->y, Range(0, 3000), options);
    ASSERT_TRUE(booster.ok()) << booster.status().ToString();
    booster_ = new XgboostBooster(std::move(booster).value());
  }
  static void TearDownTestSuite() {
    delete booster_;
    delete data_;
  }
  static Data* data_;
  static XgboostBooster* booster_;
};
Data* XgboostTrees::data_ = nullptr;
XgboostBooster* XgboostTrees::booster_ = nullptr;

TEST_F(XgboostTrees, SharedEvaluatorMatchesXgboostPredictions) {
  Result<std::string> json = booster_->SaveJson();
  ASSERT_TRUE(json.ok());
  Result<ImportedTrees> trees = TreeEnsembleFromXgboostJson(*json, 5);
  ASSERT_TRUE(trees.ok()) << trees.status().ToString();
  ASSERT_EQ(trees->ensemble.trees.size(), 60u);
  std::vector<std::size_t> held_out = Range(3000, 4000);
  Result<std::vector<float>> expected = booster_->Predict(data_->x, held_out, XgboostBooster::Output::kProbability);
  Result<std::vector<float>> margins = booster_->Predict(data_->x, held_out, XgboostBooster::Output::kMargin);
  ASSERT_TRUE(expected.ok() && margins.ok());
  double max_diff = 0, max_margin_diff = 0;
  std::size_t with_missing = 0;
  for (std::size_t k = 0; k < held_out.size(); ++k) {
    std::span<const double> row = data_->x.Row(held_out[k]);
    with_missing += std::isnan(row[1]) || std::isnan(row[4]) ? 1 : 0;
    double margin = TreeMargin(trees->ensemble, row);
    max_margin_diff = std::max(max_margin_diff, std::fabs(margin - static_cast<double>((*margins)[k])));
    max_diff = std::max(max_diff, std::fabs(Sigmoid(margin) - static_cast<double>((*expected)[k])));
  }
  EXPECT_GT(with_missing, 300u);
  std::printf("[ metric   ] shared trees vs XGBoost on %zu rows (%zu with missing values): max |dp| %.3g, max |dmargin| %.3g\n",
              held_out.size(), with_missing, max_diff, max_margin_diff);
  EXPECT_LT(max_diff, 1e-6);
  EXPECT_LT(max_margin_diff, 1e-5);  // XGBoost sums leaves in float32
  // Every column was used, so gains are positive where the signal is.
  EXPECT_GT(trees->total_gain[0], trees->total_gain[3]);
  EXPECT_GT(trees->total_gain[3], 0.0);
}

TEST_F(XgboostTrees, PathContributionsMatchXgboostApproxContribs) {
  Result<ImportedTrees> trees = TreeEnsembleFromXgboostJson(*booster_->SaveJson(), 5);
  ASSERT_TRUE(trees.ok());
  std::vector<std::size_t> rows = Range(3000, 3200);
  Result<std::vector<float>> expected = booster_->Predict(data_->x, rows, XgboostBooster::Output::kApproxContributions);
  ASSERT_TRUE(expected.ok());
  ASSERT_EQ(expected->size(), rows.size() * 6);
  std::vector<double> contributions(5);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    double bias = 0;
    TreePathContributions(trees->ensemble, data_->x.Row(rows[k]), contributions, &bias);
    for (std::size_t j = 0; j < 5; ++j) {
      EXPECT_NEAR(contributions[j], (*expected)[k * 6 + j], 1e-5) << "row " << k << " column " << j;
    }
    EXPECT_NEAR(bias, (*expected)[k * 6 + 5], 1e-5);
  }
}

TEST_F(XgboostTrees, ModelFileKeepsPredictionsBitForBit) {
  ScoringModel model;
  model.version = "gbdt-test";
  model.kind = ModelKind::kGradientBoostedTrees;
  for (const char* name : {"a", "b", "c", "flag", "huge"}) {
    FeatureDef d;
    d.kind = FeatureKind::kTraitNumber;
    d.name = d.label = d.trait = name;
    model.features.features.push_back(d);
  }
  model.trees = TreeEnsembleFromXgboostJson(*booster_->SaveJson(), 5)->ensemble;
  Result<ScoringModel> back = ParseScoringModel(SerializeScoringModel(model));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  for (std::size_t r = 3000; r < 3300; ++r) {
    EXPECT_EQ(ModelMargin(*back, data_->x.Row(r)), ModelMargin(model, data_->x.Row(r)));
  }
}

TEST(XgboostImport, RejectsWhatItCannotEvaluate) {
  EXPECT_EQ(TreeEnsembleFromXgboostJson("not json", 3).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(TreeEnsembleFromXgboostJson("{\"learner\":{}}", 3).status().code(), StatusCode::kInvalidArgument);
  std::string regression = R"({"learner":{"objective":{"name":"reg:squarederror"}}})";
  EXPECT_EQ(TreeEnsembleFromXgboostJson(regression, 3).status().code(), StatusCode::kFailedPrecondition);
  Data d = MakeData(200, 1);
  GbdtOptions options;
  options.rounds = 3;
  Result<XgboostBooster> booster = XgboostBooster::Train(d.x, d.y, Range(0, 200), options);
  ASSERT_TRUE(booster.ok());
  // The model splits on columns the caller says do not exist.
  EXPECT_EQ(TreeEnsembleFromXgboostJson(*booster->SaveJson(), 1).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace insightos::scoring
