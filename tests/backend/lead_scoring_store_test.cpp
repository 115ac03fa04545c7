// Lead scoring against real databases (SQLite and PostgreSQL): stitched histories read back
// from stored events, the models table, the incremental score updater, and GET /v1/model over
// real HTTP. Events are written through the ingest path's EventStore.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <thread>

#include "backend/scoring/model_routes.h"
#include "backend/scoring/model_store.h"
#include "backend/scoring/score_updater.h"
#include "backend/scoring/stored_history_reader.h"
#include "backend/storage/event_store.h"
#include "insightos/scoring/compact_model.h"
#include "insightos/scoring/feature_extraction.h"
#include "insightos/scoring/lead_score.h"
#include "tests/backend/test_databases.h"

namespace insightos::scoring {
namespace {

constexpr TimestampMs kT0 = 1'717'200'000'000;  // 2024-06-01T00:00:00Z
constexpr TimestampMs kHour = kMillisPerHour, kDay = kMillisPerDay;

// A small logistic model on two definitions: created a project (flag) and the campaign.
ScoringModel SmallModel(const std::string& version, double project_weight) {
  ScoringModel m;
  m.version = version;
  m.trained_at = kT0;
  FeatureDef project;
  project.kind = FeatureKind::kEventFlag;
  project.name = "created_project";
  project.label = "created a project";
  project.match = {EventMatcher::Kind::kTrack, "project_created"};
  project.missing_indicator = true;
  FeatureDef recency;
  recency.kind = FeatureKind::kDaysSinceLast;
  recency.name = recency.label = "days since last seen";
  FeatureDef campaign;
  campaign.kind = FeatureKind::kCampaign;
  campaign.name = campaign.label = "campaign";
  campaign.levels = {"google_brand", "organic"};
  campaign.other_column = true;
  m.features.features = {project, recency, campaign};
  // Columns: project, project (missing), days since last seen, 3 campaign columns.
  m.linear.impute = {0.5, 0, 3, 0, 0, 0};
  m.linear.mean = {0.4, 0.1, 3, 0.3, 0.5, 0.2};
  m.linear.scale = {0.5, 0.3, 2, 0.45, 0.5, 0.4};
  m.linear.weights = {project_weight, -0.3, -0.25, 0.6, -0.2, 0.1};
  m.linear.intercept = -1.2;
  m.tiers = {40, 25, 12};
  EXPECT_TRUE(ValidateScoringModel(m).ok());
  return m;
}

class LeadScoringStoreTest : public testing::MigratedDatabaseTest {
 protected:

  Event Make(EventType type, const std::string& name, const std::string& user, const std::string& anonymous,
             TimestampMs ts) {
    Event e;
    e.type = type;
    e.message_id = "m" + std::to_string(++next_message_);
    e.name = type == EventType::kPage ? "" : name;
    if (type == EventType::kPage) e.page_path = name;
    e.user_id = user;
    e.anonymous_id = anonymous;
    e.timestamp = ts;
    e.received_at = ts + 100;
    return e;
  }

  void Store(const std::vector<Event>& events) {
    storage::IngestBatch batch;
    for (const Event& e : events) batch.events.push_back(storage::MakeEventRow(e, "test"));
    store_->Write(batch);
  }

  // Ana: an anonymous visit from a campaign, then sign-up (identify links the anonymous id),
  // a project. Bruno: signs up directly; one bot page view. Carla: identified, no events of
  // her own id but a linked anonymous id. Returns the highest event id of Ana's batch
  // (PostgreSQL numbers a batch's rows in message-id order, so batches fix the order).
  std::int64_t StoreThreeLeads() {
    Event landing = Make(EventType::kPage, "/pricing", "", "anon-ana", kT0);
    landing.campaign.name = "google_brand";
    Event identify = Make(EventType::kIdentify, "", "ana", "anon-ana", kT0 + kHour);
    identify.traits.Set("email", JsonValue::String("ana@farol.com.br"));
    identify.traits.Set("role", JsonValue::String("founder"));
    Event bot = Make(EventType::kPage, "/", "bruno", "anon-bruno", kT0 + 3 * kHour);
    bot.is_bot = true;
    Store({landing, identify, Make(EventType::kTrack, "user_created", "ana", "anon-ana", kT0 + kHour + 1),
           Make(EventType::kTrack, "project_created", "ana", "anon-ana", kT0 + 2 * kHour)});
    const std::int64_t ana_batch = *conn_->QueryInt("SELECT MAX(id) FROM events");
    Store({Make(EventType::kIdentify, "", "bruno", "anon-bruno", kT0 + 2 * kHour),
           Make(EventType::kTrack, "user_created", "bruno", "anon-bruno", kT0 + 2 * kHour + 1), bot,
           Make(EventType::kTrack, "anonymous_click", "", "anon-carla", kT0 + 4 * kHour),
           Make(EventType::kIdentify, "", "carla", "anon-carla", kT0 + 5 * kHour),
           // Events under a user id that was never identified belong to no lead.
           Make(EventType::kTrack, "orphan", "ghost", "", kT0 + 6 * kHour)});
    return ana_batch;
  }

