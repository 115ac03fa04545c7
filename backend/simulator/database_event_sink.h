// Bulk-loads the simulated events into the database (the fast output of SPEC §6): each event
// becomes exactly the row the collector would store (storage::MakeEventRow), written through
// the collector's own EventStore in large batches (PostgreSQL: COPY; SQLite: one transaction
// of prepared inserts per batch), identities included. A writer thread stores one batch while
// the simulator draws the next.
//
// Re-running the same simulation into the same database stores nothing twice (message ids
// are deduplicated per source, as for the collector).
#ifndef INSIGHTOS_BACKEND_SIMULATOR_DATABASE_EVENT_SINK_H_
#define INSIGHTOS_BACKEND_SIMULATOR_DATABASE_EVENT_SINK_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "backend/simulator/batch_queue.h"
#include "backend/simulator/simulation_sink.h"
#include "backend/storage/event_store.h"

namespace insightos::simulator {

struct DatabaseSinkOptions {
  storage::DatabaseUrl database;
  std::string source = "simulator";  // stored as the events' source, as a write key's name is
  std::size_t batch_events = 20000;  // events per transaction
};

class DatabaseEventSink : public SimulationSink {
 public:
  // Opens the event store. Errors: Unavailable when the database cannot be reached,
  // FailedPrecondition when it is not migrated, InvalidArgument for a bad option.
  static Result<std::unique_ptr<DatabaseEventSink>> Open(const DatabaseSinkOptions& options);
  ~DatabaseEventSink() override;

  // Fails once a batch could not be stored, so the run stops early.
  Status Write(const PersonTruth& truth, std::span<const Event> events) override;
  // Stores what is left and waits for the writer.
  Status Close() override;

  // Complete after Close().
  std::int64_t inserted() const;
  std::int64_t duplicates() const;

 private:
  DatabaseEventSink(DatabaseSinkOptions options, std::unique_ptr<storage::EventStore> store);
  void WriteBatches();  // the writer thread
  Status error() const;
  void Stop();

  DatabaseSinkOptions options_;
  std::unique_ptr<storage::EventStore> store_;  // used by the writer thread only
  BatchQueue<storage::IngestBatch> queue_;
  storage::IngestBatch pending_;
  std::thread writer_;
  mutable std::mutex mu_;
  Status error_;              // GUARDED_BY(mu_)
  std::int64_t inserted_ = 0; // GUARDED_BY(mu_)
  std::int64_t duplicates_ = 0;
  bool stopped_ = false;
};

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_DATABASE_EVENT_SINK_H_
