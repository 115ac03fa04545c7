// The native third of the on-page scoring parity test (tests/fixtures/lead_scoring_visitors.json):
// scores every fixture visitor with every fixture model by the native core, from the model
// file and from its compact browser form (which must agree bit for bit), and writes the
// scores and each model's compact text to INSIGHTOS_NATIVE_SCORES for the WebAssembly
// (tests/wasm/visitor_scores.test.mjs) and Chromium (tests/browser/visitor_scores.test.mjs)
// thirds, which CTest runs next.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "insightos/json.h"
#include "insightos/scoring/compact_model.h"
#include "insightos/scoring/feature_extraction.h"
#include "insightos/scoring/lead_score.h"
#include "insightos/scoring/scoring_model.h"
#include "insightos/tracker_storage.h"

namespace insightos::scoring {
namespace {

JsonValue ScoreJson(const LeadScore& s) {
  JsonValue reasons = JsonValue::Array();
  for (const Reason& r : s.reasons) {
    JsonValue item = JsonValue::Object();
    item.Set("feature", JsonValue::String(r.feature));
    item.Set("text", JsonValue::String(r.text));
    item.Set("points", JsonValue::Number(r.points));
    reasons.Append(std::move(item));
  }
  JsonValue out = JsonValue::Object();
  out.Set("score", JsonValue::Number(s.score));
  out.Set("tier", JsonValue::String(std::string(1, s.tier)));
  out.Set("reasons", std::move(reasons));
  return out;
}

TEST(VisitorScoresNative, FixtureVisitorsScoredFromBothModelForms) {
  std::ifstream in(INSIGHTOS_VISITOR_FIXTURE);
  ASSERT_TRUE(in) << INSIGHTOS_VISITOR_FIXTURE;
  std::stringstream text;
  text << in.rdbuf();
  Result<JsonValue> fixture = ParseJson(text.str());
  ASSERT_TRUE(fixture.ok()) << fixture.status().ToString();

  JsonValue out_models = JsonValue::Array();
  const JsonValue& models = *fixture->Find("models");
  const JsonValue& visitors = *fixture->Find("visitors");
  for (std::size_t m = 0; m < models.size(); ++m) {
    Result<ScoringModel> model = ParseScoringModel(ToJson(models.element(m)));
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    const std::string compact = SerializeCompactModel(*model);
    Result<ScoringModel> browser_form = ParseCompactModel(compact);
    ASSERT_TRUE(browser_form.ok()) << browser_form.status().ToString();
    JsonValue scores = JsonValue::Array();
    std::set<double> distinct;
    for (std::size_t v = 0; v < visitors.size(); ++v) {
      const JsonValue& visitor = visitors.element(v);
      const std::string name = visitor.Find("name")->as_string();
      Result<VisitorHistory> history = ParseVisitorHistory(ToJson(*visitor.Find("history")));
      ASSERT_TRUE(history.ok()) << name << ": " << history.status().ToString();
      const UserHistory h = UserHistoryFromVisitor(*history, *visitor.Find("traits"), visitor.Find("campaign")->as_string());
      const auto at = static_cast<TimestampMs>(visitor.Find("at")->as_number());
      const LeadScore full = ScoreLead(*model, ExtractFeatures(model->features, h, at), 3);
      const LeadScore compact_score = ScoreLead(*browser_form, ExtractFeatures(browser_form->features, h, at), 3);
      EXPECT_EQ(full.score, compact_score.score) << name;
      EXPECT_EQ(ToJson(ScoreJson(full)), ToJson(ScoreJson(compact_score))) << name;
      EXPECT_GE(full.score, 0);
      EXPECT_LE(full.score, 100);
      distinct.insert(full.score);
      JsonValue entry = ScoreJson(full);
      entry.Set("name", JsonValue::String(name));
      scores.Append(std::move(entry));
    }
    // The visitors differ in what the model reads: a fixture whose scores all coincide
    // would compare nothing.
    EXPECT_GE(distinct.size(), 3u) << model->version;
    JsonValue out = JsonValue::Object();
    out.Set("version", JsonValue::String(model->version));
    out.Set("model", models.element(m));
    out.Set("compact", JsonValue::String(compact));
    out.Set("visitors", std::move(scores));
    out_models.Append(std::move(out));
  }
  const char* path = std::getenv("INSIGHTOS_NATIVE_SCORES");
  if (path == nullptr) GTEST_SKIP() << "INSIGHTOS_NATIVE_SCORES not set: nothing written for the WebAssembly checks";
  JsonValue root = JsonValue::Object();
  root.Set("models", std::move(out_models));
  std::ofstream(path) << ToJson(root) << "\n";
}

}  // namespace
}  // namespace insightos::scoring
