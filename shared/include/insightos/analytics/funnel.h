// Ordered conversion funnels (SPEC §7): how many people reach each step, in order, within a
// conversion window, with drop-off, time between steps and the worst step.
//
// The exact semantics are written in docs/funnels.md; the SQL push-down must reproduce them
// row for row, so they are chosen to be expressible with joins, MIN() and window functions:
//   - A person enters with any event of step 1 (an "attempt" starting at t0).
//   - From an attempt, step k is the earliest event of step k at or after the time matched for
//     step k-1 and at most t0 + window (both ends inclusive).
//   - A person counts once, with the attempt that reaches the most steps; ties go to the
//     earliest t0, then to the smallest breakdown value (byte order).
//   - The person's breakdown value is the one carried by that attempt's step-1 event.
// Step names must be distinct, so one event can never match two steps.
#ifndef INSIGHTOS_ANALYTICS_FUNNEL_H_
#define INSIGHTOS_ANALYTICS_FUNNEL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/analytics/string_interner.h"
#include "insightos/status.h"
#include "insightos/time.h"

namespace insightos::analytics {

inline constexpr std::size_t kMaxFunnelSteps = 20;
// Longer windows are rejected so t0 + window cannot overflow for any real timestamp.
inline constexpr TimestampMs kMaxFunnelWindowMs = 10LL * 366 * kMillisPerDay;

struct FunnelDefinition {
  std::vector<std::string> steps;                // 1..kMaxFunnelSteps distinct, non-empty names
  TimestampMs window_ms = 14 * kMillisPerDay;    // 1..kMaxFunnelWindowMs

  // Index of a step by name, or nullopt.
  std::optional<std::size_t> StepIndex(std::string_view name) const;
};

// InvalidArgument naming the offending step or the window.
Status ValidateFunnelDefinition(const FunnelDefinition& definition);

// What the matching decided for one person: the steps reached by the chosen attempt and the
// time each was matched. This is the row a SQL implementation produces per person.
struct FunnelOutcome {
  std::string breakdown;               // "" when the caller has no breakdown
  std::vector<TimestampMs> step_times; // size = steps reached (≥ 1), ascending
};

// Collects step events of many people, in any order, and matches them. Person keys and
// breakdown values are interned, so memory is about 24 bytes per event plus the distinct keys.
// Not thread-safe.
class FunnelMatcher {
 public:
  // REQUIRES: ValidateFunnelDefinition(definition).ok().
  explicit FunnelMatcher(FunnelDefinition definition);

  const FunnelDefinition& definition() const { return definition_; }

  // Records that `person` did step `step` (0-based) at `timestamp`; `breakdown` is the value the
  // person would be broken down by if this event starts their chosen attempt.
  // REQUIRES: step < definition().steps.size().
  void Add(std::string_view person, std::size_t step, TimestampMs timestamp, std::string_view breakdown = {});

  std::size_t event_count() const { return events_.size(); }

  // One outcome per person who has a step-1 event, in no particular order.
  std::vector<FunnelOutcome> Match() const;

 private:
  struct StepEvent {
    std::uint32_t person;
    std::uint32_t step;
    TimestampMs timestamp;
    std::uint32_t breakdown;
  };
  FunnelDefinition definition_;
  std::vector<StepEvent> events_;
  StringInterner persons_;
  StringInterner breakdowns_;
};

struct FunnelStepStats {
  std::string name;
  std::uint64_t persons = 0;             // reached this step
  double conversion_from_previous = 0;   // persons / persons at the previous step; 1 for step 1;
                                         // 0 when the previous step has nobody
  double conversion_from_first = 0;      // persons / persons at step 1; 0 when step 1 has nobody
  std::uint64_t dropped = 0;             // reached the previous step but not this one (0 for step 1)
  double drop_rate = 0;                  // dropped / persons at the previous step (0 when none)
  // Median over persons who reached this step of (time of this step − time of the previous
  // step), in ms; the mean of the two middle values for an even count. None for step 1 and
  // when nobody reached the step.
  std::optional<double> median_ms_from_previous;
};

struct FunnelSeries {
  std::string breakdown;  // "" for the total
  std::vector<FunnelStepStats> steps;
  // Median over persons who reached the last step of (last step time − step 1 time), in ms.
  std::optional<double> median_ms_to_convert;
  // Index k ≥ 1 of the step with the largest drop_rate from step k−1, among steps whose
  // previous step has someone; the earliest on ties. None for one-step funnels or an empty series.
  std::optional<std::size_t> worst_step;
};

struct FunnelReport {
  FunnelDefinition definition;
  FunnelSeries total;
  // One series per breakdown value seen on a chosen attempt, by persons entering (descending),
  // then by value (byte order). Empty when every outcome has the "" breakdown.
  std::vector<FunnelSeries> breakdowns;
};

// Counts, rates, medians and the worst step from per-person outcomes (from FunnelMatcher or
// from a database that applied the same matching).
// Errors: InvalidArgument when an outcome has no step, more steps than the definition, or
// step times that go backwards.
Result<FunnelReport> SummarizeFunnel(const FunnelDefinition& definition, std::span<const FunnelOutcome> outcomes);

// "user_verified → project_created" for series.worst_step, or "" when there is none.
std::string WorstStepLabel(const FunnelDefinition& definition, const FunnelSeries& series);

// Median of values (mean of the two middle ones for an even count); reorders values.
// REQUIRES: !values.empty().
double MedianInPlace(std::vector<double>& values);

}  // namespace insightos::analytics

#endif  // INSIGHTOS_ANALYTICS_FUNNEL_H_
