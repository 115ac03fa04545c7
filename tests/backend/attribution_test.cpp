// Attribution in the database (backend/analytics/attribution.h) against the in-memory rule
// (EventDigest) and the simulator's ground truth, on both databases: events arriving out of
// order, an earlier link arriving late, ties, bots, concurrent runs, legacy identities.
#include "backend/analytics/attribution.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <thread>

#include "backend/analytics/attribution_job.h"
#include "backend/jobs/job_runner.h"
#include "backend/storage/event_store.h"
#include "insightos/analytics/event_digest.h"
#include "tests/backend/simulated_events.h"
#include "tests/backend/test_databases.h"

namespace insightos::analytics {
namespace {

using storage::EventRow;

constexpr TimestampMs kT0 = 1717200000000;  // 2024-06-01T00:00:00Z

EventRow Row(const std::string& id, EventType type, const std::string& anon, const std::string& user, TimestampMs ts,
             const std::string& campaign = "", const std::string& referrer = "") {
  EventRow row;
  row.source = "test";
  row.message_id = id;
  row.type = type;
  row.event = type == EventType::kTrack ? "clicked" : "";
  row.anonymous_id = anon;
  row.user_id = user;
  row.ts = ts;
  row.received_at = ts;
  row.campaign.name = campaign;
  if (!campaign.empty()) row.campaign.source = "src-" + campaign;
  row.referrer = referrer;
  if (type == EventType::kIdentify) row.traits_json = "{}";
  return row;
}

struct UserTouch {
  std::optional<std::string> campaign;
  std::optional<std::int64_t> ts;
  std::optional<std::string> anonymous_id;
  std::optional<std::string> source;
  std::optional<std::string> referrer;
};

class Attribution : public testing::MigratedDatabaseTest {
 protected:
  void Write(std::vector<EventRow> rows) {
    storage::IngestBatch batch;
    batch.events = std::move(rows);
    store_->Write(batch);
  }
  AttributionSummary Refresh(bool full = false) { return RefreshAttribution(*conn_, {full}); }
  UserTouch Touch(const std::string& user) {
    UserTouch t;
    conn_->Query("SELECT first_utm_campaign, first_touch_ts, first_touch_anonymous_id, first_utm_source, first_referrer "
                 "FROM users WHERE id = $1",
                 {user}, [&](const storage::SqlRow& r) {
                   if (!r.IsNull(0)) t.campaign = r.GetText(0);
                   t.ts = r.GetOptionalInt(1);
                   if (!r.IsNull(2)) t.anonymous_id = r.GetText(2);
                   if (!r.IsNull(3)) t.source = r.GetText(3);
                   if (!r.IsNull(4)) t.referrer = r.GetText(4);
                 });
    return t;
  }
  std::optional<std::string> Owner(const std::string& anonymous_id) {
    return conn_->QueryText("SELECT user_id FROM identities WHERE anonymous_id = $1", {anonymous_id});
  }
  // users.id -> first_utm_campaign (NULL as "")
  std::map<std::string, std::string> StoredCampaigns() {
    std::map<std::string, std::string> out;
    conn_->Query("SELECT id, first_utm_campaign FROM users", {},
                 [&](const storage::SqlRow& r) { out[r.GetText(0)] = r.GetText(1); });
    return out;
  }
  // The in-memory rule on the same events, as the same map.
  static std::map<std::string, std::string> InMemoryCampaigns(const std::vector<Event>& events, EventDigest* digest) {
    for (const Event& e : events) digest->Add(e);
    digest->Finish();
    std::map<std::string, std::string> out;
    for (std::uint32_t p = 0; p < digest->persons().size(); ++p) {
      if (digest->identities().PersonIsUser(p)) {
        out[digest->identities().PersonLabel(p)] = digest->campaign_name(digest->persons()[p].campaign);
      }
    }
    return out;
  }

};

TEST_P(Attribution, MatchesTheInMemoryRuleOnSimulatedEventsArrivingOutOfOrder) {
  testing::SimulatedData data = testing::Simulate(2500, 17);
  std::vector<Event> shuffled = data.events;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(5));
  const std::size_t half = shuffled.size() / 2;
  testing::StoreShuffled(db_->url(), {shuffled.begin(), shuffled.begin() + static_cast<std::ptrdiff_t>(half)}, 1);
  const AttributionSummary first = Refresh();
  EXPECT_TRUE(first.full);  // the first run on a database recomputes everyone
  testing::StoreShuffled(db_->url(), {shuffled.begin() + static_cast<std::ptrdiff_t>(half), shuffled.end()}, 2);
  const AttributionSummary second = Refresh();
  EXPECT_FALSE(second.full);
  EXPECT_EQ(second.from_event_id, first.to_event_id);
  EXPECT_GT(second.users_recomputed, 0);

