// Simulated events for database tests: the simulator's people held in memory, an EventSource
// over them (the in-memory reference), and a loader that stores them the way real traffic
// arrives (out of order, in batches of any size, duplicates included).
#ifndef INSIGHTOS_TESTS_BACKEND_SIMULATED_EVENTS_H_
#define INSIGHTOS_TESTS_BACKEND_SIMULATED_EVENTS_H_

#include <cstdint>
#include <span>
#include <vector>

#include "backend/analytics/event_source.h"
#include "backend/simulator/person_journey.h"
#include "backend/storage/database_url.h"

namespace insightos::testing {

struct SimulatedData {
  std::vector<Event> events;                   // people one after another, each in time order
  std::vector<simulator::PersonTruth> truths;  // one per person
};

// The default model (docs/simulator.md) for `users` people.
SimulatedData Simulate(std::uint64_t users, std::uint64_t seed);

// Replays a vector of events, in its order.
class VectorEventSource : public analytics::EventSource {
 public:
  explicit VectorEventSource(std::span<const Event> events) : events_(events) {}
  Status ForEachEvent(const std::function<Status(const Event&)>& visit) override;

 private:
  std::span<const Event> events_;
};

// Stores the events through the collector's EventStore (source "test") shuffled by `seed`,
// in batches of 1 to max_batch events. Returns the number of batches written.
std::size_t StoreShuffled(const storage::DatabaseUrl& url, std::vector<Event> events, std::uint64_t seed,
                          std::size_t max_batch = 500);

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_BACKEND_SIMULATED_EVENTS_H_
