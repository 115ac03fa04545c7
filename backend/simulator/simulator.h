// Runs the generative model for config.users people and streams each one to the sinks
// (memory does not grow with the number of users). Reproducible: the same config and seed
// give byte-identical outputs, and person i is the same in a run of any size.
#ifndef INSIGHTOS_BACKEND_SIMULATOR_SIMULATOR_H_
#define INSIGHTOS_BACKEND_SIMULATOR_SIMULATOR_H_

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>

#include "backend/simulator/simulation_config.h"
#include "backend/simulator/simulation_sink.h"
#include "insightos/status.h"

namespace insightos::simulator {

struct CampaignTruthSummary {
  std::uint64_t visitors = 0;         // people who are not crawlers
  std::uint64_t leads = 0;
  std::uint64_t customers = 0;
  std::uint64_t valued_customers = 0; // customers whose value horizon ended by `now`
  double horizon_revenue = 0;         // summed over valued customers
  double expected_value = 0;          // E[V(H)] of the model (planted_value.h)
};

struct SimulationSummary {
  std::uint64_t users = 0;
  std::uint64_t bots = 0;
  std::uint64_t events = 0;
  std::uint64_t leads = 0;
  std::uint64_t verified = 0;
  std::uint64_t activated = 0;        // created a project
  std::uint64_t inviters = 0;
  std::uint64_t customers = 0;
  std::uint64_t orders = 0;
  double revenue = 0;
  // AUC of the true conversion probability against observed conversion, over leads: the
  // best a lead-scoring model can do on this data (computed on 2^16 probability bins, so
  // within ~1e-4 of the exact value).
  double oracle_auc = 0;
  std::map<std::string, CampaignTruthSummary> campaigns;
};

// Called with the number of people done so far, every few thousand people and at the end.
using ProgressCallback = std::function<void(std::uint64_t done, std::uint64_t total)>;

// Sinks are written in order for each person, then closed (all of them, even after an error).
// REQUIRES: ValidateSimulationConfig(config).ok() and the value ratio planted (PlantValueRatio)
// if the planted truth matters. Errors: the first sink error.
Result<SimulationSummary> RunSimulation(const SimulationConfig& config, std::span<SimulationSink* const> sinks,
                                        const ProgressCallback& progress = {});

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_SIMULATOR_H_