  std::map<std::string, StoredUser> ReadAll(const StoredHistoryQuery& query = {}) {
    std::map<std::string, StoredUser> users;
    std::vector<std::string> order;
    auto reader = db_->Connect();
    ReadStoredHistories(*reader, query, [&](StoredUser&& u) {
      order.push_back(u.id);
      users.emplace(u.id, std::move(u));
    });
    EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
    return users;
  }

  std::optional<double> Score(const std::string& user) {
    std::optional<double> out;
    conn_->Query("SELECT lead_score FROM users WHERE id = $1", {user},
                 [&](const storage::SqlRow& r) { out = r.GetOptionalDouble(0); });
    return out;
  }

  int next_message_ = 0;
};

TEST_P(LeadScoringStoreTest, HistoriesStitchAnonymousEventsAndLeaveBotsAndStrangersOut) {
  const std::int64_t ana_batch = StoreThreeLeads();
  std::map<std::string, StoredUser> users = ReadAll();
  ASSERT_EQ(users.size(), 3u);
  const UserHistory& ana = users["ana"].history;
  ASSERT_EQ(ana.events.size(), 3u);  // the pre-sign-up page view, user_created, project_created
  EXPECT_EQ(ana.events[0].type, EventType::kPage);
  EXPECT_EQ(ana.events[0].page_path, "/pricing");
  EXPECT_EQ(ana.events[2].name, "project_created");
  EXPECT_EQ(ana.signup_at, kT0 + kHour + 1);
  EXPECT_EQ(ana.campaign.name, "google_brand");  // from the anonymous landing page
  EXPECT_EQ(ana.traits.Find("role")->as_string(), "founder");
  EXPECT_EQ(users["bruno"].history.events.size(), 1u);  // the bot's page view is left out
  EXPECT_TRUE(users["bruno"].history.campaign.name.empty());
  ASSERT_EQ(users["carla"].history.events.size(), 1u);
  EXPECT_EQ(users["carla"].history.events[0].name, "anonymous_click");
  EXPECT_FALSE(users["carla"].history.signup_at.has_value());

  // Resuming after a user, and a fixed event horizon.
  StoredHistoryQuery query;
  query.after_user = "ana";
  query.max_event_id = ana_batch;
  std::map<std::string, StoredUser> later = ReadAll(query);
  EXPECT_EQ(later.count("ana"), 0u);
  EXPECT_EQ(later["bruno"].history.events.size(), 0u);  // bruno's events came after the horizon
  // Attribution, when it has run, wins over the events' own first campaign.
  conn_->Execute("UPDATE users SET first_utm_campaign = 'email_newsletter' WHERE id = 'ana'");
  EXPECT_EQ(ReadAll()["ana"].history.campaign.name, "email_newsletter");
}

TEST_P(LeadScoringStoreTest, TheLatestStoredModelIsCurrent) {
  EXPECT_FALSE(LoadCurrentModel(*conn_).has_value());
  StoreCurrentModel(*conn_, SmallModel("logreg-a", 1.0), R"({"validation":{"auc":0.8}})");
  StoreCurrentModel(*conn_, SmallModel("logreg-b", 1.5), "{}");
  std::optional<CurrentModel> current = LoadCurrentModel(*conn_);
  ASSERT_TRUE(current.has_value());
  EXPECT_EQ(current->model.version, "logreg-b");
  EXPECT_EQ(current->text, SerializeScoringModel(SmallModel("logreg-b", 1.5)));
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM models"), 2);
  EXPECT_EQ(conn_->QueryText("SELECT metrics ->> 'validation' FROM models WHERE version = 'logreg-a'").value_or("")
                .find("0.8") != std::string::npos,
            true);
}

TEST_P(LeadScoringStoreTest, TheUpdaterScoresEveryoneThenOnlyWhatChanged) {
  StoreThreeLeads();
  ScoreUpdateOptions options;
  options.now = kT0 + kDay;
  EXPECT_TRUE(RunScoreUpdate(db_->url(), options).model_version.empty());  // no model: nothing to do
  const ScoringModel model = SmallModel("logreg-a", 1.0);
  StoreCurrentModel(*conn_, model, "{}");

  ScoreUpdateSummary first = RunScoreUpdate(db_->url(), options);
  EXPECT_TRUE(first.all_users);
  EXPECT_EQ(first.scored, 3u);
  // Ana's stored score is the shared scorer's on her stitched history.
  std::map<std::string, StoredUser> users = ReadAll();
  LeadScore expected = ScoreLead(model, ExtractFeatures(model.features, users["ana"].history, kT0 + kDay), 3);
  EXPECT_EQ(Score("ana"), expected.score);
  conn_->Query("SELECT lead_tier, lead_reasons, scored_model, scored_at, rescore_after, previous_score FROM users "
               "WHERE id = 'ana'",
               {}, [&](const storage::SqlRow& r) {
                 EXPECT_EQ(r.GetText(0), std::string(1, expected.tier));
                 nlohmann::json reasons = nlohmann::json::parse(r.GetText(1));
                 ASSERT_EQ(reasons.size(), expected.reasons.size());
                 EXPECT_EQ(reasons[0]["text"], expected.reasons[0].text);
                 EXPECT_EQ(r.GetText(2), "logreg-a");
                 EXPECT_EQ(r.GetInt(3), kT0 + kDay);
                 EXPECT_EQ(r.GetInt(4), kT0 + 2 * kDay);  // "days since last seen" is refreshed daily
                 EXPECT_TRUE(r.IsNull(5));                // first score: no trend yet
               });

  // Nothing new and no window moved: nothing to score.
  EXPECT_EQ(RunScoreUpdate(db_->url(), options).scored, 0u);
  // A new event of Bruno's anonymous id: only Bruno, whose score goes up and keeps the old one.
  const double bruno_before = *Score("bruno");
  Store({Make(EventType::kTrack, "project_created", "", "anon-bruno", kT0 + 20 * kHour)});
  ScoreUpdateSummary second = RunScoreUpdate(db_->url(), options);
  EXPECT_FALSE(second.all_users);
  EXPECT_EQ(second.scored, 1u);
  EXPECT_GT(*Score("bruno"), bruno_before);
  conn_->Query("SELECT previous_score FROM users WHERE id = 'bruno'", {},
               [&](const storage::SqlRow& r) { EXPECT_EQ(r.GetDouble(0), bruno_before); });

  // A day later every rescore_after has passed: everyone is rescored.
  options.now = kT0 + 2 * kDay + 1;
  EXPECT_EQ(RunScoreUpdate(db_->url(), options).scored, 3u);
  // A new model: everyone again, under its version.
  StoreCurrentModel(*conn_, SmallModel("logreg-b", 2.0), "{}");
  ScoreUpdateSummary third = RunScoreUpdate(db_->url(), options);
  EXPECT_TRUE(third.all_users);
  EXPECT_EQ(third.scored, 3u);
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM users WHERE scored_model = 'logreg-b'"), 3);
}

TEST_P(LeadScoringStoreTest, ModelRouteServesTheCurrentModelWithValidators) {
  scoring::ModelRoutes routes(db_->url(), std::chrono::milliseconds(0));
  httplib::Server server;
  routes.Register(server);
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { server.listen_after_bind(); });
  httplib::Client client("127.0.0.1", port);

