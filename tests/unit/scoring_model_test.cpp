#include "insightos/scoring/scoring_model.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "insightos/scoring/feature_extraction.h"
#include "insightos/scoring/lead_score.h"

namespace insightos::scoring {
namespace {

FeatureSpec Spec() {
  FeatureDef visits;
  visits.kind = FeatureKind::kTraitNumber;
  visits.name = visits.label = visits.trait = "visits";
  visits.missing_indicator = true;
  FeatureDef source;
  source.kind = FeatureKind::kTraitCategory;
  source.name = "source";
  source.label = "lead source";
  source.trait = "Lead Source";
  source.levels = {"google", "direct traffic"};
  source.other_column = true;
  source.missing_values = {"select"};
  return FeatureSpec{{visits, source}};  // 5 columns
}

ScoringModel LinearModelFixture() {
  ScoringModel m;
  m.version = "logreg-20240101T000000Z-00c0ffee";
  m.trained_at = 1704067200123;
  m.features = Spec();
  m.linear.impute = {3.0, 0, 0, 0, 0};
  m.linear.mean = {3.4451, 0.015, 0.31, 0.27, 0.1};
  m.linear.scale = {4.85, 0.12, 0.46, 0.44, 1};
  m.linear.weights = {0.1 / 3, -1e-300, 2.5e-7, -0.75, 0};
  m.linear.intercept = -0.4666666666666667;
  m.tiers = {71.25, 44.5, 18};
  m.metrics.Set("validation", JsonValue::Object());
  m.metrics.Set("auc", JsonValue::Number(0.8125));
  m.training.Set("C", JsonValue::Number(1));
  return m;
}

ScoringModel TreeModelFixture() {
  ScoringModel m = LinearModelFixture();
  m.kind = ModelKind::kGradientBoostedTrees;
  m.linear = LinearModel{};
  RegressionTree t;
  t.left = {1, -1, -1};
  t.right = {2, -1, -1};
  t.feature = {3, 0, 0};
  t.threshold = {0.1f, 0, 0};  // not exact in binary: must still round-trip bit for bit
  t.default_left = {1, 0, 0};
  t.value = {0, -0.123456789f, 0.3333333432674408};
  t.cover = {12.5, 5.25, 7.25};
  m.trees.base_margin = -0.5;
  m.trees.trees = {t, t};
  return m;
}

TEST(ScoringModelJson, LinearRoundTripIsExact) {
  ScoringModel m = LinearModelFixture();
  ASSERT_TRUE(ValidateScoringModel(m).ok());
  std::string text = SerializeScoringModel(m);
  Result<ScoringModel> back = ParseScoringModel(text);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->version, m.version);
  EXPECT_EQ(back->trained_at, m.trained_at);
  EXPECT_EQ(back->kind, ModelKind::kLogisticRegression);
  EXPECT_EQ(back->linear.weights, m.linear.weights);  // bit-for-bit doubles
  EXPECT_EQ(back->linear.mean, m.linear.mean);
  EXPECT_EQ(back->linear.intercept, m.linear.intercept);
  EXPECT_EQ(back->tiers.a_min, 71.25);
  EXPECT_EQ(back->features.features[1].levels, m.features.features[1].levels);
  EXPECT_EQ(back->metrics, m.metrics);
  EXPECT_EQ(SerializeScoringModel(*back), text);
}

TEST(ScoringModelJson, TreeRoundTripIsExact) {
  ScoringModel m = TreeModelFixture();
  ASSERT_TRUE(ValidateScoringModel(m).ok());
  std::string text = SerializeScoringModel(m);
  Result<ScoringModel> back = ParseScoringModel(text);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->trees.trees.size(), 2u);
  const RegressionTree& t = back->trees.trees[1];
  EXPECT_EQ(t.threshold, m.trees.trees[1].threshold);
  EXPECT_EQ(t.value, m.trees.trees[1].value);
  EXPECT_EQ(t.left, m.trees.trees[1].left);
  EXPECT_EQ(t.default_left, m.trees.trees[1].default_left);
  EXPECT_EQ(SerializeScoringModel(*back), text);
}

