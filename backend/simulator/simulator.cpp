#include "backend/simulator/simulator.h"

#include <vector>

#include "backend/simulator/person_journey.h"
#include "backend/simulator/planted_value.h"

namespace insightos::simulator {

namespace {

constexpr std::size_t kAucBins = 1 << 16;
constexpr std::uint64_t kProgressEvery = 4096;

// Mann-Whitney AUC from per-bin counts; pairs within a bin count one half.
double BinnedAuc(const std::vector<std::uint64_t>& positives, const std::vector<std::uint64_t>& negatives) {
  double wins = 0, negatives_below = 0, total_pos = 0;
  for (std::size_t b = 0; b < positives.size(); ++b) {
    const auto pos = static_cast<double>(positives[b]);
    const auto neg = static_cast<double>(negatives[b]);
    wins += pos * (negatives_below + 0.5 * neg);
    negatives_below += neg;
    total_pos += pos;
  }
  const double pairs = total_pos * negatives_below;
  return pairs > 0 ? wins / pairs : 0;
}

void Count(const PersonTruth& t, std::size_t events, SimulationSummary* s,
           std::vector<std::uint64_t>* positives, std::vector<std::uint64_t>* negatives) {
  ++s->users;
  s->events += events;
  if (t.is_bot) {
    ++s->bots;
    return;
  }
  CampaignTruthSummary& c = s->campaigns[t.campaign];
  ++c.visitors;
  if (!t.signed_up) return;
  ++s->leads;
  ++c.leads;
  s->verified += t.verified;
  s->activated += t.projects > 0;
  s->inviters += t.invites > 0;
  const auto bin = std::min(kAucBins - 1, static_cast<std::size_t>(t.conversion_probability * kAucBins));
  ++(t.converted ? *positives : *negatives)[bin];
  if (!t.converted) return;
  ++s->customers;
  ++c.customers;
  s->orders += static_cast<std::uint64_t>(t.orders);
  s->revenue += t.revenue;
  if (t.horizon_complete) {
    ++c.valued_customers;
    c.horizon_revenue += t.horizon_revenue;
  }
}

}  // namespace

Result<SimulationSummary> RunSimulation(const SimulationConfig& config, std::span<SimulationSink* const> sinks,
                                        const ProgressCallback& progress) {
  INSIGHTOS_RETURN_IF_ERROR(ValidateSimulationConfig(config));
  JourneyGenerator generator(config);
  SimulationSummary summary;
  std::vector<std::uint64_t> positives(kAucBins, 0), negatives(kAucBins, 0);
  PersonTruth truth;
  std::vector<Event> events;
  Status status;
  for (std::uint64_t i = 0; i < config.users && status.ok(); ++i) {
    generator.Generate(i, &truth, &events);
    for (SimulationSink* sink : sinks) {
      status = sink->Write(truth, events);
      if (!status.ok()) break;
    }
    Count(truth, events.size(), &summary, &positives, &negatives);
    if (progress && ((i + 1) % kProgressEvery == 0 || i + 1 == config.users)) progress(i + 1, config.users);
  }
  for (SimulationSink* sink : sinks) {
    Status closed = sink->Close();
    if (status.ok()) status = closed;
  }
  if (!status.ok()) return status;
  summary.oracle_auc = BinnedAuc(positives, negatives);
  for (const CampaignProfile& c : config.campaigns) {
    summary.campaigns[c.name].expected_value = ExpectedCustomerValue(c, config.value_horizon_days).value_or(0);
  }
  return summary;
}

}  // namespace insightos::simulator
