#include "tests/backend/simulated_events.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "backend/simulator/planted_value.h"
#include "backend/simulator/simulator.h"
#include "backend/storage/event_store.h"

namespace insightos::testing {

namespace {

class CollectingSink : public simulator::SimulationSink {
 public:
  explicit CollectingSink(SimulatedData* out) : out_(out) {}
  Status Write(const simulator::PersonTruth& truth, std::span<const Event> events) override {
    out_->truths.push_back(truth);
    out_->events.insert(out_->events.end(), events.begin(), events.end());
    return Status::Ok();
  }
  Status Close() override { return Status::Ok(); }

 private:
  SimulatedData* out_;
};

}  // namespace

SimulatedData Simulate(std::uint64_t users, std::uint64_t seed) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = users;
  config.seed = seed;
  EXPECT_TRUE(simulator::PlantValueRatio(&config).ok());
  SimulatedData data;
  CollectingSink sink(&data);
  simulator::SimulationSink* sinks[] = {&sink};
  Result<simulator::SimulationSummary> summary = simulator::RunSimulation(config, sinks);
  EXPECT_TRUE(summary.ok()) << summary.status().ToString();
  return data;
}

Status VectorEventSource::ForEachEvent(const std::function<Status(const Event&)>& visit) {
  for (const Event& e : events_) INSIGHTOS_RETURN_IF_ERROR(visit(e));
  return Status::Ok();
}

std::size_t StoreShuffled(const storage::DatabaseUrl& url, std::vector<Event> events, std::uint64_t seed,
                          std::size_t max_batch) {
  std::mt19937_64 rng(seed);
  std::shuffle(events.begin(), events.end(), rng);
  auto store = storage::OpenEventStore(url);
  std::size_t batches = 0;
  for (std::size_t i = 0; i < events.size();) {
    const std::size_t n = std::min(events.size() - i, 1 + static_cast<std::size_t>(rng() % max_batch));
    storage::IngestBatch batch;
    for (std::size_t j = i; j < i + n; ++j) batch.events.push_back(storage::MakeEventRow(events[j], "test"));
    store->Write(batch);
    ++batches;
    i += n;
  }
  return batches;
}

}  // namespace insightos::testing
