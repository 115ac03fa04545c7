#include "tests/support/simulated_database.h"

#include <stdexcept>

#include "backend/simulator/planted_value.h"
#include "tests/support/database_event_loader.h"

namespace insightos::testing {

namespace {

// Stores events through DatabaseEventLoader and keeps each lead's true conversion probability.
class TruthKeepingLoader : public simulator::SimulationSink {
 public:
  TruthKeepingLoader(const storage::DatabaseUrl& database, SimulatedDatabase* out) : loader_(database), out_(out) {}

  Status Write(const simulator::PersonTruth& truth, std::span<const Event> events) override {
    if (!truth.user_id.empty()) out_->conversion_probability[truth.user_id] = truth.conversion_probability;
    return loader_.Write(truth, events);
  }

  Status Close() override {
    Status closed = loader_.Close();
    out_->events = static_cast<std::uint64_t>(loader_.stored());
    return closed;
  }

 private:
  DatabaseEventLoader loader_;
  SimulatedDatabase* out_;
};

}  // namespace

SimulatedDatabase LoadSimulatedPeople(const storage::DatabaseUrl& database, std::uint64_t users, std::uint64_t seed) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = users;
  config.seed = seed;
  Status planted = simulator::PlantValueRatio(&config);
  if (!planted.ok()) throw std::runtime_error(planted.ToString());
  SimulatedDatabase out;
  TruthKeepingLoader sink(database, &out);
  simulator::SimulationSink* sinks[] = {&sink};
  Result<simulator::SimulationSummary> summary = simulator::RunSimulation(config, sinks);
  if (!summary.ok()) throw std::runtime_error(summary.status().ToString());
  out.summary = *summary;
  return out;
}

}  // namespace insightos::testing
