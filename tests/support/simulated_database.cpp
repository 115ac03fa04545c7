#include "tests/support/simulated_database.h"

#include <memory>
#include <stdexcept>

#include "backend/simulator/planted_value.h"
#include "backend/storage/event_store.h"

namespace insightos::testing {

namespace {

// Buffers rows and writes them a few thousand at a time, as the collector's group commit does.
class EventStoreSink : public simulator::SimulationSink {
 public:
  EventStoreSink(const storage::DatabaseUrl& database, SimulatedDatabase* out)
      : store_(storage::OpenEventStore(database)), out_(out) {}

  Status Write(const simulator::PersonTruth& truth, std::span<const Event> events) override {
    if (!truth.user_id.empty()) out_->conversion_probability[truth.user_id] = truth.conversion_probability;
    for (const Event& e : events) batch_.events.push_back(storage::MakeEventRow(e, "simulator"));
    if (batch_.events.size() >= 5000) Flush();
    return Status::Ok();
  }

  Status Close() override {
    Flush();
    return Status::Ok();
  }

 private:
  void Flush() {
    if (batch_.events.empty()) return;
    out_->events += static_cast<std::uint64_t>(store_->Write(batch_).inserted);
    batch_ = storage::IngestBatch();
  }

  std::unique_ptr<storage::EventStore> store_;
  SimulatedDatabase* out_;
  storage::IngestBatch batch_;
};

}  // namespace

SimulatedDatabase LoadSimulatedPeople(const storage::DatabaseUrl& database, std::uint64_t users, std::uint64_t seed) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = users;
  config.seed = seed;
  Status planted = simulator::PlantValueRatio(&config);
  if (!planted.ok()) throw std::runtime_error(planted.ToString());
  SimulatedDatabase out;
  EventStoreSink sink(database, &out);
  simulator::SimulationSink* sinks[] = {&sink};
  Result<simulator::SimulationSummary> summary = simulator::RunSimulation(config, sinks);
  if (!summary.ok()) throw std::runtime_error(summary.status().ToString());
  out.summary = *summary;
  return out;
}

}  // namespace insightos::testing
