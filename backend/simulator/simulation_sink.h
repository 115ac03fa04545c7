// Where simulated people go. The simulator hands each person to every sink, one person at a
// time, so any number of users streams in constant memory. Implementations: an NDJSON event
// file, a ground-truth CSV, the HTTP collector and a bulk load into the database.
#ifndef INSIGHTOS_BACKEND_SIMULATOR_SIMULATION_SINK_H_
#define INSIGHTOS_BACKEND_SIMULATOR_SIMULATION_SINK_H_

#include <span>

#include "backend/simulator/person_journey.h"
#include "insightos/event.h"
#include "insightos/status.h"

namespace insightos::simulator {

class SimulationSink {
 public:
  virtual ~SimulationSink() = default;
  // One person: their ground truth and their events in time order. The spans are only valid
  // during the call. A non-OK status stops the run.
  virtual Status Write(const PersonTruth& truth, std::span<const Event> events) = 0;
  // Flushes everything written. Called once after the last Write; errors are reported here
  // (a full disk shows up at the latest on close).
  virtual Status Close() = 0;
};

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_SIMULATION_SINK_H_