  EventDigest digest(EventDigestOptions{});
  const std::map<std::string, std::string> expected = InMemoryCampaigns(data.events, &digest);
  const std::map<std::string, std::string> stored = StoredCampaigns();
  EXPECT_GT(stored.size(), 300u);
  EXPECT_EQ(stored, expected);
  // The independent reference: the campaign each person was drawn from.
  std::size_t leads = 0;
  for (const simulator::PersonTruth& t : data.truths) {
    if (t.user_id.empty()) continue;
    ++leads;
    EXPECT_EQ(stored.at(t.user_id), t.campaign) << t.user_id;
  }
  EXPECT_EQ(leads, stored.size());

  // identities follows the same rule: every stored link is the in-memory one, and no
  // linked anonymous id is missing.
  std::int64_t links = 0;
  conn_->Query("SELECT anonymous_id, user_id FROM identities", {}, [&](const storage::SqlRow& r) {
    ++links;
    const std::optional<std::uint32_t> p = digest.identities().FindAnonymous(r.GetText(0));
    ASSERT_TRUE(p.has_value()) << r.GetText(0);
    EXPECT_EQ(digest.identities().PersonLabel(*p), r.GetText(1));
  });
  std::set<std::string> linked;
  for (const Event& e : data.events) {
    const std::optional<std::uint32_t> p = digest.identities().FindAnonymous(e.anonymous_id);
    if (p && digest.identities().PersonIsUser(*p)) linked.insert(e.anonymous_id);
  }
  EXPECT_EQ(static_cast<std::size_t>(links), linked.size());

