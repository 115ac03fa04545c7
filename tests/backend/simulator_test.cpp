// The simulator's output: reproducible, valid Segment events in per-person time order, with
// identity stitching at sign-up, UTM on landing pages only, and truth that matches the events
// and the documented conversion model.
#include "backend/simulator/simulator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "backend/simulator/ndjson_event_sink.h"
#include "backend/simulator/person_journey.h"
#include "backend/simulator/planted_value.h"
#include "backend/simulator/truth_csv_sink.h"
#include "insightos/ndjson_event.h"
#include "insightos/uuid.h"
#include "tests/support/temp_path.h"

namespace insightos::simulator {
namespace {

class CollectingSink : public SimulationSink {
 public:
  enum Keep { kTruthOnly, kEvents, kEventsAndText };
  explicit CollectingSink(Keep keep = kEvents) : keep_(keep) {}
  Status Write(const PersonTruth& truth, std::span<const Event> events) override {
    truths.push_back(truth);
    if (keep_ == kTruthOnly) return Status::Ok();
    people.emplace_back(events.begin(), events.end());
    for (const Event& e : events) {
      if (keep_ == kEventsAndText) text += ToJson(EventToJson(e)) + "\n";
    }
    return Status::Ok();
  }
  Status Close() override {
    closed = true;
    return Status::Ok();
  }
  std::vector<PersonTruth> truths;
  std::vector<std::vector<Event>> people;
  std::string text;  // the NDJSON bytes, when asked for
  bool closed = false;

