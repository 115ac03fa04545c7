#include "insightos/scoring/feature_extraction.h"

#include "insightos/scoring/default_features.h"

#include <gtest/gtest.h>

#include <cmath>

namespace insightos::scoring {
namespace {

constexpr TimestampMs kDay = kMillisPerDay;
constexpr TimestampMs kSignup = 1'700'000'000'000;  // 2023-11-14T22:13:20Z

HistoryEvent Track(const std::string& name, TimestampMs t) {
  HistoryEvent e;
  e.type = EventType::kTrack;
  e.name = name;
  e.timestamp = t;
  return e;
}

HistoryEvent Page(const std::string& path, TimestampMs t) {
  HistoryEvent e;
  e.type = EventType::kPage;
  e.page_path = path;
  e.timestamp = t;
  return e;
}

FeatureDef Def(FeatureKind kind, const std::string& name) {
  FeatureDef d;
  d.kind = kind;
  d.name = name;
  d.label = name;
  return d;
}

EventMatcher TrackMatcher(const std::string& name) { return {EventMatcher::Kind::kTrack, name}; }

// A trial user: visits pricing before signing up, creates projects on days 1, 2 and 9,
// invites a teammate on day 3.
UserHistory TrialUser() {
  UserHistory h;
  h.events = {Page("/pricing", kSignup - 2 * kDay), Page("/", kSignup - kDay), Track("user_created", kSignup),
              Track("project_created", kSignup + 1 * kDay), Track("project_created", kSignup + 2 * kDay + 5),
              Track("teammate_invited", kSignup + 3 * kDay), Track("project_created", kSignup + 9 * kDay)};
  h.signup_at = kSignup;
  h.campaign.name = "Google_Brand";
  h.traits.Set("employees", JsonValue::Number(42));
  h.traits.Set("industry", JsonValue::String("  SaaS "));
  h.traits.Set("revenue_band", JsonValue::String("12.5"));
  h.traits.Set("region", JsonValue::String("Select"));
  return h;
}

TEST(FeatureExtraction, CountsInWindowAfterSignupStopAtAsOf) {
  FeatureDef d = Def(FeatureKind::kEventCount, "projects_7d");
  d.match = TrackMatcher("project_created");
  d.to_days = 7;
  FeatureSpec spec{{d}};
  UserHistory h = TrialUser();
  // Days 1 and 2 are inside [signup, signup+7d); day 9 is not.
  EXPECT_EQ(ExtractFeatures(spec, h, kSignup + 30 * kDay)[0], 2.0);
  // As of day 1.5 only the first project has happened.
  EXPECT_EQ(ExtractFeatures(spec, h, kSignup + 36 * kMillisPerHour)[0], 1.0);
  // An event exactly at as_of is visible.
  EXPECT_EQ(ExtractFeatures(spec, h, kSignup + kDay)[0], 1.0);
  // Before sign-up the window does not exist: missing.
  EXPECT_TRUE(std::isnan(ExtractFeatures(spec, h, kSignup - kDay)[0]));
}

TEST(FeatureExtraction, MissingIndicatorFollowsTheValue) {
  FeatureDef d = Def(FeatureKind::kEventCount, "projects");
  d.match = TrackMatcher("project_created");
  d.missing_indicator = true;
  FeatureSpec spec{{d}};
  UserHistory anonymous = TrialUser();
  anonymous.signup_at.reset();
  std::vector<double> x = ExtractFeatures(spec, anonymous, kSignup + 30 * kDay);
  ASSERT_EQ(x.size(), 2u);
  EXPECT_TRUE(std::isnan(x[0]));
  EXPECT_EQ(x[1], 1.0);
  x = ExtractFeatures(spec, TrialUser(), kSignup + 30 * kDay);
  EXPECT_EQ(x[0], 3.0);
  EXPECT_EQ(x[1], 0.0);
}

TEST(FeatureExtraction, LookBackAndFirstSeenWindows) {
  FeatureDef last3 = Def(FeatureKind::kEventCount, "events_last_3d");
  last3.anchor = WindowAnchor::kAsOf;
  last3.from_days = -3;
  FeatureDef pages_first_day = Def(FeatureKind::kEventCount, "pages_first_day");
  pages_first_day.anchor = WindowAnchor::kFirstSeen;
  pages_first_day.match = {EventMatcher::Kind::kPage, "*"};
  pages_first_day.to_days = 1;
  FeatureSpec spec{{last3, pages_first_day}};
  std::vector<double> x = ExtractFeatures(spec, TrialUser(), kSignup + 4 * kDay);
  // [day 1, day 4]: projects on days 1 and 2, the invite on day 3.
  EXPECT_EQ(x[0], 3.0);
  // First seen is the /pricing view two days before sign-up; only it is within a day.
  EXPECT_EQ(x[1], 1.0);
}

TEST(FeatureExtraction, ActiveDaysFlagsRecencyAndTimeBetween) {
  FeatureDef active = Def(FeatureKind::kActiveDays, "active_days_14d");
  active.to_days = 14;
  FeatureDef invited = Def(FeatureKind::kEventFlag, "invited");
  invited.match = TrackMatcher("teammate_invited");
  FeatureDef recency = Def(FeatureKind::kDaysSinceLast, "days_since_pricing");
  recency.match = {EventMatcher::Kind::kPage, "/pricing"};
  FeatureDef to_project = Def(FeatureKind::kDaysBetween, "days_to_project");
  to_project.match = TrackMatcher("user_created");
  to_project.then = TrackMatcher("project_created");
  FeatureDef to_subscription = to_project;
  to_subscription.name = "days_to_subscription";
  to_subscription.then = TrackMatcher("subscription_started");
  FeatureSpec spec{{active, invited, recency, to_project, to_subscription}};
  ASSERT_TRUE(ValidateFeatureSpec(spec).ok());
  std::vector<double> x = ExtractFeatures(spec, TrialUser(), kSignup + 10 * kDay);
  // Distinct UTC days among sign-up (day 0), days 1, 2, 3 and 9 after it.
  EXPECT_EQ(x[0], 5.0);
  EXPECT_EQ(x[1], 1.0);
  EXPECT_DOUBLE_EQ(x[2], 12.0);
  EXPECT_DOUBLE_EQ(x[3], 1.0);
  EXPECT_TRUE(std::isnan(x[4]));
  // As of day 2.5 no invite has happened yet.
  EXPECT_EQ(ExtractFeatures(spec, TrialUser(), kSignup + 60 * kMillisPerHour)[1], 0.0);
}

TEST(FeatureExtraction, TraitsAndCampaign) {
  FeatureDef employees = Def(FeatureKind::kTraitNumber, "employees");
  employees.trait = "employees";
  FeatureDef band = Def(FeatureKind::kTraitNumber, "band");
  band.trait = "revenue_band";
  FeatureDef absent = Def(FeatureKind::kTraitNumber, "absent");
  absent.trait = "nope";
  absent.missing_indicator = true;
  FeatureDef industry = Def(FeatureKind::kTraitCategory, "industry");
  industry.trait = "industry";
  industry.levels = {"retail", "saas"};
  industry.other_column = true;
  industry.missing_column = true;
  FeatureDef region = industry;
  region.name = "region";
  region.trait = "region";
  region.missing_values = {"select"};
  FeatureDef campaign = Def(FeatureKind::kCampaign, "campaign");
  campaign.levels = {"google_brand", "organic"};
  FeatureSpec spec{{employees, band, absent, industry, region, campaign}};
  ASSERT_TRUE(ValidateFeatureSpec(spec).ok());
  EXPECT_EQ(ColumnNames(spec),
            (std::vector<std::string>{"employees", "band", "absent", "absent (missing)", "industry=retail",
                                      "industry=saas", "industry=(other)", "industry=(missing)", "region=retail",
                                      "region=saas", "region=(other)", "region=(missing)", "campaign=google_brand",
                                      "campaign=organic"}));
  std::vector<double> x = ExtractFeatures(spec, TrialUser(), kSignup);
  std::vector<double> tail(x.begin() + 4, x.end());
  EXPECT_EQ(x[0], 42.0);
  EXPECT_EQ(x[1], 12.5);  // numeric text is a number
  EXPECT_TRUE(std::isnan(x[2]));
  EXPECT_EQ(x[3], 1.0);
  // "  SaaS " folds to "saas"; "Select" is declared missing; "Google_Brand" folds to a level.
  EXPECT_EQ(tail, (std::vector<double>{0, 1, 0, 0, 0, 0, 0, 1, 1, 0}));

  UserHistory organic = TrialUser();
  organic.campaign = Campaign{};
  organic.traits.Set("industry", JsonValue::String("Mining"));
  x = ExtractFeatures(spec, organic, kSignup);
  EXPECT_EQ(std::vector<double>(x.begin() + 4, x.begin() + 8), (std::vector<double>{0, 0, 1, 0}));
  EXPECT_EQ(std::vector<double>(x.end() - 2, x.end()), (std::vector<double>{0, 1}));
}

TEST(FeatureExtraction, ExtremeTimestampsDoNotOverflow) {
  FeatureDef d = Def(FeatureKind::kEventCount, "late");
  d.anchor = WindowAnchor::kAsOf;
  d.from_days = -36500;
  FeatureDef ahead = Def(FeatureKind::kEventCount, "ahead");
  ahead.anchor = WindowAnchor::kFirstSeen;
  ahead.to_days = 36500;  // saturates instead of overflowing
  FeatureDef recency = Def(FeatureKind::kDaysSinceLast, "recency");
  FeatureSpec spec{{d, ahead, recency}};
  UserHistory h;
  h.events = {Track("x", std::numeric_limits<TimestampMs>::min()), Track("x", std::numeric_limits<TimestampMs>::max())};
  std::vector<double> x = ExtractFeatures(spec, h, std::numeric_limits<TimestampMs>::max());
  EXPECT_EQ(x[0], 1.0);
  EXPECT_EQ(x[1], 1.0);
  EXPECT_EQ(x[2], 0.0);
}

TEST(FeatureSpecJson, RoundTripsAndNamesBadMembers) {
  FeatureDef count = Def(FeatureKind::kEventCount, "projects_7d");
  count.label = "projects created in the first 7 days";
  count.match = TrackMatcher("project_created");
  count.to_days = 7;
  FeatureDef cat = Def(FeatureKind::kTraitCategory, "industry");
  cat.trait = "industry";
  cat.levels = {"saas"};
  cat.missing_values = {"select"};
  FeatureSpec spec{{count, cat}};
  std::string text = ToJson(FeatureSpecToJson(spec));
  Result<JsonValue> parsed = ParseJson(text);
  ASSERT_TRUE(parsed.ok());
  Result<FeatureSpec> back = ParseFeatureSpec(*parsed, text, "features");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(ToJson(FeatureSpecToJson(*back)), text);

  std::string bad = "[\n {\"kind\":\"event_count\",\"name\":\"a\",\"match\":{\"event\":\"x\"},\"to_dayz\":3}]";
  Result<FeatureSpec> r = ParseFeatureSpec(*ParseJson(bad), bad, "features");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "features[0].to_dayz (line 2, column 67 (byte 68)): unknown member");
  std::string unfolded = R"([{"kind":"campaign","name":"c","levels":["Google"]}])";
  r = ParseFeatureSpec(*ParseJson(unfolded), unfolded, "features");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("level \"Google\" is not case-folded"), std::string::npos);
  std::string empty_window = R"([{"kind":"event_flag","name":"f","match":{},"from_days":3,"to_days":3}])";
  EXPECT_FALSE(ParseFeatureSpec(*ParseJson(empty_window), empty_window, "features").ok());
}

