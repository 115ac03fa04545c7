// The simulator's two database-bound outputs on both databases: the bulk load stores exactly
// what the collector would, and the HTTP output delivers every event through a real collector
// on loopback; the stored events read back (DatabaseEventSource) are the generated ones.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "backend/analytics/database_event_source.h"
#include "backend/analytics/funnel_pushdown.h"
#include "backend/server/collector_runtime.h"
#include "backend/simulator/database_event_sink.h"
#include "backend/simulator/http_collector_sink.h"
#include "backend/simulator/planted_value.h"
#include "backend/simulator/simulator.h"
#include "backend/storage/event_store.h"
#include "tests/backend/simulated_events.h"
#include "tests/backend/test_databases.h"

namespace insightos {
namespace {

constexpr char kKey[] = "wk_sim_0123456789";

simulator::SimulationConfig Config(std::uint64_t users, std::uint64_t seed) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = users;
  config.seed = seed;
  EXPECT_TRUE(simulator::PlantValueRatio(&config).ok());
  return config;
}

// What a reader of the events table gets back for each message id.
std::map<std::string, Event> ReadBack(storage::SqlConnection& conn) {
  std::map<std::string, Event> out;
  analytics::DatabaseEventSource source(conn, {/*page_size=*/97, /*load_context=*/true});
  EXPECT_TRUE(source.ForEachEvent([&](const Event& e) {
    out[e.message_id] = e;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(source.events_read(), out.size());
  return out;
}

// The fields the analytics and the scoring read, compared one by one.
void ExpectSameEvent(const Event& stored, const Event& generated) {
  SCOPED_TRACE(generated.message_id);
  EXPECT_EQ(stored.type, generated.type);
  EXPECT_EQ(stored.name, generated.name);
  EXPECT_EQ(stored.user_id, generated.user_id);
  EXPECT_EQ(stored.anonymous_id, generated.anonymous_id);
  EXPECT_EQ(stored.timestamp, generated.timestamp);
  EXPECT_EQ(stored.campaign, generated.campaign);
  EXPECT_EQ(stored.page_path, generated.page_path);
  EXPECT_EQ(stored.page_url, generated.page_url);
  EXPECT_EQ(stored.referrer, generated.referrer);
  EXPECT_EQ(stored.user_agent, generated.user_agent);
  EXPECT_EQ(stored.is_bot, generated.is_bot);
  // PostgreSQL's jsonb orders object keys its own way: compare the JSON, not the text.
  EXPECT_EQ(nlohmann::json::parse(ToJson(stored.properties)), nlohmann::json::parse(ToJson(generated.properties)));
  EXPECT_EQ(nlohmann::json::parse(ToJson(stored.traits)), nlohmann::json::parse(ToJson(generated.traits)));
}

class SimulatorOutputs : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    INSIGHTOS_REQUIRE_DATABASE(GetParam());
    db_->Migrate();
    conn_ = db_->Connect();
  }
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlConnection> conn_;
};

TEST_P(SimulatorOutputs, BulkLoadStoresWhatTheCollectorWouldOnce) {
  const simulator::SimulationConfig config = Config(400, 8);
  simulator::DatabaseSinkOptions options;
  options.database = db_->url();
  options.batch_events = 333;  // several batches, the last one partial
  auto load = [&] {
    auto sink = simulator::DatabaseEventSink::Open(options);
    EXPECT_TRUE(sink.ok()) << sink.status().ToString();
    simulator::SimulationSink* sinks[] = {sink->get()};
    Result<simulator::SimulationSummary> summary = simulator::RunSimulation(config, sinks);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return std::make_pair(summary->events, std::make_pair((*sink)->inserted(), (*sink)->duplicates()));
  };
  const auto [events, first] = load();
  EXPECT_EQ(first.first, static_cast<std::int64_t>(events));
  EXPECT_EQ(first.second, 0);
  const auto [again, second] = load();  // the same run again stores nothing twice
  EXPECT_EQ(second.first, 0);
  EXPECT_EQ(second.second, static_cast<std::int64_t>(again));
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM events"), static_cast<std::int64_t>(events));
  EXPECT_EQ(conn_->QueryText("SELECT DISTINCT source FROM events"), "simulator");

  testing::SimulatedData generated = testing::Simulate(400, 8);
  const std::map<std::string, Event> stored = ReadBack(*conn_);
  ASSERT_EQ(stored.size(), generated.events.size());
  std::size_t bots = 0;
  for (const Event& e : generated.events) {
    auto it = stored.find(e.message_id);
    ASSERT_NE(it, stored.end()) << e.message_id;
    ExpectSameEvent(it->second, e);
    EXPECT_EQ(it->second.sent_at, e.sent_at);
    EXPECT_EQ(it->second.received_at, e.received_at);
    bots += e.is_bot;
  }
  EXPECT_GT(bots, 0u);  // crawlers are flagged as the collector flags them

  // The rows are the collector's: each generated event sent as JSON and parsed as the
  // collector does (received when the simulator says) makes the same row.
  for (std::size_t i = 0; i < generated.events.size(); i += 7) {
    const Event& e = generated.events[i];
    EventEnvelope envelope;
    envelope.received_at = e.received_at;
    Event parsed;
    EventError error;
    ASSERT_TRUE(ParseEvent(EventToJson(e), envelope, &parsed, &error)) << error.field << ": " << error.message;
    const storage::EventRow a = storage::MakeEventRow(e, "simulator");
    const storage::EventRow b = storage::MakeEventRow(parsed, "simulator");
    EXPECT_EQ(std::tie(a.message_id, a.event, a.user_id, a.anonymous_id, a.ts, a.sent_at, a.properties_json, a.traits_json,
                       a.context_json, a.page_path, a.referrer, a.revenue, a.email, a.is_bot),
              std::tie(b.message_id, b.event, b.user_id, b.anonymous_id, b.ts, b.sent_at, b.properties_json, b.traits_json,
                       b.context_json, b.page_path, b.referrer, b.revenue, b.email, b.is_bot));
    EXPECT_EQ(a.campaign, b.campaign);
  }
}

TEST_P(SimulatorOutputs, HttpOutputDeliversEveryEventThroughTheCollector) {
  server::CollectorConfig config;
  config.port = 0;
  config.write_keys = *server::WriteKeyRegistry::Parse(std::string("sim:") + kKey);
  server::CollectorRuntime runtime(db_->url(), config, server::DefaultWriteOptions(db_->url()));
  runtime.Start();

  simulator::HttpCollectorOptions http;
  http.base_url = "http://127.0.0.1:" + std::to_string(runtime.port());
  http.write_key = kKey;
  http.connections = 3;
  http.batch_size = 40;  // many requests, so a person's events cross connections
  auto sink = simulator::HttpCollectorSink::Open(http);
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  simulator::SimulationSink* sinks[] = {sink->get()};
  Result<simulator::SimulationSummary> summary = simulator::RunSimulation(Config(500, 12), sinks);
  runtime.Stop();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const client::SendReport report = (*sink)->report();
  EXPECT_EQ(report.accepted, static_cast<std::int64_t>(summary->events));
  EXPECT_EQ(report.rejected, 0);
  EXPECT_EQ(report.failed, 0);
  EXPECT_GE(report.requests, static_cast<std::int64_t>(summary->events / 40));

  testing::SimulatedData generated = testing::Simulate(500, 12);
  const std::map<std::string, Event> stored = ReadBack(*conn_);
  ASSERT_EQ(stored.size(), generated.events.size());
  for (const Event& e : generated.events) {
    auto it = stored.find(e.message_id);
    ASSERT_NE(it, stored.end()) << e.message_id;
    ExpectSameEvent(it->second, e);  // timestamps kept: history, not clock skew
    EXPECT_EQ(it->second.original_timestamp, std::nullopt);
  }
  EXPECT_EQ(conn_->QueryText("SELECT DISTINCT source FROM events"), "sim");

  // What arrived over HTTP, out of order, gives the funnel of the generated stream.
  analytics::FunnelQuery query;
  query.definition.steps = {"user_created", "user_verified", "project_created", "subscription_started"};
  query.breakdown.source = analytics::BreakdownSource::kCampaign;
  testing::VectorEventSource memory(generated.events);
  Result<analytics::FunnelAnalysis> expected = analytics::AnalyzeFunnel(memory, query);
  Result<analytics::FunnelAnalysis> pushed = analytics::AnalyzeFunnelInDatabase(*conn_, query);
  ASSERT_TRUE(expected.ok() && pushed.ok());
  EXPECT_GT(expected->report.total.steps[0].persons, 50u);
  for (std::size_t k = 0; k < query.definition.steps.size(); ++k) {
    EXPECT_EQ(pushed->report.total.steps[k].persons, expected->report.total.steps[k].persons);
  }
  ASSERT_EQ(pushed->report.breakdowns.size(), expected->report.breakdowns.size());
  for (std::size_t b = 0; b < expected->report.breakdowns.size(); ++b) {
    EXPECT_EQ(pushed->report.breakdowns[b].breakdown, expected->report.breakdowns[b].breakdown);
    EXPECT_EQ(pushed->report.breakdowns[b].steps.back().persons, expected->report.breakdowns[b].steps.back().persons);
  }
}

TEST(HttpCollectorSink, ReportsACollectorThatIsNotThere) {
  simulator::HttpCollectorOptions http;
  http.base_url = "http://127.0.0.1:9";  // discard port: nothing listens
  http.write_key = kKey;
  http.connections = 1;
  http.max_attempts = 2;
  auto sink = simulator::HttpCollectorSink::Open(http);
  ASSERT_TRUE(sink.ok());
  Event e;
  e.message_id = "m";
  e.user_id = "u";
  e.name = "x";
  std::vector<Event> events(http.batch_size, e);
  EXPECT_TRUE((*sink)->Write(simulator::PersonTruth{}, events).ok());
  const Status closed = (*sink)->Close();
  EXPECT_EQ(closed.code(), StatusCode::kUnavailable) << closed.ToString();
  EXPECT_EQ((*sink)->report().failed, static_cast<std::int64_t>(events.size()));
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, SimulatorOutputs, ::testing::ValuesIn(testing::kDatabaseKinds),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace insightos