// Replaces the first occurrence of `from` in the serialized fixture.
std::string Edit(const ScoringModel& m, const std::string& from, const std::string& to) {
  std::string text = SerializeScoringModel(m);
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ScoringModelJson, ErrorsNameTheMemberAndPosition) {
  ScoringModel lin = LinearModelFixture();
  Result<ScoringModel> r = ParseScoringModel("{\"format\":\"insightos.lead_model\",\n\"format_version\":1,");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind("model file: ", 0), 0u);

  r = ParseScoringModel(Edit(lin, "\"kind\":\"logreg\"", "\"kind\":\"forest\""));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("kind (line 1, column "), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("unknown model kind \"forest\""), std::string::npos);

  r = ParseScoringModel(Edit(lin, "\"format_version\":1", "\"format_version\":2"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);

  r = ParseScoringModel(Edit(lin, "\"weights\":[", "\"weights\":[\"x\","));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("logreg.weights[0]"), std::string::npos) << r.status().message();

  r = ParseScoringModel(Edit(lin, "\"scale\":[4.85,", "\"scale\":["));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("expected 5 values (one per column), found 4"), std::string::npos);

  r = ParseScoringModel(Edit(lin, "\"source=google\"", "\"source=bing\""));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("columns[2]"), std::string::npos) << r.status().message();

  r = ParseScoringModel(Edit(lin, "\"scale\":[4.85", "\"scale\":[0"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("scale must be > 0"), std::string::npos);

  r = ParseScoringModel(Edit(lin, "\"A\":71.25", "\"A\":12"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("tiers"), std::string::npos);

  r = ParseScoringModel(Edit(lin, "\"intercept\"", "\"intercepts\""));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("logreg.intercepts"), std::string::npos);
}

TEST(ScoringModelJson, TreeStructureIsChecked) {
  ScoringModel trees = TreeModelFixture();
  // A child pointing back at its parent would loop forever.
  Result<ScoringModel> r = ParseScoringModel(Edit(trees, "\"left\":[1,-1,-1]", "\"left\":[0,-1,-1]"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("trees[0] node 0: children must be distinct nodes after their parent"),
            std::string::npos)
      << r.status().message();
  r = ParseScoringModel(Edit(trees, "\"feature\":[3,", "\"feature\":[5,"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("feature 5 is not a column (5 columns)"), std::string::npos);
  r = ParseScoringModel(Edit(trees, "\"left\":[1,-1,-1]", "\"left\":[1.5,-1,-1]"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("gbdt.trees[0].left[0]"), std::string::npos);
  r = ParseScoringModel(Edit(trees, "\"threshold\":[", "\"threshold\":[1e39,"));
  EXPECT_FALSE(r.ok());
}

// The fuzz target's seed corpus replays here: valid_* files load and score, invalid_* fail.
TEST(ScoringModelJson, SeedCorpusReplays) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(INSIGHTOS_TEST_DATA_DIR) / ".." / "fuzz" / "corpus" / "scoring_model";
  int files = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Result<ScoringModel> m = ParseScoringModel(text.str());
    std::string name = entry.path().filename().string();
    ++files;
    if (name.rfind("valid_", 0) == 0) {
      ASSERT_TRUE(m.ok()) << name << ": " << m.status().ToString();
      std::vector<double> x(ColumnCount(m->features), 0.0);
      LeadScore s = ScoreLead(*m, x);
      EXPECT_GE(s.score, 0.0);
      EXPECT_LE(s.score, 100.0);
    } else {
      EXPECT_FALSE(m.ok()) << name;
    }
  }
  EXPECT_GE(files, 4);
}

}  // namespace
}  // namespace insightos::scoring