  // Nothing new: the cheap path. A full recompute then finds nothing to change.
  const AttributionSummary idle = Refresh();
  EXPECT_EQ(idle.users_recomputed, 0);
  EXPECT_EQ(idle.from_event_id, second.to_event_id);
  const AttributionSummary full = Refresh(/*full=*/true);
  EXPECT_TRUE(full.full);
  EXPECT_EQ(full.users_recomputed, static_cast<std::int64_t>(stored.size()));
  EXPECT_EQ(full.users_changed, 0);
  EXPECT_EQ(full.identities_repaired, 0);
}

TEST_P(Attribution, AnEarlierLinkArrivingLateMovesTheAnonymousHistory) {
  // A shared laptop: the visitor landed from a campaign, then bob signed in (arrives first),
  // but alice had signed in on it before bob (arrives later).
  Write({Row("land", EventType::kPage, "laptop", "", kT0, "google_brand", "https://google.com/"),
         Row("bob-in", EventType::kIdentify, "laptop", "bob", kT0 + 2000),
         Row("bob-own", EventType::kPage, "", "bob", kT0 + 3000, "email_newsletter")});
  Refresh();
  EXPECT_EQ(Owner("laptop"), "bob");
  EXPECT_EQ(Touch("bob").campaign, "google_brand");
  EXPECT_EQ(Touch("bob").anonymous_id, "laptop");

  Write({Row("alice-in", EventType::kIdentify, "laptop", "alice", kT0 + 1000)});
  const AttributionSummary s = Refresh();
  EXPECT_FALSE(s.full);
  EXPECT_EQ(Owner("laptop"), "alice");
  const UserTouch alice = Touch("alice");
  EXPECT_EQ(alice.campaign, "google_brand");
  EXPECT_EQ(alice.ts, kT0);
  EXPECT_EQ(alice.referrer, "https://google.com/");
  // bob lost the landing page: his first touch is now his own campaign visit.
  const UserTouch bob = Touch("bob");
  EXPECT_EQ(bob.campaign, "email_newsletter");
  EXPECT_EQ(bob.ts, kT0 + 3000);
  EXPECT_EQ(s.users_changed, 2);

  // Ties at the same millisecond go to the smallest user id, whatever arrives first; alias
  // links previousId too.
  Write({Row("z-in", EventType::kIdentify, "tablet", "zed", kT0 + 5000),
         Row("tab", EventType::kPage, "tablet", "", kT0 + 4000, "linkedin_b2b")});
  Write({Row("a-in", EventType::kIdentify, "tablet", "amy", kT0 + 5000)});
  EventRow alias = Row("al", EventType::kAlias, "", "carol", kT0 + 6000);
  alias.previous_id = "phone";
  Write({alias, Row("ph", EventType::kPage, "phone", "", kT0 + 100, "facebook_pme")});
  Refresh();
  EXPECT_EQ(Owner("tablet"), "amy");
  EXPECT_EQ(Touch("amy").campaign, "linkedin_b2b");
  EXPECT_EQ(Touch("zed").campaign, "organic");  // only their identify is left
  EXPECT_EQ(Owner("phone"), "carol");
  EXPECT_EQ(Touch("carol").campaign, "facebook_pme");
  EXPECT_EQ(conn_->QueryText("SELECT previous_id FROM events WHERE message_id = 'al'"), "phone");
}

TEST_P(Attribution, FirstTouchTiesOrganicFallbackAndBots) {
  Write({
      // Two campaigns at the same millisecond: the smaller name. A later one does not count.
      Row("t1", EventType::kPage, "a1", "", kT0 + 10, "zeta"),
      Row("t2", EventType::kPage, "a1", "", kT0 + 10, "alpha"),
      Row("t3", EventType::kPage, "a1", "", kT0 + 50, "aardvark"),
      Row("t4", EventType::kIdentify, "a1", "tie", kT0 + 60),
      // No campaign anywhere: organic, from the earliest event (its referrer kept).
      Row("o1", EventType::kPage, "a2", "", kT0 + 30, "", "https://duckduckgo.com/"),
      Row("o2", EventType::kIdentify, "a2", "plain", kT0 + 40),
      // A campaign on a later visit than the first (UTM on a return visit) still counts.
      Row("l1", EventType::kPage, "a3", "", kT0, ""),
      Row("l2", EventType::kIdentify, "a3", "late", kT0 + 5),
      Row("l3", EventType::kPage, "", "late", kT0 + 9000, "email_newsletter"),
  });
  // A crawler with a signed-in session: its campaign does not count and it links nothing.
  EventRow bot_page = Row("b1", EventType::kPage, "a4", "", kT0 - 1000, "spam_campaign");
  bot_page.is_bot = true;
  EventRow bot_identify = Row("b2", EventType::kIdentify, "a5", "plain", kT0 - 1000);
  bot_identify.is_bot = true;
  EventRow bot_link = Row("b3", EventType::kIdentify, "a4", "bots", kT0 - 900);
  bot_link.is_bot = true;
  Write({bot_page, bot_identify, bot_link});
  Refresh();

  const UserTouch tie = Touch("tie");
  EXPECT_EQ(tie.campaign, "alpha");
  EXPECT_EQ(tie.source, "src-alpha");
  EXPECT_EQ(tie.ts, kT0 + 10);
  const UserTouch plain = Touch("plain");
  EXPECT_EQ(plain.campaign, "organic");
  EXPECT_EQ(plain.source, std::nullopt);
  EXPECT_EQ(plain.referrer, "https://duckduckgo.com/");
  EXPECT_EQ(plain.ts, kT0 + 30);
  EXPECT_EQ(Touch("late").campaign, "email_newsletter");
  EXPECT_EQ(Owner("a4"), std::nullopt);
  EXPECT_EQ(Owner("a5"), std::nullopt);
  // A user known only from bot events has no first touch at all.
  const UserTouch bots = Touch("bots");
  EXPECT_EQ(bots.campaign, std::nullopt);
  EXPECT_EQ(bots.ts, std::nullopt);
}

TEST_P(Attribution, FullRunRepairsIdentitiesWrittenBeforeTheRule) {
  Write({Row("land", EventType::kPage, "x", "", kT0, "google_brand"), Row("i1", EventType::kIdentify, "x", "ann", kT0 + 1),
         Row("i2", EventType::kIdentify, "x", "ben", kT0 + 2)});
  Refresh();
  EXPECT_EQ(Touch("ann").campaign, "google_brand");
  // What an older collector stored: the first link to arrive, not the earliest.
  conn_->Execute("UPDATE identities SET user_id = 'ben', linked_at = $1 WHERE anonymous_id = 'x'", {kT0 + 2});
  const AttributionSummary s = Refresh(/*full=*/true);
  EXPECT_EQ(s.identities_repaired, 1);
  EXPECT_EQ(Owner("x"), "ann");
  EXPECT_EQ(Touch("ann").campaign, "google_brand");
  EXPECT_EQ(Touch("ben").campaign, "organic");
}

TEST_P(Attribution, ConcurrentRunsAgreeWithASingleRun) {
  testing::SimulatedData data = testing::Simulate(800, 23);
  testing::StoreShuffled(db_->url(), data.events, 3);
  std::vector<std::thread> runs;
  std::atomic<int> failures{0};
  for (int i = 0; i < 3; ++i) {
    runs.emplace_back([&] {
      try {
        auto c = db_->Connect();
        RefreshAttribution(*c);
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (std::thread& t : runs) t.join();
  EXPECT_EQ(failures.load(), 0);
  EventDigest digest(EventDigestOptions{});
  EXPECT_EQ(StoredCampaigns(), InMemoryCampaigns(data.events, &digest));
  EXPECT_EQ(conn_->QueryInt("SELECT last_event_id FROM attribution_progress"),
            conn_->QueryInt("SELECT MAX(id) FROM events"));
}

TEST_P(Attribution, RunsAsTheAttributionJob) {
  Write({Row("land", EventType::kPage, "x", "", kT0, "google_brand"), Row("i1", EventType::kIdentify, "x", "ann", kT0 + 1)});
  jobs::RunResult result = jobs::RunJob(AttributionJob(), db_->url(), jobs::RunOptions{});
  ASSERT_EQ(result.status, "succeeded") << result.error;
  EXPECT_EQ(result.detail["users_recomputed"], 1);
  EXPECT_EQ(result.detail["full"], true);
  EXPECT_EQ(conn_->QueryText("SELECT status FROM job_runs WHERE job = 'attribution'"), "succeeded");
  EXPECT_EQ(Touch("ann").campaign, "google_brand");
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, Attribution, ::testing::ValuesIn(testing::kDatabaseKinds),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace insightos::analytics
