// Identity stitching, first-touch attribution and the per-person facts behind the funnel and
// campaign reports, on hand-built event histories.
#include "insightos/analytics/event_digest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "insightos/analytics/campaign_inputs.h"
#include "insightos/analytics/campaign_report.h"

namespace insightos::analytics {
namespace {

constexpr TimestampMs kT0 = 1717200000000;  // 2024-06-01T00:00:00Z
constexpr TimestampMs kDay = kMillisPerDay;

Event Track(std::string anon, std::string user, std::string name, TimestampMs at) {
  Event e;
  e.type = EventType::kTrack;
  e.anonymous_id = std::move(anon);
  e.user_id = std::move(user);
  e.name = std::move(name);
  e.timestamp = at;
  return e;
}

Event Page(std::string anon, std::string path, TimestampMs at, std::string campaign = "") {
  Event e;
  e.type = EventType::kPage;
  e.anonymous_id = std::move(anon);
  e.page_path = std::move(path);
  e.campaign.name = std::move(campaign);
  e.timestamp = at;
  return e;
}

Event Identify(std::string anon, std::string user, TimestampMs at, std::string size = "") {
  Event e;
  e.type = EventType::kIdentify;
  e.anonymous_id = std::move(anon);
  e.user_id = std::move(user);
  e.timestamp = at;
  if (!size.empty()) e.traits.Set("company_size", JsonValue::String(size));
  return e;
}

Event Order(std::string user, TimestampMs at, double revenue) {
  Event e = Track("", std::move(user), "order_completed", at);
  e.properties.Set("revenue", JsonValue::Number(revenue));
  return e;
}

std::vector<std::uint64_t> FunnelCounts(const std::vector<Event>& events, std::vector<std::string> steps,
                                        std::string breakdown = "", std::string* first_breakdown = nullptr) {
  EventDigestOptions options;
  options.funnel_steps = steps;
  options.breakdown = *ParseFunnelBreakdown(breakdown);
  EventDigest digest(options);
  for (const Event& e : events) digest.Add(e);
  digest.Finish();
  FunnelDefinition d;
  d.steps = steps;
  d.window_ms = 14 * kDay;
  FunnelMatcher matcher(d);
  digest.FillFunnel(&matcher);
  std::vector<FunnelOutcome> outcomes = matcher.Match();
  Result<FunnelReport> r = SummarizeFunnel(d, outcomes);
  EXPECT_TRUE(r.ok());
  if (first_breakdown != nullptr && !r->breakdowns.empty()) *first_breakdown = r->breakdowns[0].breakdown;
  std::vector<std::uint64_t> counts;
  for (const FunnelStepStats& s : r->total.steps) counts.push_back(s.persons);
  return counts;
}

// An anonymous visitor sees the pricing page, signs up (identify links the ids), and later
// events carry only the user id: the pre-sign-up page view counts for the user.
std::vector<Event> StitchedHistory() {
  return {Page("anon-1", "/", kT0, "google_gestao_agil"), Page("anon-1", "/pricing", kT0 + 60000),
          Identify("anon-1", "u1", kT0 + 120000, "11-50"), Track("", "u1", "user_created", kT0 + 120001),
          Track("", "u1", "subscription_started", kT0 + 3 * kDay)};
}

TEST(EventDigest, IdentityStitchedBeforeSignUpCountsForTheUser) {
  std::vector<Event> events = StitchedHistory();
  EXPECT_EQ(FunnelCounts(events, {"page:/pricing", "user_created", "subscription_started"}),
            (std::vector<std::uint64_t>{1, 1, 1}));
  // The identify may be read last (files are not sorted): the answer is the same.
  std::reverse(events.begin(), events.end());
  EXPECT_EQ(FunnelCounts(events, {"page:/pricing", "user_created", "subscription_started"}),
            (std::vector<std::uint64_t>{1, 1, 1}));
  // Without the identify, the anonymous visitor and the user are two people.
  std::vector<Event> unlinked = StitchedHistory();
  unlinked.erase(unlinked.begin() + 2);
  EXPECT_EQ(FunnelCounts(unlinked, {"page:/pricing", "user_created"}), (std::vector<std::uint64_t>{1, 0}));
}

TEST(EventDigest, AliasAndTrackCallsWithBothIdsAlsoLink) {
  Event alias;
  alias.type = EventType::kAlias;
  alias.previous_id = "anon-2";
  alias.user_id = "u2";
  alias.timestamp = kT0 + 10;
  std::vector<Event> events = {Page("anon-2", "/pricing", kT0), alias, Track("", "u2", "user_created", kT0 + 20),
                               Page("anon-3", "/pricing", kT0), Track("anon-3", "u3", "user_created", kT0 + 20)};
  EXPECT_EQ(FunnelCounts(events, {"page:/pricing", "user_created"}), (std::vector<std::uint64_t>{2, 2}));
}

TEST(EventDigest, AnAnonymousIdBelongsToItsEarliestLink) {
  EventDigest digest({});
  // Linked to u-late at a later time, read first; u-early wins by timestamp.
  digest.Add(Identify("anon", "u-late", kT0 + 100));
  digest.Add(Identify("anon", "u-early", kT0 + 50));
  digest.Add(Page("anon", "/", kT0, "facebook_pme"));
  digest.Finish();
  const IdentityTable& ids = digest.identities();
  ASSERT_EQ(ids.person_count(), 2u);  // the two users; the anonymous id is not a person of its own
  for (std::uint32_t p = 0; p < 2; ++p) {
    const std::string expected = ids.PersonLabel(p) == "u-early" ? "facebook_pme" : "organic";
    EXPECT_EQ(digest.campaign_name(digest.persons()[p].campaign), expected) << ids.PersonLabel(p);
  }
}

TEST(EventDigest, FirstTouchIsTheEarliestCampaignOfThePerson) {
  EventDigest digest({});
  digest.Add(Page("a1", "/", kT0 + 5 * kDay, "email_newsletter"));  // a later, retargeting visit
  digest.Add(Page("a1", "/", kT0, "linkedin_b2b"));
  digest.Add(Identify("a1", "u1", kT0 + 6 * kDay));
  digest.Add(Page("a2", "/", kT0, "zeta"));  // same time, two campaigns: the smaller name
  digest.Add(Page("a2", "/", kT0, "alpha"));
  digest.Add(Page("a3", "/blog", kT0));      // no campaign at all
  digest.Finish();
  std::map<std::string, std::string> campaign_of;
  for (std::uint32_t p = 0; p < digest.persons().size(); ++p) {
    campaign_of[digest.identities().PersonLabel(p)] = digest.campaign_name(digest.persons()[p].campaign);
  }
  EXPECT_EQ(campaign_of, (std::map<std::string, std::string>{{"u1", "linkedin_b2b"}, {"a2", "alpha"}, {"a3", "organic"}}));
}

TEST(EventDigest, BreakdownsByCampaignTraitAndProperty) {
  std::string first;
  FunnelCounts(StitchedHistory(), {"page:/pricing", "user_created"}, "campaign", &first);
  EXPECT_EQ(first, "google_gestao_agil");
  FunnelCounts(StitchedHistory(), {"page:/pricing", "user_created"}, "trait.company_size", &first);
  EXPECT_EQ(first, "11-50");
  std::vector<Event> events = StitchedHistory();
  events[3].properties.Set("method", JsonValue::String("google"));
  FunnelCounts(events, {"user_created", "subscription_started"}, "property.method", &first);
  EXPECT_EQ(first, "google");
  EXPECT_FALSE(ParseFunnelBreakdown("country").ok());
  EXPECT_FALSE(ParseFunnelBreakdown("trait.").ok());
}

TEST(EventDigest, BotsAreSkipped) {
  EventDigest digest({});
  Event bot = Page("crawler", "/", kT0, "google_brand");
  bot.is_bot = true;
  digest.Add(bot);
  digest.Add(Page("human", "/", kT0, "google_brand"));
  digest.Finish();
  EXPECT_EQ(digest.bot_events_skipped(), 1u);
  EXPECT_EQ(digest.persons().size(), 1u);
}

TEST(EventDigest, BotEventsNeverLinkEvenWhenCounted) {
  // A crawler replaying u1's session on anon-1 at the earliest time; with bots included its
  // events count, but its link does not move anon-1's history to u1.
  for (bool include_bots : {false, true}) {
    EventDigestOptions options;
    options.include_bots = include_bots;
    EventDigest digest(options);
    Event replay = Identify("anon-1", "u1", kT0);
    replay.is_bot = true;
    digest.Add(replay);
    digest.Add(Page("anon-1", "/", kT0 + 1, "google_brand"));
    digest.Add(Identify("anon-1", "u2", kT0 + 2));
    digest.Finish();
    const IdentityTable& ids = digest.identities();
    ASSERT_TRUE(ids.FindAnonymous("anon-1").has_value());
    EXPECT_EQ(ids.PersonLabel(*ids.FindAnonymous("anon-1")), "u2");
    EXPECT_EQ(ids.FindUser("u1").has_value(), include_bots);
    EXPECT_EQ(digest.campaign_name(digest.persons()[*ids.FindUser("u2")].campaign), "google_brand");
    EXPECT_FALSE(ids.FindAnonymous("never-seen").has_value());
  }
}

TEST(CampaignInputs, MeanLeadScoreCountsEachScoredUserForTheirCampaign) {
  EventDigest digest({});
  digest.Add(Page("a1", "/", kT0, "google_brand"));
  digest.Add(Identify("a1", "u1", kT0 + 1));
  digest.Add(Page("a2", "/", kT0, "google_brand"));
  digest.Add(Identify("a2", "u2", kT0 + 1));
  digest.Add(Identify("a3", "u3", kT0 + 1));  // organic
  digest.Add(Page("a4", "/", kT0, "facebook_pme"));  // never signed up, never scored
  digest.Finish();
  const UserLeadScore scores[] = {{"u1", 80}, {"u2", 60}, {"u3", 10}, {"unknown", 99}};
  std::vector<CampaignInput> inputs = CampaignInputsFromDigest(digest, CustomerValueWindow{kDay, kT0}, scores);
  ASSERT_EQ(inputs.size(), 3u);
  EXPECT_EQ(inputs[0].campaign, "facebook_pme");
  EXPECT_EQ(inputs[0].scored_users, 0u);
  EXPECT_EQ(inputs[1].campaign, "google_brand");
  EXPECT_EQ(inputs[1].scored_users, 2u);
  EXPECT_DOUBLE_EQ(inputs[1].lead_score_sum, 140);
  EXPECT_EQ(inputs[2].scored_users, 1u);
  Result<CampaignReport> report = BuildCampaignReport(inputs, {});
  ASSERT_TRUE(report.ok());
  std::map<std::string, std::optional<double>> means;
  for (const CampaignRow& row : report->rows) means[row.campaign] = row.mean_lead_score;
  EXPECT_EQ(means["google_brand"], 70.0);
  EXPECT_EQ(means["organic"], 10.0);
  EXPECT_EQ(means["facebook_pme"], std::nullopt);
}

TEST(CampaignInputs, ValueCountsOrdersWithinTheHorizonOfCustomersWhoseHorizonElapsed) {
  EventDigest digest({});
  auto customer = [&](std::string id, std::string campaign, TimestampMs subscribed) {
    digest.Add(Page("a-" + id, "/", subscribed - kDay, campaign));
    digest.Add(Identify("a-" + id, id, subscribed - kDay + 1));
    digest.Add(Track("", id, "user_created", subscribed - kDay + 2));
    digest.Add(Track("", id, "subscription_started", subscribed));
  };
  customer("c1", "google_brand", kT0);
  digest.Add(Order("c1", kT0, 100));
  digest.Add(Order("c1", kT0 + 30 * kDay, 50));   // exactly at the horizon: counted
  digest.Add(Order("c1", kT0 + 30 * kDay + 1, 7)); // after it: revenue, not value
  customer("c2", "google_brand", kT0 + 40 * kDay);  // horizon not elapsed by as_of
  digest.Add(Order("c2", kT0 + 40 * kDay, 80));
  digest.Add(Track("", "lead", "user_created", kT0));  // a lead without campaign
  Event no_revenue = Track("", "c1", "order_completed", kT0 + 2);
  digest.Add(no_revenue);
  digest.Finish();
  EXPECT_EQ(digest.orders_without_revenue(), 1u);

  CustomerValueWindow window;
  window.horizon_ms = 30 * kDay;
  window.as_of = kT0 + 60 * kDay;
  std::vector<CampaignInput> inputs = CampaignInputsFromDigest(digest, window);
  ASSERT_EQ(inputs.size(), 2u);
  EXPECT_EQ(inputs[0].campaign, "google_brand");
  EXPECT_EQ(inputs[0].visitors, 2u);
  EXPECT_EQ(inputs[0].leads, 2u);
  EXPECT_EQ(inputs[0].customers, 2u);
  EXPECT_DOUBLE_EQ(inputs[0].revenue, 237);
  EXPECT_EQ(inputs[0].customer_values, (std::vector<double>{150}));
  EXPECT_EQ(inputs[1].campaign, "organic");
  EXPECT_EQ(inputs[1].leads, 1u);
  EXPECT_EQ(inputs[1].customers, 0u);
}

}  // namespace
}  // namespace insightos::analytics
