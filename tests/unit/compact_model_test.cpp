#include "insightos/scoring/compact_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "insightos/scoring/default_features.h"
#include "insightos/scoring/feature_extraction.h"
#include "insightos/scoring/lead_score.h"

namespace insightos::scoring {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path ModelCorpus() { return fs::path(INSIGHTOS_TEST_DATA_DIR) / ".." / "fuzz" / "corpus" / "scoring_model"; }

// What the compact form leaves out: nothing ScoreLead reads.
ScoringModel WithoutExtras(ScoringModel m) {
  m.trained_at = 0;
  m.metrics = JsonValue::Object();
  m.training = JsonValue::Object();
  return m;
}

// Weights that are not short decimals, on the default spec (every feature kind it uses,
// e-mail domains included), so the round trip is tested bit for bit.
ScoringModel DefaultSpecModel() {
  ScoringModel m;
  m.version = "logreg-compact-test";
  m.features = DefaultLeadFeatures();
  const std::size_t n = ColumnCount(m.features);
  for (std::size_t j = 0; j < n; ++j) {
    const double x = static_cast<double>(j + 1);
    m.linear.impute.push_back(j % 3 == 0 ? 0.0 : 1.0 / x);
    m.linear.mean.push_back(std::sin(x) / 7);
    m.linear.scale.push_back(0.1 + 1 / (x * x));
    m.linear.weights.push_back(std::cos(x * 1.3) * 0.9);
  }
  m.linear.intercept = -std::sqrt(2.0);
  m.tiers = {61.0 / 3, 11.0 / 7, 0.1};
  EXPECT_TRUE(ValidateScoringModel(m).ok());
  return m;
}

UserHistory Lead() {
  UserHistory h;
  const TimestampMs t0 = 1'735'689'600'000;
  auto add = [&](EventType type, const char* name, TimestampMs at) {
    HistoryEvent e;
    e.type = type;
    (type == EventType::kPage ? e.page_path : e.name) = name;
    e.timestamp = at;
    h.events.push_back(e);
  };
  add(EventType::kPage, "/pricing", t0);
  add(EventType::kTrack, "user_created", t0 + 1000);
  add(EventType::kTrack, "user_verified", t0 + 3'600'000);
  h.signup_at = t0 + 1000;
  h.traits.Set("email", JsonValue::String("ana@farol.com.br"));
  h.traits.Set("role", JsonValue::String("founder"));
  h.campaign.name = "google_brand";
  return h;
}

TEST(CompactModel, RoundTripGivesTheSameModelAndScores) {
  std::vector<ScoringModel> models = {DefaultSpecModel()};
  for (const char* file : {"valid_logreg.json", "valid_gbdt.json"}) {
    Result<ScoringModel> m = ParseScoringModel(ReadText(ModelCorpus() / file));
    ASSERT_TRUE(m.ok()) << file << ": " << m.status().ToString();
    models.push_back(*m);
  }
  const UserHistory lead = Lead();
  for (const ScoringModel& m : models) {
    const std::string compact = SerializeCompactModel(m);
    Result<ScoringModel> back = ParseCompactModel(compact);
    ASSERT_TRUE(back.ok()) << m.version << ": " << back.status().ToString();
    EXPECT_EQ(SerializeScoringModel(*back), SerializeScoringModel(WithoutExtras(m))) << m.version;
    EXPECT_EQ(SerializeCompactModel(*back), compact);
    // The compact text is much smaller than the model file it comes from.
    EXPECT_LT(compact.size(), SerializeScoringModel(WithoutExtras(m)).size());
    const TimestampMs as_of = *lead.signup_at + 2 * kMillisPerDay;
    const LeadScore a = ScoreLead(m, ExtractFeatures(m.features, lead, as_of), 3);
    const LeadScore b = ScoreLead(*back, ExtractFeatures(back->features, lead, as_of), 3);
    EXPECT_EQ(a.score, b.score);
    EXPECT_EQ(a.tier, b.tier);
    ASSERT_EQ(a.reasons.size(), b.reasons.size());
    for (std::size_t i = 0; i < a.reasons.size(); ++i) EXPECT_EQ(a.reasons[i].text, b.reasons[i].text);
  }
}

TEST(CompactModel, RefusesWhatIsNotOne) {
  const std::string good = SerializeCompactModel(DefaultSpecModel());
  EXPECT_TRUE(ParseCompactModel(good).ok());
  for (const std::string& bad :
       {std::string(""), std::string("{}"), std::string("[]"), std::string("[\"insightos.lead_model\",1]"),
        good.substr(0, good.size() / 2), good.substr(0, good.size() - 1) + ",1]",  // truncated, trailing extra
        std::string("[\"insightos.lead_model.compact\",1,\"v\",0,50,25,10,1e300]")}) {  // a count past the end
    Result<ScoringModel> r = ParseCompactModel(bad);
    ASSERT_FALSE(r.ok()) << bad.substr(0, 80);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
  // A newer layout is refused as such, not misread.
  std::string newer = good;
  newer.replace(newer.find(",1,"), 3, ",2,");
  EXPECT_EQ(ParseCompactModel(newer).status().code(), StatusCode::kFailedPrecondition);
  // Readable but not a valid model: the model validator's own error.
  ScoringModel m = DefaultSpecModel();
  std::string text = SerializeCompactModel(m);
  const std::string tiers = ",20.333333333333332,";
  ASSERT_NE(text.find(tiers), std::string::npos) << text.substr(0, 120);
  text.replace(text.find(tiers), tiers.size(), ",-5,");
  EXPECT_FALSE(ParseCompactModel(text).ok());
}

}  // namespace
}  // namespace insightos::scoring
