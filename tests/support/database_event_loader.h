// Puts events into a test database the way the collector stores them (EventStore::Write of
// MakeEventRow rows: events, identities, users), in batches, then fills every user's
// first-touch campaign (the attribution job's analytics::RefreshAttribution) as the jobs expect
// to find it.
#ifndef INSIGHTOS_TESTS_SUPPORT_DATABASE_EVENT_LOADER_H_
#define INSIGHTOS_TESTS_SUPPORT_DATABASE_EVENT_LOADER_H_

#include <cstddef>
#include <memory>
#include <span>

#include "backend/simulator/simulation_sink.h"
#include "backend/simulator/simulator.h"
#include "backend/storage/event_store.h"

namespace insightos::testing {

// A simulation sink (and a plain event writer) that stores events in batches of `batch_size`.
class DatabaseEventLoader : public simulator::SimulationSink {
 public:
  explicit DatabaseEventLoader(const storage::DatabaseUrl& url, std::size_t batch_size = 5000);

  void Add(const Event& event);  // throws StorageError
  Status Write(const simulator::PersonTruth& truth, std::span<const Event> events) override;
  Status Close() override;      // writes what is buffered
  std::int64_t stored() const { return stored_; }

 private:
  void Flush();

  std::unique_ptr<storage::EventStore> store_;
  std::size_t batch_size_;
  storage::IngestBatch batch_;
  std::int64_t stored_ = 0;
};

// Every user's first touch, by a full run of analytics::RefreshAttribution.
void RefreshFirstTouchOfAllUsers(const storage::DatabaseUrl& url);

// Runs the simulation into the database and refreshes first touch. Errors: the simulator's.
Result<simulator::SimulationSummary> LoadSimulation(const storage::DatabaseUrl& url,
                                                    const simulator::SimulationConfig& config);

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_SUPPORT_DATABASE_EVENT_LOADER_H_
