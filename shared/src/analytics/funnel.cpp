#include "insightos/analytics/funnel.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace insightos::analytics {

std::optional<std::size_t> FunnelDefinition::StepIndex(std::string_view name) const {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i] == name) return i;
  }
  return std::nullopt;
}

Status ValidateFunnelDefinition(const FunnelDefinition& definition) {
  if (definition.steps.empty()) return Status::InvalidArgument("a funnel needs at least one step");
  if (definition.steps.size() > kMaxFunnelSteps) {
    return Status::InvalidArgument("a funnel has at most " + std::to_string(kMaxFunnelSteps) + " steps, found " +
                                   std::to_string(definition.steps.size()));
  }
  for (std::size_t i = 0; i < definition.steps.size(); ++i) {
    if (definition.steps[i].empty()) {
      return Status::InvalidArgument("funnel step " + std::to_string(i + 1) + " has an empty name");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (definition.steps[j] == definition.steps[i]) {
        return Status::InvalidArgument("funnel step '" + definition.steps[i] + "' appears twice (steps " +
                                       std::to_string(j + 1) + " and " + std::to_string(i + 1) +
                                       "); steps must be distinct");
      }
    }
  }
  if (definition.window_ms <= 0 || definition.window_ms > kMaxFunnelWindowMs) {
    return Status::InvalidArgument("funnel window must be between 1 ms and 10 years, got " +
                                   std::to_string(definition.window_ms) + " ms");
  }
  return Status::Ok();
}

FunnelMatcher::FunnelMatcher(FunnelDefinition definition) : definition_(std::move(definition)) {}

void FunnelMatcher::Add(std::string_view person, std::size_t step, TimestampMs timestamp, std::string_view breakdown) {
  events_.push_back({persons_.Intern(person), static_cast<std::uint32_t>(step), timestamp, breakdowns_.Intern(breakdown)});
}

std::vector<FunnelOutcome> FunnelMatcher::Match() const {
  // Ties between attempts at the same t0 go to the smallest breakdown value in byte order,
  // so events are sorted by the rank of their value, not by its arbitrary intern id.
  std::vector<std::uint32_t> order(breakdowns_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return breakdowns_.value(a) < breakdowns_.value(b); });
  std::vector<std::uint32_t> rank(order.size());
  for (std::uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;

  std::vector<StepEvent> events = events_;
  for (StepEvent& e : events) e.breakdown = rank[e.breakdown];
  std::sort(events.begin(), events.end(), [](const StepEvent& a, const StepEvent& b) {
    if (a.person != b.person) return a.person < b.person;
    if (a.step != b.step) return a.step < b.step;
    if (a.timestamp != b.timestamp) return a.timestamp < b.timestamp;
    return a.breakdown < b.breakdown;
  });

  const std::size_t n = definition_.steps.size();
  std::vector<FunnelOutcome> outcomes;
  std::vector<std::size_t> begin(n + 1);
  std::vector<TimestampMs> times(n);
  for (std::size_t g = 0; g < events.size();) {
    std::size_t end = g;
    while (end < events.size() && events[end].person == events[g].person) ++end;
    // [begin[s], begin[s+1]) holds this person's events of step s, by time.
    for (std::size_t s = 0, i = g; s <= n; ++s) {
      while (i < end && events[i].step < s) ++i;
      begin[s] = i;
    }
    std::size_t best_reached = 0;
    std::uint32_t best_breakdown = 0;
    std::vector<TimestampMs> best_times;
    for (std::size_t a = begin[0]; a < begin[1] && best_reached < n; ++a) {
      const TimestampMs t0 = events[a].timestamp;
      if (a > begin[0] && t0 == events[a - 1].timestamp) continue;  // same attempt, larger breakdown
      const TimestampMs deadline = t0 + definition_.window_ms;
      times[0] = t0;
      std::size_t reached = 1;
      for (std::size_t k = 1; k < n; ++k) {
        auto first = events.begin() + static_cast<std::ptrdiff_t>(begin[k]);
        auto last = events.begin() + static_cast<std::ptrdiff_t>(begin[k + 1]);
        auto hit = std::lower_bound(first, last, times[k - 1],
                                    [](const StepEvent& e, TimestampMs t) { return e.timestamp < t; });
        if (hit == last || hit->timestamp > deadline) break;
        times[k] = hit->timestamp;
        reached = k + 1;
      }
      if (reached > best_reached) {
        best_reached = reached;
        best_breakdown = events[a].breakdown;
        best_times.assign(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(reached));
      }
    }
    if (best_reached > 0) outcomes.push_back({breakdowns_.value(order[best_breakdown]), std::move(best_times)});
    g = end;
  }
  return outcomes;
}