 private:
  Keep keep_;
};

SimulationConfig Config(std::uint64_t users, std::uint64_t seed = 7) {
  SimulationConfig config = DefaultSimulationConfig();
  config.users = users;
  config.seed = seed;
  return config;
}

CollectingSink Simulate(const SimulationConfig& config, CollectingSink::Keep keep = CollectingSink::kEvents) {
  CollectingSink sink(keep);
  SimulationSink* sinks[] = {&sink};
  Result<SimulationSummary> summary = RunSimulation(config, sinks);
  EXPECT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_TRUE(sink.closed);
  return sink;
}

TEST(Simulator, SameSeedGivesTheSameBytesAndAnotherSeedDoesNot) {
  const std::string first = Simulate(Config(200), CollectingSink::kEventsAndText).text;
  EXPECT_GT(first.size(), 10000u);
  EXPECT_EQ(first, Simulate(Config(200), CollectingSink::kEventsAndText).text);
  EXPECT_NE(first, Simulate(Config(200, 8), CollectingSink::kEventsAndText).text);
}

TEST(Simulator, APersonDependsOnlyOnSeedAndIndex) {
  CollectingSink small = Simulate(Config(15));
  CollectingSink large = Simulate(Config(60));
  ASSERT_EQ(small.people.size(), 15u);
  for (std::size_t i = 0; i < small.people.size(); ++i) {
    ASSERT_EQ(small.people[i].size(), large.people[i].size()) << i;
    for (std::size_t j = 0; j < small.people[i].size(); ++j) {
      EXPECT_EQ(small.people[i][j].message_id, large.people[i][j].message_id);
    }
  }
}

TEST(Simulator, EveryEventIsAValidSegmentEventThatReadsBackTheSame) {
  CollectingSink sink = Simulate(Config(400));
  std::set<std::string> ids;
  std::size_t count = 0;
  for (const auto& person : sink.people) {
    for (const Event& e : person) {
      Event back;
      Status parsed = ParseNdjsonEventLine(ToJson(EventToJson(e)), &back);
      ASSERT_TRUE(parsed.ok()) << parsed.message();
      EXPECT_EQ(back.type, e.type);
      EXPECT_EQ(back.message_id, e.message_id);
      EXPECT_EQ(back.anonymous_id, e.anonymous_id);
      EXPECT_EQ(back.user_id, e.user_id);
      EXPECT_EQ(back.name, e.name);
      EXPECT_EQ(back.timestamp, e.timestamp);
      EXPECT_EQ(back.received_at, e.received_at);
      // What the factory derived in memory is what the parser derives from the JSON.
      EXPECT_EQ(back.campaign, e.campaign);
      EXPECT_EQ(back.page_path, e.page_path);
      EXPECT_EQ(back.page_url, e.page_url);
      EXPECT_EQ(back.referrer, e.referrer);
      EXPECT_EQ(back.user_agent, e.user_agent);
      EXPECT_TRUE(IsUuidV7(e.message_id)) << e.message_id;
      EXPECT_EQ(UuidV7Timestamp(e.message_id), e.timestamp);
      ids.insert(e.message_id);
      ++count;
    }
  }
  EXPECT_EQ(ids.size(), count);
  EXPECT_GT(count, 800u);
}

TEST(Simulator, JourneysAreOrderedStitchedAtSignUpAndEndAtNow) {
  const SimulationConfig config = Config(600);
  CollectingSink sink = Simulate(config);
  const TimestampMs start = config.now - static_cast<TimestampMs>(config.period_days * kMillisPerDay);
  int signed_up = 0;
  for (std::size_t i = 0; i < sink.people.size(); ++i) {
    const std::vector<Event>& events = sink.people[i];
    const PersonTruth& truth = sink.truths[i];
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events[0].type, EventType::kPage);
    EXPECT_GE(events[0].timestamp, start);
    bool identified = false;
    for (std::size_t j = 0; j < events.size(); ++j) {
      const Event& e = events[j];
      EXPECT_LE(e.timestamp, config.now);
      if (j > 0) {
        EXPECT_GE(e.timestamp, events[j - 1].timestamp);
      }
      EXPECT_EQ(e.anonymous_id, truth.anonymous_id);
      // UTM parameters only on the landing page of a paid campaign.
      const bool landing = j == 0 && !truth.is_bot && truth.campaign != "organic";
      EXPECT_EQ(!e.campaign.empty(), landing) << i << "/" << j;
      EXPECT_EQ(e.page_url.find("utm_") != std::string::npos, landing) << e.page_url;
      if (landing) {
        EXPECT_EQ(e.campaign.name, truth.campaign);
      }
      if (e.type == EventType::kIdentify) {
        identified = true;
        EXPECT_EQ(e.user_id, UserIdFor(config.seed, truth.index));
        ASSERT_NE(e.traits.Find("email"), nullptr);
        EXPECT_NE(e.traits.Find("email")->as_string().find('@'), std::string::npos);
        EXPECT_NE(e.traits.Find("company_size"), nullptr);
        ASSERT_LT(j + 1, events.size());
        EXPECT_EQ(events[j + 1].name, "user_created");
      }
      EXPECT_EQ(!e.user_id.empty(), identified) << "a user id before the identify call, or none after";
    }
    signed_up += truth.signed_up;
    EXPECT_EQ(truth.signed_up, identified);
  }
  EXPECT_GT(signed_up, 30);
}

TEST(Simulator, MostVisitorsBounceAndCrawlersAreFlagged) {
  SimulationConfig config = Config(3000);
  config.bot_share = 0.05;
  CollectingSink sink = Simulate(config);
  int visitors = 0, leads = 0, bots = 0;
  for (std::size_t i = 0; i < sink.truths.size(); ++i) {
    const PersonTruth& t = sink.truths[i];
    for (const Event& e : sink.people[i]) EXPECT_EQ(IsBotUserAgent(e.user_agent), t.is_bot);
    if (t.is_bot) {
      ++bots;
      EXPECT_FALSE(t.signed_up);
      continue;
    }
    ++visitors;
    leads += t.signed_up;
  }
  EXPECT_NEAR(bots, 150, 45);
  EXPECT_LT(leads, visitors / 2);  // a bounce majority
  EXPECT_GT(leads, visitors / 20);
}

// The recorded probability is the documented logistic of the person's behaviour and traits,
// recomputed here from the truth columns; and conversions follow it.
TEST(Simulator, ConversionFollowsTheDocumentedLogisticModel) {
  SimulationConfig config = Config(25000, 3);
  CollectingSink sink = Simulate(config, CollectingSink::kTruthOnly);
  const ConversionModel& m = config.conversion;
  double expected = 0, variance = 0;
  int converted = 0, checked = 0;
  for (const PersonTruth& t : sink.truths) {
    // Older arrivals only: for them nothing of the journey is cut off by `now`.
    if (!t.signed_up || t.arrived_at > config.now - 45 * kMillisPerDay) continue;
    double offset = 0;
    for (const CampaignProfile& c : config.campaigns) {
      if (c.name == t.campaign) offset = c.conversion_offset;
    }
    const double linear = m.intercept + offset + m.verified * t.verified + m.has_project * (t.projects > 0) +
                          m.invited_teammate * (t.invites > 0) + m.pricing_views * std::min(t.pricing_views, 3) +
                          m.corporate_email * t.traits.corporate_email +
                          m.company_size_step * t.traits.size_bucket + m.role.at(t.traits.role);
    ASSERT_NEAR(t.conversion_probability, 1 / (1 + std::exp(-linear)), 1e-12) << t.index;
    expected += t.conversion_probability;
    variance += t.conversion_probability * (1 - t.conversion_probability);
    converted += t.converted;
    ++checked;
  }
  ASSERT_GT(checked, 2000);
  EXPECT_NEAR(converted, expected, 4 * std::sqrt(variance));
}

TEST(Simulator, TruthAgreesWithTheEvents) {
  const SimulationConfig config = Config(3000);
  CollectingSink sink = Simulate(config);
  const TimestampMs horizon = ValueHorizonMs(config);
  int customers = 0;
  for (std::size_t i = 0; i < sink.truths.size(); ++i) {
    const PersonTruth& t = sink.truths[i];
    int orders = 0;
    double revenue = 0, horizon_revenue = 0;
    std::optional<TimestampMs> subscribed;
    for (const Event& e : sink.people[i]) {
      if (e.name == "subscription_started") subscribed = e.timestamp;
      if (e.name == "order_completed") {
        ASSERT_TRUE(subscribed.has_value()) << "an order before the subscription";
        ++orders;
        revenue += e.properties.Find("revenue")->as_number();
        if (e.timestamp <= *subscribed + horizon) horizon_revenue += e.properties.Find("revenue")->as_number();
      }
    }
    EXPECT_EQ(t.converted, subscribed.has_value());
    EXPECT_EQ(t.orders, orders);
    EXPECT_NEAR(t.revenue, revenue, 1e-6);
    EXPECT_NEAR(t.horizon_revenue, horizon_revenue, 1e-6);
    if (t.converted) {
      ++customers;
      EXPECT_GE(orders, 1);  // the first purchase comes with the subscription
      EXPECT_EQ(t.horizon_complete, *subscribed + horizon <= config.now);
      EXPECT_GT(t.purchase_rate_per_day, 0);
    }
  }
  EXPECT_GT(customers, 20);
}

TEST(Simulator, WritesEventFileAndTruthCsv) {
  const std::filesystem::path dir = testing::UniqueTempPath("simulator-test");
  std::filesystem::create_directories(dir);
  const std::string events_path = (dir / "events.ndjson").string();
  const std::string truth_path = (dir / "truth.csv").string();
  auto events = NdjsonEventSink::Open(events_path);
  auto truth = TruthCsvSink::Open(truth_path);
  ASSERT_TRUE(events.ok() && truth.ok());
  SimulationSink* sinks[] = {events->get(), truth->get()};
  Result<SimulationSummary> summary = RunSimulation(Config(250), sinks);
  ASSERT_TRUE(summary.ok());

  std::ifstream event_file(events_path);
  std::string line;
  std::uint64_t lines = 0;
  Event e;
  while (std::getline(event_file, line)) {
    ASSERT_TRUE(ParseNdjsonEventLine(line, &e).ok()) << line;
    ++lines;
  }
  EXPECT_EQ(lines, summary->events);

  std::ifstream truth_file(truth_path);
  std::getline(truth_file, line);
  const auto columns = std::count(line.begin(), line.end(), ',');
  std::uint64_t rows = 0;
  while (std::getline(truth_file, line)) {
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), columns) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 250u);
  std::filesystem::remove_all(dir);

  Result<std::unique_ptr<NdjsonEventSink>> bad = NdjsonEventSink::Open("/nonexistent-dir/x.ndjson");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("/nonexistent-dir/x.ndjson"), std::string::npos);
}

