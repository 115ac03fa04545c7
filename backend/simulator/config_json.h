// The effective simulation parameters as JSON (`insightos simulate --params-out`), so the
// fits downstream can be compared with the exact truth, including the planted spend scale.
#ifndef INSIGHTOS_BACKEND_SIMULATOR_CONFIG_JSON_H_
#define INSIGHTOS_BACKEND_SIMULATOR_CONFIG_JSON_H_

#include <nlohmann/json.hpp>

#include "backend/simulator/simulation_config.h"
#include "backend/simulator/simulator.h"

namespace insightos::simulator {

// Every field of the config; campaigns carry their expected customer value over the horizon.
nlohmann::json SimulationConfigToJson(const SimulationConfig& config);

nlohmann::json SimulationSummaryToJson(const SimulationSummary& summary);

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_CONFIG_JSON_H_
