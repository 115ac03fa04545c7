// The funnel pushed down to SQL against the in-memory matcher, on both databases: simulated
// events stored out of order (every breakdown), the hand-built edge cases of
// tests/unit/funnel_test.cpp, and random histories.
#include "backend/analytics/funnel_pushdown.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "backend/analytics/database_event_source.h"
#include "backend/storage/event_store.h"
#include "tests/backend/simulated_events.h"
#include "tests/backend/test_databases.h"

namespace insightos::analytics {
namespace {

constexpr TimestampMs kDay = kMillisPerDay;
constexpr TimestampMs kT0 = 1717200000000;  // 2024-06-01T00:00:00Z

const std::vector<std::string> kProductFunnel = {"user_created", "user_verified", "project_created",
                                                 "teammate_invited", "subscription_started"};

// Outcomes in a canonical order, so two engines' lists compare as multisets.
std::vector<std::pair<std::string, std::vector<TimestampMs>>> Canonical(const std::vector<FunnelOutcome>& outcomes) {
  std::vector<std::pair<std::string, std::vector<TimestampMs>>> out;
  for (const FunnelOutcome& o : outcomes) out.emplace_back(o.breakdown, o.step_times);
  std::sort(out.begin(), out.end());
  return out;
}

// The in-memory path on the same events: EventDigest + FunnelMatcher.
std::vector<FunnelOutcome> InMemoryOutcomes(EventSource& source, const FunnelQuery& query) {
  EventDigestOptions options;
  options.funnel_steps = query.definition.steps;
  options.breakdown = query.breakdown;
  options.include_bots = query.include_bots;
  EventDigest digest(options);
  EXPECT_TRUE(source.ForEachEvent([&](const Event& e) {
    digest.Add(e);
    return Status::Ok();
  }).ok());
  digest.Finish();
  FunnelMatcher matcher(query.definition);
  digest.FillFunnel(&matcher);
  return matcher.Match();
}

class FunnelPushdown : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    INSIGHTOS_REQUIRE_DATABASE(GetParam());
    db_->Migrate();
    conn_ = db_->Connect();
  }
  std::vector<FunnelOutcome> PushedDown(const FunnelQuery& query) {
    Result<PushedDownFunnel> r = MatchFunnelInDatabase(*conn_, query);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->outcomes : std::vector<FunnelOutcome>{};
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlConnection> conn_;
};

TEST_P(FunnelPushdown, EqualsInMemoryOnSimulatedEventsForEveryBreakdown) {
  testing::SimulatedData data = testing::Simulate(3000, 41);
  testing::StoreShuffled(db_->url(), data.events, 9);
  DatabaseEventSource stored(*conn_);
  testing::VectorEventSource generated(data.events);

  struct Case {
    std::vector<std::string> steps;
    const char* by;
    TimestampMs window;
    bool include_bots;
  };
  const Case cases[] = {
      {kProductFunnel, "", 14 * kDay, false},
      {kProductFunnel, "campaign", 14 * kDay, false},
      {kProductFunnel, "property.method", 3 * kDay, false},
      {kProductFunnel, "trait.company_size", 14 * kDay, false},
      {{"page:/pricing", "page:/signup", "user_created", "subscription_started"}, "trait.role", 30 * kDay, false},
      {{"page:/pricing"}, "campaign", 1, true},
  };
  for (const Case& c : cases) {
    FunnelQuery query;
    query.definition.steps = c.steps;
    query.definition.window_ms = c.window;
    query.breakdown = *ParseFunnelBreakdown(c.by);
    query.include_bots = c.include_bots;
    const std::vector<FunnelOutcome> sql = PushedDown(query);
    SCOPED_TRACE(std::string(c.by) + " " + c.steps[0]);
    EXPECT_GT(sql.size(), 100u);
    EXPECT_EQ(Canonical(sql), Canonical(InMemoryOutcomes(stored, query)));
    // The stored events are the generated ones: the same answer straight from the simulator.
    EXPECT_EQ(Canonical(sql), Canonical(InMemoryOutcomes(generated, query)));
  }

  // The reports, end to end, are identical too.
  FunnelQuery query;
  query.definition.steps = kProductFunnel;
  query.breakdown.source = BreakdownSource::kCampaign;
  Result<FunnelAnalysis> sql = AnalyzeFunnelInDatabase(*conn_, query);
  Result<FunnelAnalysis> memory = AnalyzeFunnel(stored, query);
  ASSERT_TRUE(sql.ok() && memory.ok());
  ASSERT_EQ(sql->report.breakdowns.size(), memory->report.breakdowns.size());
  for (std::size_t k = 0; k < kProductFunnel.size(); ++k) {
    EXPECT_EQ(sql->report.total.steps[k].persons, memory->report.total.steps[k].persons);
    EXPECT_EQ(sql->report.total.steps[k].median_ms_from_previous, memory->report.total.steps[k].median_ms_from_previous);
  }
  EXPECT_EQ(sql->report.total.worst_step, memory->report.total.worst_step);
  EXPECT_EQ(sql->report.total.median_ms_to_convert, memory->report.total.median_ms_to_convert);
}

// One person's step event, as in tests/unit/funnel_test.cpp; the breakdown travels as the
// event's property "bd".
struct Hit {
  std::string person;
  std::string step;
  TimestampMs at;
  std::string breakdown;
};

class HandBuilt : public FunnelPushdown {
 protected:
  // Stores the hits as track events of users, in the given order.
  void Store(const std::vector<Hit>& hits) {
    storage::IngestBatch batch;
    for (const Hit& h : hits) {
      Event e;
      e.type = EventType::kTrack;
      e.message_id = "m" + std::to_string(next_id_++);
      e.user_id = h.person;
      e.name = h.step;
      e.timestamp = e.received_at = h.at;
      if (!h.breakdown.empty()) e.properties.Set("bd", JsonValue::String(h.breakdown));
      batch.events.push_back(storage::MakeEventRow(e, "test"));
    }
    storage::OpenEventStore(db_->url())->Write(batch);
  }
  // Both engines on the stored hits; the reference is the matcher itself, fed the hits directly.
  void Compare(const std::vector<std::string>& steps, TimestampMs window, const std::vector<Hit>& hits) {
    FunnelQuery query;
    query.definition.steps = steps;
    query.definition.window_ms = window;
    query.breakdown = *ParseFunnelBreakdown("property.bd");
    FunnelMatcher matcher(query.definition);
    for (const Hit& h : hits) matcher.Add(h.person, *query.definition.StepIndex(h.step), h.at, h.breakdown);
    const std::vector<FunnelOutcome> expected = matcher.Match();
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(Canonical(PushedDown(query)), Canonical(expected));
  }
  void ExpectSameOutcomes(const std::vector<std::string>& steps, TimestampMs window, const std::vector<Hit>& hits) {
    Store(hits);
    Compare(steps, window, hits);
  }
  int next_id_ = 0;
};

TEST_P(HandBuilt, EdgeCasesOfTheFunnelSemantics) {
  const std::vector<std::string> abc = {"a", "b", "c"};
  // In order; never entered; partial.
  ExpectSameOutcomes(abc, 7 * kDay, {{"p1", "a", kT0, ""}, {"p1", "b", kT0 + 1, ""}, {"p1", "c", kT0 + 2, ""},
                                     {"p2", "a", kT0, ""}, {"p2", "b", kT0 + 5, ""}, {"p3", "a", kT0, ""},
                                     {"p4", "b", kT0, ""}, {"p4", "c", kT0 + 1, ""}});
}

TEST_P(HandBuilt, LaterStepsFollowTheMatchedPreviousStep) {
  ExpectSameOutcomes({"a", "b", "c"}, 7 * kDay,
                     {{"q1", "a", kT0, ""}, {"q1", "c", kT0 + 1, ""}, {"q1", "b", kT0 + 2, ""},   // c before b
                      {"q2", "b", kT0, ""}, {"q2", "a", kT0 + 1, ""},                             // b before a
                      {"q3", "a", kT0, ""}, {"q3", "b", kT0 + 1, ""}, {"q3", "c", kT0 + 3, ""},
                      {"q3", "b", kT0 + 5, ""},                                                   // earliest b
                      {"q4", "c", kT0, ""}, {"q4", "b", kT0, ""}, {"q4", "a", kT0, ""}});         // same millisecond
}

TEST_P(HandBuilt, WindowIsInclusiveAndMeasuredFromStepOne) {
  ExpectSameOutcomes({"a", "b", "c"}, 7 * kDay,
                     {{"w1", "a", kT0, ""}, {"w1", "b", kT0 + 7 * kDay, ""},
                      {"w2", "a", kT0, ""}, {"w2", "b", kT0 + 7 * kDay + 1, ""},
                      {"w3", "a", kT0, ""}, {"w3", "b", kT0 + 4 * kDay, ""}, {"w3", "c", kT0 + 8 * kDay, ""}});
}

TEST_P(HandBuilt, RepeatedStepOneAndBreakdownTies) {
  ExpectSameOutcomes({"a", "b", "c"}, 7 * kDay,
                     {{"r1", "a", kT0, "x"}, {"r1", "a", kT0 + 10 * kDay, "y"}, {"r1", "b", kT0 + 11 * kDay, "z"},
                      {"r2", "a", kT0, "x"}, {"r2", "a", kT0 + kDay, "y"}, {"r2", "b", kT0 + 2 * kDay, ""},
                      {"r3", "a", kT0, ""}, {"r3", "b", kT0 + 1, ""}, {"r3", "b", kT0 + 2, ""},
                      {"r3", "a", kT0 + 3, ""}, {"r3", "b", kT0 + 4, ""},
                      // Two step-1 events at the same time: the smaller value, whatever the order.
                      {"r4", "a", kT0, "m"}, {"r4", "a", kT0, "b"}, {"r4", "a", kT0, "k"}});
}

TEST_P(HandBuilt, AgreesOnRandomHistories) {
  std::mt19937 rng(20240601);
  const std::vector<std::string> names = {"a", "b", "c", "d"};
  std::vector<Hit> hits;
  for (int person = 0; person < 400; ++person) {
    const int count = 1 + static_cast<int>(rng() % 9);
    for (int i = 0; i < count; ++i) {
      hits.push_back({"p" + std::to_string(person), names[rng() % names.size()],
                      kT0 + static_cast<TimestampMs>(rng() % 15), std::string(1, static_cast<char>('x' + rng() % 3))});
    }
  }
  std::shuffle(hits.begin(), hits.end(), rng);
  Store(hits);
  for (TimestampMs window : {1, 5, 12}) {
    SCOPED_TRACE(window);
    Compare(names, window, hits);
  }
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, FunnelPushdown, ::testing::ValuesIn(testing::kDatabaseKinds),
                         [](const auto& param_info) { return std::string(param_info.param); });
INSTANTIATE_TEST_SUITE_P(BothDatabases, HandBuilt, ::testing::ValuesIn(testing::kDatabaseKinds),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace insightos::analytics