double MedianInPlace(std::vector<double>& values) {
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

namespace {

struct SeriesAccumulator {
  std::vector<std::uint64_t> persons;
  std::vector<std::vector<double>> gaps;  // gaps[k]: step k time − step k−1 time, per person
  std::vector<double> to_convert;

  explicit SeriesAccumulator(std::size_t n) : persons(n, 0), gaps(n) {}

  void Add(const FunnelOutcome& o, std::size_t n) {
    for (std::size_t k = 0; k < o.step_times.size(); ++k) {
      ++persons[k];
      if (k > 0) gaps[k].push_back(static_cast<double>(o.step_times[k] - o.step_times[k - 1]));
    }
    if (n > 1 && o.step_times.size() == n) to_convert.push_back(static_cast<double>(o.step_times[n - 1] - o.step_times[0]));
  }

  FunnelSeries Finish(const FunnelDefinition& definition, std::string breakdown) {
    FunnelSeries s;
    s.breakdown = std::move(breakdown);
    const std::size_t n = definition.steps.size();
    double worst_rate = -1;
    for (std::size_t k = 0; k < n; ++k) {
      FunnelStepStats st;
      st.name = definition.steps[k];
      st.persons = persons[k];
      const auto first = static_cast<double>(persons[0]);
      st.conversion_from_first = persons[0] > 0 ? static_cast<double>(persons[k]) / first : 0;
      if (k == 0) {
        st.conversion_from_previous = 1;
      } else if (persons[k - 1] > 0) {
        const auto previous = static_cast<double>(persons[k - 1]);
        st.conversion_from_previous = static_cast<double>(persons[k]) / previous;
        st.dropped = persons[k - 1] - persons[k];
        st.drop_rate = static_cast<double>(st.dropped) / previous;
        if (st.drop_rate > worst_rate) {
          worst_rate = st.drop_rate;
          s.worst_step = k;
        }
      }
      if (k > 0 && !gaps[k].empty()) st.median_ms_from_previous = MedianInPlace(gaps[k]);
      s.steps.push_back(std::move(st));
    }
    if (!to_convert.empty()) s.median_ms_to_convert = MedianInPlace(to_convert);
    return s;
  }
};

Status CheckOutcome(const FunnelOutcome& o, std::size_t n, std::size_t index) {
  if (o.step_times.empty() || o.step_times.size() > n) {
    return Status::InvalidArgument("funnel outcome " + std::to_string(index) + " reaches " +
                                   std::to_string(o.step_times.size()) + " steps; expected 1 to " + std::to_string(n));
  }
  for (std::size_t k = 1; k < o.step_times.size(); ++k) {
    if (o.step_times[k] < o.step_times[k - 1]) {
      return Status::InvalidArgument("funnel outcome " + std::to_string(index) + ": step " + std::to_string(k + 1) +
                                     " is matched before step " + std::to_string(k));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<FunnelReport> SummarizeFunnel(const FunnelDefinition& definition, std::span<const FunnelOutcome> outcomes) {
  INSIGHTOS_RETURN_IF_ERROR(ValidateFunnelDefinition(definition));
  const std::size_t n = definition.steps.size();
  SeriesAccumulator total(n);
  std::map<std::string, SeriesAccumulator, std::less<>> by_value;
  bool any_breakdown = false;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const FunnelOutcome& o = outcomes[i];
    INSIGHTOS_RETURN_IF_ERROR(CheckOutcome(o, n, i));
    total.Add(o, n);
    auto it = by_value.find(o.breakdown);
    if (it == by_value.end()) it = by_value.emplace(o.breakdown, SeriesAccumulator(n)).first;
    it->second.Add(o, n);
    any_breakdown = any_breakdown || !o.breakdown.empty();
  }
  FunnelReport report;
  report.definition = definition;
  report.total = total.Finish(definition, "");
  if (any_breakdown) {
    for (auto& [value, acc] : by_value) report.breakdowns.push_back(acc.Finish(definition, value));
    std::stable_sort(report.breakdowns.begin(), report.breakdowns.end(), [](const FunnelSeries& a, const FunnelSeries& b) {
      return a.steps[0].persons > b.steps[0].persons;  // the map already ordered values by bytes
    });
  }
  return report;
}

std::string WorstStepLabel(const FunnelDefinition& definition, const FunnelSeries& series) {
  if (!series.worst_step || *series.worst_step == 0 || *series.worst_step >= definition.steps.size()) return "";
  return definition.steps[*series.worst_step - 1] + " \xE2\x86\x92 " + definition.steps[*series.worst_step];
}

}  // namespace insightos::analytics