TEST(DefaultLeadFeatures, ValidAndComputedForATrialUser) {
  FeatureSpec spec = DefaultLeadFeatures();
  ASSERT_TRUE(ValidateFeatureSpec(spec).ok());
  UserHistory h = TrialUser();
  h.events.push_back(Track("user_verified", kSignup + kMillisPerHour));
  h.traits.Set("email", JsonValue::String(" Ana.Lima@Farol.COM.br"));
  h.traits.Set("company_size", JsonValue::String("11-50"));
  std::vector<double> x = ExtractFeatures(spec, h, kSignup + 10 * kDay);
  std::vector<std::string> names = ColumnNames(spec);
  ASSERT_EQ(x.size(), names.size());
  auto value = [&](const std::string& name) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return x[i];
    }
    ADD_FAILURE() << name;
    return -1.0;
  };
  EXPECT_EQ(value("verified"), 1.0);
  EXPECT_EQ(value("verified (missing)"), 0.0);
  EXPECT_EQ(value("created_project"), 1.0);
  EXPECT_EQ(value("invited_teammate"), 1.0);
  EXPECT_EQ(value("pricing_before_signup"), 1.0);  // the page view two days before; "/" is not pricing
  EXPECT_EQ(value("active_days_14d"), 5.0);
  EXPECT_DOUBLE_EQ(value("days_since_last_seen"), 1.0);
  EXPECT_EQ(value("email_domain=(other)"), 1.0);  // a company's own domain, not free mail
  EXPECT_EQ(value("email_domain=gmail.com"), 0.0);
  EXPECT_EQ(value("company_size=11-50"), 1.0);
  EXPECT_EQ(value("role=(missing)"), 1.0);
  EXPECT_EQ(value("campaign=google_brand"), 1.0);
  // Free mail is its own level, whatever the case and spacing.
  h.traits.Set("email", JsonValue::String("ana.lima1234@GMAIL.com "));
  x = ExtractFeatures(spec, h, kSignup + 10 * kDay);
  EXPECT_EQ(value("email_domain=gmail.com"), 1.0);
  EXPECT_EQ(value("email_domain=(other)"), 0.0);
  // A visitor who has not signed up: sign-up features are missing, not zero.
  UserHistory visitor;
  visitor.events = {Page("/pricing", kSignup)};
  x = ExtractFeatures(spec, visitor, kSignup + kDay);
  EXPECT_TRUE(std::isnan(value("verified")));
  EXPECT_EQ(value("verified (missing)"), 1.0);
  EXPECT_EQ(value("pricing_before_signup (missing)"), 1.0);
  EXPECT_EQ(value("email_domain=(missing)"), 1.0);
  EXPECT_EQ(value("campaign=organic"), 1.0);
}