class FailingSink : public SimulationSink {
 public:
  Status Write(const PersonTruth& truth, std::span<const Event>) override {
    return truth.index == 3 ? Status::Internal("disk full") : Status::Ok();
  }
  Status Close() override {
    closed = true;
    return Status::Ok();
  }
  bool closed = false;
};

TEST(Simulator, ASinkErrorStopsTheRunAndEverySinkIsClosed) {
  FailingSink failing;
  CollectingSink collecting;
  SimulationSink* sinks[] = {&failing, &collecting};
  Result<SimulationSummary> summary = RunSimulation(Config(100), sinks);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().message(), "disk full");
  EXPECT_TRUE(failing.closed);
  EXPECT_TRUE(collecting.closed);
  EXPECT_EQ(collecting.people.size(), 3u);
}

TEST(SimulationConfig, ValidationNamesTheField) {
  SimulationConfig config = DefaultSimulationConfig();
  EXPECT_TRUE(ValidateSimulationConfig(config).ok());
  config.campaigns[2].purchases.a = 0.8;
  Status status = ValidateSimulationConfig(config);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("campaigns[2].purchases.a"), std::string::npos) << status.message();
  config = DefaultSimulationConfig();
  config.stages.activate = 1.0;
  EXPECT_NE(ValidateSimulationConfig(config).message().find("stages.activate"), std::string::npos);
  config = DefaultSimulationConfig();
  config.valued_campaign = "tv_ads";
  EXPECT_NE(ValidateSimulationConfig(config).message().find("'tv_ads'"), std::string::npos);
}

}  // namespace
}  // namespace insightos::simulator
