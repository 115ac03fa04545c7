// Funnel semantics on hand-built histories (docs/funnels.md), and a differential test of the
// matcher against an exhaustive search over every in-order subsequence.
#include "insightos/analytics/funnel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

namespace insightos::analytics {
namespace {

constexpr TimestampMs kDay = kMillisPerDay;
constexpr TimestampMs kT0 = 1717200000000;  // 2024-06-01T00:00:00Z

struct Hit {
  std::string person;
  std::string step;
  TimestampMs at;
  std::string breakdown;
};

FunnelDefinition Steps(std::vector<std::string> steps, TimestampMs window = 7 * kDay) {
  FunnelDefinition d;
  d.steps = std::move(steps);
  d.window_ms = window;
  return d;
}

std::vector<FunnelOutcome> MatchAll(const FunnelDefinition& d, const std::vector<Hit>& hits) {
  FunnelMatcher m(d);
  for (const Hit& h : hits) m.Add(h.person, *d.StepIndex(h.step), h.at, h.breakdown);
  return m.Match();
}

FunnelReport Report(const FunnelDefinition& d, const std::vector<Hit>& hits) {
  std::vector<FunnelOutcome> outcomes = MatchAll(d, hits);
  Result<FunnelReport> r = SummarizeFunnel(d, outcomes);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

std::vector<std::uint64_t> Counts(const FunnelSeries& s) {
  std::vector<std::uint64_t> out;
  for (const FunnelStepStats& st : s.steps) out.push_back(st.persons);
  return out;
}

// One person's outcome (the only one expected).
FunnelOutcome Only(const FunnelDefinition& d, const std::vector<Hit>& hits) {
  std::vector<FunnelOutcome> o = MatchAll(d, hits);
  EXPECT_EQ(o.size(), 1u);
  return o.empty() ? FunnelOutcome{} : o[0];
}

TEST(FunnelMatcher, CountsPeopleWhoReachEachStepInOrder) {
  FunnelDefinition d = Steps({"a", "b", "c"});
  FunnelReport r = Report(d, {{"p1", "a", kT0, ""}, {"p1", "b", kT0 + 1, ""}, {"p1", "c", kT0 + 2, ""},
                              {"p2", "a", kT0, ""}, {"p2", "b", kT0 + 5, ""},
                              {"p3", "a", kT0, ""},
                              {"p4", "b", kT0, ""}, {"p4", "c", kT0 + 1, ""}});  // never entered
  EXPECT_EQ(Counts(r.total), (std::vector<std::uint64_t>{3, 2, 1}));
  EXPECT_DOUBLE_EQ(r.total.steps[1].conversion_from_previous, 2.0 / 3);
  EXPECT_DOUBLE_EQ(r.total.steps[2].conversion_from_previous, 0.5);
  EXPECT_DOUBLE_EQ(r.total.steps[2].conversion_from_first, 1.0 / 3);
  EXPECT_EQ(r.total.steps[1].dropped, 1u);
  EXPECT_DOUBLE_EQ(r.total.steps[2].drop_rate, 0.5);
  EXPECT_TRUE(r.breakdowns.empty());
}

TEST(FunnelMatcher, InputOrderDoesNotMatter) {
  FunnelDefinition d = Steps({"a", "b", "c"});
  std::vector<Hit> hits = {{"p1", "c", kT0 + 30, ""}, {"p1", "a", kT0, ""},      {"p1", "b", kT0 + 10, ""},
                           {"p2", "b", kT0 + 1, ""},  {"p2", "a", kT0 + 2, ""},  {"p2", "b", kT0 + 3, ""},
                           {"p3", "a", kT0 + 9, ""},  {"p1", "b", kT0 + 20, ""}, {"p3", "c", kT0 + 10, ""}};
  FunnelReport sorted = Report(d, hits);
  std::mt19937 rng(7);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(hits.begin(), hits.end(), rng);
    FunnelReport shuffled = Report(d, hits);
    EXPECT_EQ(Counts(shuffled.total), Counts(sorted.total));
    EXPECT_EQ(shuffled.total.steps[1].median_ms_from_previous, sorted.total.steps[1].median_ms_from_previous);
  }
  EXPECT_EQ(Counts(sorted.total), (std::vector<std::uint64_t>{3, 2, 1}));
}

TEST(FunnelMatcher, LaterStepsMustFollowTheMatchedPreviousStep) {
  FunnelDefinition d = Steps({"a", "b", "c"});
  // c happens before b: the person reaches b only.
  EXPECT_EQ(Only(d, {{"p", "a", kT0, ""}, {"p", "c", kT0 + 1, ""}, {"p", "b", kT0 + 2, ""}}).step_times.size(), 2u);
  // b before a does not count for an attempt starting at a.
  EXPECT_EQ(Only(d, {{"p", "b", kT0, ""}, {"p", "a", kT0 + 1, ""}}).step_times.size(), 1u);
  // The earliest b after a is taken, which leaves room for the c in between.
  FunnelOutcome o = Only(d, {{"p", "a", kT0, ""}, {"p", "b", kT0 + 1, ""}, {"p", "c", kT0 + 3, ""},
                             {"p", "b", kT0 + 5, ""}});
  EXPECT_EQ(o.step_times, (std::vector<TimestampMs>{kT0, kT0 + 1, kT0 + 3}));
}

TEST(FunnelMatcher, SameMillisecondCountsAsInOrder) {
  FunnelDefinition d = Steps({"a", "b", "c"});
  FunnelOutcome o = Only(d, {{"p", "c", kT0, ""}, {"p", "b", kT0, ""}, {"p", "a", kT0, ""}});
  EXPECT_EQ(o.step_times, (std::vector<TimestampMs>{kT0, kT0, kT0}));
}

TEST(FunnelMatcher, WindowIsInclusiveAndMeasuredFromStepOne) {
  FunnelDefinition d = Steps({"a", "b", "c"}, 7 * kDay);
  EXPECT_EQ(Only(d, {{"p", "a", kT0, ""}, {"p", "b", kT0 + 7 * kDay, ""}}).step_times.size(), 2u);
  EXPECT_EQ(Only(d, {{"p", "a", kT0, ""}, {"p", "b", kT0 + 7 * kDay + 1, ""}}).step_times.size(), 1u);
  // c is within 7 days of b but not of a.
  EXPECT_EQ(Only(d, {{"p", "a", kT0, ""}, {"p", "b", kT0 + 4 * kDay, ""}, {"p", "c", kT0 + 8 * kDay, ""}})
                .step_times.size(),
            2u);
}

TEST(FunnelMatcher, RepeatedStepOneKeepsTheAttemptThatGetsFurthest) {
  FunnelDefinition d = Steps({"a", "b", "c"}, 7 * kDay);
  // The first attempt expires; the second one (10 days later) reaches b.
  FunnelOutcome later = Only(d, {{"p", "a", kT0, ""}, {"p", "a", kT0 + 10 * kDay, ""},
                                 {"p", "b", kT0 + 11 * kDay, ""}});
  EXPECT_EQ(later.step_times, (std::vector<TimestampMs>{kT0 + 10 * kDay, kT0 + 11 * kDay}));
  // Both attempts reach b: the earliest wins, so time to b is measured from the first a.
  FunnelOutcome earliest = Only(d, {{"p", "a", kT0, ""}, {"p", "a", kT0 + kDay, ""}, {"p", "b", kT0 + 2 * kDay, ""}});
  EXPECT_EQ(earliest.step_times, (std::vector<TimestampMs>{kT0, kT0 + 2 * kDay}));
  // Repeated later steps are harmless: the person counts once.
  FunnelReport r = Report(d, {{"p", "a", kT0, ""}, {"p", "b", kT0 + 1, ""}, {"p", "b", kT0 + 2, ""},
                              {"p", "a", kT0 + 3, ""}, {"p", "b", kT0 + 4, ""}});
  EXPECT_EQ(Counts(r.total), (std::vector<std::uint64_t>{1, 1, 0}));
}

TEST(FunnelMatcher, BreakdownComesFromTheChosenAttemptsFirstEvent) {
  FunnelDefinition d = Steps({"a", "b"}, 7 * kDay);
  // The first attempt (x) reaches only a; the second (y) reaches b: the person counts under y.
  EXPECT_EQ(Only(d, {{"p", "a", kT0, "x"}, {"p", "a", kT0 + 10 * kDay, "y"}, {"p", "b", kT0 + 11 * kDay, "z"}})
                .breakdown,
            "y");
  // Two step-1 events at the same time: the smaller value, whatever the input order.
  EXPECT_EQ(Only(d, {{"p", "a", kT0, "m"}, {"p", "a", kT0, "b"}, {"p", "a", kT0, "k"}}).breakdown, "b");

  FunnelReport r = Report(d, {{"p1", "a", kT0, "google"}, {"p1", "b", kT0 + 1, ""},
                              {"p2", "a", kT0, "google"},
                              {"p3", "a", kT0, "email"}, {"p3", "b", kT0 + 1, ""},
                              {"p4", "a", kT0, "email"}, {"p5", "a", kT0, "zeta"}});
  ASSERT_EQ(r.breakdowns.size(), 3u);
  EXPECT_EQ(r.breakdowns[0].breakdown, "email");  // two entrants, like google, and "email" < "google"
  EXPECT_EQ(r.breakdowns[1].breakdown, "google");
  EXPECT_EQ(r.breakdowns[2].breakdown, "zeta");
  EXPECT_EQ(Counts(r.breakdowns[1]), (std::vector<std::uint64_t>{2, 1}));
  EXPECT_EQ(Counts(r.total), (std::vector<std::uint64_t>{5, 2}));
}

TEST(FunnelReport, MediansAndTimeToConvert) {
  FunnelDefinition d = Steps({"a", "b", "c"}, 30 * kDay);
  FunnelReport r = Report(d, {{"p1", "a", kT0, ""}, {"p1", "b", kT0 + 10, ""}, {"p1", "c", kT0 + 110, ""},
                              {"p2", "a", kT0, ""}, {"p2", "b", kT0 + 20, ""}, {"p2", "c", kT0 + 50, ""},
                              {"p3", "a", kT0, ""}, {"p3", "b", kT0 + 40, ""},
                              {"p4", "a", kT0, ""}, {"p4", "b", kT0 + 50, ""}});
  EXPECT_FALSE(r.total.steps[0].median_ms_from_previous.has_value());
  EXPECT_DOUBLE_EQ(*r.total.steps[1].median_ms_from_previous, 30.0);  // {10, 20, 40, 50}
  EXPECT_DOUBLE_EQ(*r.total.steps[2].median_ms_from_previous, 65.0);  // {100, 30}
  EXPECT_DOUBLE_EQ(*r.total.median_ms_to_convert, 80.0);              // {110, 50}
}

TEST(FunnelReport, WorstStepIsTheLargestRelativeDropEarliestOnTies) {
  FunnelDefinition d = Steps({"a", "b", "c", "d"});
  std::vector<Hit> hits;
  // 10 enter; 8 reach b (20% drop); 4 reach c (50%); 2 reach d (50%, a tie: c is named).
  for (int i = 0; i < 10; ++i) {
    std::string p = "p" + std::to_string(i);
    hits.push_back({p, "a", kT0, ""});
    if (i < 8) hits.push_back({p, "b", kT0 + 1, ""});
    if (i < 4) hits.push_back({p, "c", kT0 + 2, ""});
    if (i < 2) hits.push_back({p, "d", kT0 + 3, ""});
  }
  FunnelReport r = Report(d, hits);
  ASSERT_TRUE(r.total.worst_step.has_value());
  EXPECT_EQ(*r.total.worst_step, 2u);
  EXPECT_EQ(WorstStepLabel(d, r.total), "b \xE2\x86\x92 c");
  // A step after an empty step is not a candidate; a one-step funnel has no worst step.
  FunnelReport empty_tail = Report(d, {{"p", "a", kT0, ""}});
  EXPECT_EQ(*empty_tail.total.worst_step, 1u);
  FunnelReport single = Report(Steps({"a"}), {{"p", "a", kT0, ""}});
  EXPECT_FALSE(single.total.worst_step.has_value());
  EXPECT_FALSE(single.total.median_ms_to_convert.has_value());
}

TEST(FunnelDefinition, RejectsDuplicateStepsAndBadWindows) {
  EXPECT_FALSE(ValidateFunnelDefinition(Steps({})).ok());
  Status dup = ValidateFunnelDefinition(Steps({"a", "b", "a"}));
  EXPECT_EQ(dup.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(dup.message().find("'a' appears twice (steps 1 and 3)"), std::string::npos) << dup.message();
  EXPECT_FALSE(ValidateFunnelDefinition(Steps({"a", ""})).ok());
  EXPECT_FALSE(ValidateFunnelDefinition(Steps({"a"}, 0)).ok());
  EXPECT_FALSE(ValidateFunnelDefinition(Steps({"a"}, kMaxFunnelWindowMs + 1)).ok());
  EXPECT_TRUE(ValidateFunnelDefinition(Steps({"a"}, kMaxFunnelWindowMs)).ok());
}

TEST(SummarizeFunnel, RejectsOutcomesThatCannotHappen) {
  FunnelDefinition d = Steps({"a", "b"});
  EXPECT_FALSE(SummarizeFunnel(d, std::vector<FunnelOutcome>{{"", {}}}).ok());
  EXPECT_FALSE(SummarizeFunnel(d, std::vector<FunnelOutcome>{{"", {1, 2, 3}}}).ok());
  EXPECT_FALSE(SummarizeFunnel(d, std::vector<FunnelOutcome>{{"", {5, 4}}}).ok());
}

TEST(MedianInPlace, OddAndEven) {
  std::vector<double> odd = {5, 1, 3};
  EXPECT_DOUBLE_EQ(MedianInPlace(odd), 3);
  std::vector<double> even = {7, 1, 5, 3};
  EXPECT_DOUBLE_EQ(MedianInPlace(even), 4);
  std::vector<double> one = {2};
  EXPECT_DOUBLE_EQ(MedianInPlace(one), 2);
}

// The definition restated as a search: among all in-order sequences of one event per step
// (times non-decreasing, all within the window of the first), keep the longest, then the
// earliest start, then the smallest breakdown, then the lexicographically earliest times.
FunnelOutcome BruteForce(const FunnelDefinition& d, const std::vector<Hit>& hits) {
  FunnelOutcome best;
  std::vector<const Hit*> chain;
  auto better = [&](const FunnelOutcome& c) {
    if (c.step_times.size() != best.step_times.size()) return c.step_times.size() > best.step_times.size();
    if (c.step_times[0] != best.step_times[0]) return c.step_times[0] < best.step_times[0];
    if (c.breakdown != best.breakdown) return c.breakdown < best.breakdown;
    return c.step_times < best.step_times;
  };
  std::function<void()> extend = [&] {
    FunnelOutcome c{chain[0]->breakdown, {}};
    for (const Hit* h : chain) c.step_times.push_back(h->at);
    if (better(c)) best = c;
    if (chain.size() == d.steps.size()) return;
    for (const Hit& h : hits) {
      if (h.step == d.steps[chain.size()] && h.at >= chain.back()->at && h.at <= chain[0]->at + d.window_ms) {
        chain.push_back(&h);
        extend();
        chain.pop_back();
      }
    }
  };
  for (const Hit& h : hits) {
    if (h.step != d.steps[0]) continue;
    chain = {&h};
    extend();
  }
  return best;
}

TEST(FunnelMatcher, AgreesWithExhaustiveSearchOnRandomHistories) {
  std::mt19937 rng(20240601);
  const std::vector<std::string> names = {"a", "b", "c", "d"};
  for (int trial = 0; trial < 3000; ++trial) {
    FunnelDefinition d = Steps(names, 1 + static_cast<TimestampMs>(rng() % 12));
    std::vector<Hit> hits;
    const int count = 1 + static_cast<int>(rng() % 9);
    for (int i = 0; i < count; ++i) {
      hits.push_back({"p", names[rng() % names.size()], static_cast<TimestampMs>(rng() % 15),
                      std::string(1, static_cast<char>('x' + rng() % 3))});
    }
    FunnelOutcome expected = BruteForce(d, hits);
    std::vector<FunnelOutcome> got = MatchAll(d, hits);
    if (expected.step_times.empty()) {
      EXPECT_TRUE(got.empty());
      continue;
    }
    ASSERT_EQ(got.size(), 1u);
    ASSERT_EQ(got[0].step_times, expected.step_times) << "trial " << trial;
    ASSERT_EQ(got[0].breakdown, expected.breakdown) << "trial " << trial;
  }
}

}  // namespace
}  // namespace insightos::analytics