TEST(UserHistory, BuiltFromStitchedEvents) {
  auto make = [](EventType type, const std::string& name, TimestampMs t) {
    Event e;
    e.type = type;
    e.name = name;
    e.timestamp = t;
    return e;
  };
  std::vector<Event> events;
  events.push_back(make(EventType::kTrack, "project_created", 300));
  events.push_back(make(EventType::kTrack, "user_created", 200));
  events.push_back(make(EventType::kPage, "", 100));
  events.back().page_path = "/pricing";
  events.push_back(make(EventType::kPage, "", 50));  // the first touch, with a campaign
  events.back().campaign.name = "facebook_pme";
  events.push_back(make(EventType::kIdentify, "", 250));
  events.back().traits.Set("plan", JsonValue::String("pro"));
  events.push_back(make(EventType::kIdentify, "", 210));
  events.back().traits.Set("plan", JsonValue::String("free"));
  events.back().traits.Set("company", JsonValue::String("Acme"));
  events.push_back(make(EventType::kTrack, "user_created", 400));  // a repeat does not move sign-up
  UserHistory h = BuildUserHistory(events);
  ASSERT_EQ(h.events.size(), 5u);  // identify calls are traits, not events
  EXPECT_EQ(h.events[0].timestamp, 50);
  EXPECT_EQ(h.events[1].page_path, "/pricing");
  EXPECT_EQ(h.signup_at, 200);
  EXPECT_EQ(h.campaign.name, "facebook_pme");
  EXPECT_EQ(h.traits.Find("plan")->as_string(), "pro");
  EXPECT_EQ(h.traits.Find("company")->as_string(), "Acme");
}

}  // namespace
}  // namespace insightos::scoring