  httplib::Result none = client.Get("/v1/model");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 404);
  EXPECT_NE(nlohmann::json::parse(none->body)["error"].get<std::string>().find("no lead-scoring model"),
            std::string::npos);

  const ScoringModel model = SmallModel("logreg-a", 1.0);
  StoreCurrentModel(*conn_, model, "{}");
  httplib::Result full = client.Get("/v1/model");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->status, 200);
  EXPECT_EQ(full->body, SerializeScoringModel(model));
  EXPECT_EQ(full->get_header_value("ETag"), "\"logreg-a\"");
  EXPECT_EQ(full->get_header_value("Cache-Control"), "public, max-age=300");
  EXPECT_EQ(full->get_header_value("Access-Control-Allow-Origin"), "*");

  httplib::Result compact = client.Get("/v1/model?format=compact");
  ASSERT_TRUE(compact);
  EXPECT_EQ(compact->get_header_value("ETag"), "\"logreg-a.compact\"");
  Result<ScoringModel> parsed = ParseCompactModel(compact->body);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ScoringModel without_extras = model;
  without_extras.metrics = without_extras.training = JsonValue::Object();
  without_extras.trained_at = 0;  // not needed to score, not carried
  EXPECT_EQ(SerializeScoringModel(*parsed), SerializeScoringModel(without_extras));

  // Revalidation: a matching tag (in a list, weak or strong) is 304 without a body.
  for (const char* tag : {"\"logreg-a\"", "W/\"logreg-a\"", "\"other\", \"logreg-a\"", "*"}) {
    httplib::Result again = client.Get("/v1/model", {{"If-None-Match", tag}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304) << tag;
    EXPECT_TRUE(again->body.empty());
    EXPECT_EQ(again->get_header_value("ETag"), "\"logreg-a\"");
  }
  httplib::Result stale = client.Get("/v1/model?format=compact", {{"If-None-Match", "\"logreg-a\""}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 200);  // the compact form is another representation
  StoreCurrentModel(*conn_, SmallModel("logreg-b", 1.5), "{}");
  httplib::Result replaced = client.Get("/v1/model", {{"If-None-Match", "\"logreg-a\""}});
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->status, 200);
  EXPECT_EQ(replaced->get_header_value("ETag"), "\"logreg-b\"");
  httplib::Result bad = client.Get("/v1/model?format=xml");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);

  server.stop();
  serving.join();
}

INSTANTIATE_TEST_SUITE_P(Databases, LeadScoringStoreTest, ::testing::ValuesIn(testing::kDatabaseKinds));

}  // namespace
}  // namespace insightos::scoring
