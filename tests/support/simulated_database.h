// Loads simulated people (backend/simulator) into a database through the ingest path's own
// EventStore (the rows, dedup and identity links the collector would write), for tests and
// benchmarks of the jobs that read stored events. Keeps each lead's ground truth.
#ifndef INSIGHTOS_TESTS_SUPPORT_SIMULATED_DATABASE_H_
#define INSIGHTOS_TESTS_SUPPORT_SIMULATED_DATABASE_H_

#include <cstdint>
#include <map>
#include <string>

#include "backend/simulator/simulator.h"
#include "backend/storage/database_url.h"

namespace insightos::testing {

struct SimulatedDatabase {
  simulator::SimulationSummary summary;
  // Each lead's (user id's) true conversion probability, from the simulator's truth.
  std::map<std::string, double> conversion_probability;
  std::uint64_t events = 0;  // stored
};

// Simulates `users` visitors with `seed` (other parameters: DefaultSimulationConfig) and
// writes their events in batches. REQUIRES: a migrated database. Throws on failure.
SimulatedDatabase LoadSimulatedPeople(const storage::DatabaseUrl& database, std::uint64_t users, std::uint64_t seed);

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_SUPPORT_SIMULATED_DATABASE_H_