namespace insightos::scoring {
namespace {

// NextFeatureChange against extraction itself: features are constant from as_of up to the
// reported time (never late, so a rescore is never missed), for windows anchored at the
// scoring time, events dated after it and a sign-up still to come. It may be early (every
// later event counts as a possible change), but most reported times are real changes.
TEST(NextFeatureChange, FeaturesHoldUntilTheReportedTime) {
  FeatureSpec spec;
  FeatureDef recent = Def(FeatureKind::kEventCount, "pricing_7d");
  recent.match = {EventMatcher::Kind::kPage, "/pricing"};
  recent.anchor = WindowAnchor::kAsOf;
  recent.from_days = -7;
  spec.features.push_back(recent);
  FeatureDef projects = Def(FeatureKind::kEventCount, "projects_7d");
  projects.match = TrackMatcher("project_created");
  projects.to_days = 7;
  projects.missing_indicator = true;
  spec.features.push_back(projects);
  ASSERT_TRUE(ValidateFeatureSpec(spec).ok());
  const UserHistory h = TrialUser();

  TimestampMs as_of = kSignup - kDay - kDay / 2;  // before sign-up: one pricing view seen
  int changes = 0, steps = 0;
  while (std::optional<TimestampMs> next = NextFeatureChange(spec, h, as_of, kDay)) {
    ASSERT_GT(*next, as_of);
    const std::vector<double> before = ExtractFeatures(spec, h, as_of);
    for (TimestampMs t : {as_of + 1, as_of + (*next - as_of) / 2, *next - 1}) {
      std::vector<double> at = ExtractFeatures(spec, h, t);
      for (std::size_t j = 0; j < at.size(); ++j) {
        ASSERT_TRUE(at[j] == before[j] || (std::isnan(at[j]) && std::isnan(before[j]))) << "column " << j << " at " << t;
      }
    }
    const std::vector<double> after = ExtractFeatures(spec, h, *next);
    bool changed = false;
    for (std::size_t j = 0; j < after.size(); ++j) {
      changed |= !(after[j] == before[j] || (std::isnan(after[j]) && std::isnan(before[j])));
    }
    changes += changed ? 1 : 0;
    as_of = *next;
    ASSERT_LT(++steps, 50);
  }
  // Real changes: sign-up, the two projects inside the 7-day window, the pricing view leaving
  // its window. Early ones: the home page view, the invite and the day-9 project (no feature
  // reads them).
  EXPECT_EQ(changes, 4);
  EXPECT_EQ(steps, 7);
  // "Days since" changes continuously: the updater refreshes it every step.
  FeatureDef recency = Def(FeatureKind::kDaysSinceLast, "days_since_last_seen");
  spec.features.push_back(recency);
  EXPECT_EQ(NextFeatureChange(spec, h, kSignup + 30 * kDay, kDay), kSignup + 31 * kDay);
}

}  // namespace
}  // namespace insightos::scoring
