// A collector assembled and running: metrics, the group-commit writer on a database, and
// the HTTP server on a background thread. Used by `insightos serve`, `insightos demo` and
// the HTTP tests, so all three run the same wiring.
#ifndef INSIGHTOS_BACKEND_SERVER_COLLECTOR_RUNTIME_H_
#define INSIGHTOS_BACKEND_SERVER_COLLECTOR_RUNTIME_H_

#include <memory>
#include <thread>

#include "backend/ingest/group_commit_writer.h"
#include "backend/metrics/metrics.h"
#include "backend/server/collector_config.h"
#include "backend/server/collector_server.h"
#include "backend/storage/database_url.h"

namespace insightos::server {

class CollectorRuntime {
 public:
  // Opens the spool if config.spool_dir is set; throws std::runtime_error if it cannot
  // (e.g. another collector holds it).
  CollectorRuntime(const storage::DatabaseUrl& database, CollectorConfig config,
                   ingest::GroupCommitOptions write_options = {});
  ~CollectorRuntime();  // Stop()

  // Binds the port and starts serving on a background thread. Throws if the port is taken.
  void Start();
  int port() const { return server_->port(); }
  // Stops accepting requests, lets in-flight ones finish, writes what is queued. Idempotent.
  void Stop();

  CollectorServer& server() { return *server_; }
  metrics::Metrics& metrics() { return metrics_; }
  ingest::Spool* spool() { return spool_.get(); }

 private:
  metrics::Metrics metrics_;
  std::unique_ptr<ingest::Spool> spool_;
  std::unique_ptr<ingest::GroupCommitWriter> writer_;
  std::unique_ptr<CollectorServer> server_;
  std::thread serving_;
  bool stopped_ = false;
};

// SQLite allows a single writer; PostgreSQL gets two writer connections by default.
ingest::GroupCommitOptions DefaultWriteOptions(const storage::DatabaseUrl& database);

}  // namespace insightos::server

#endif  // INSIGHTOS_BACKEND_SERVER_COLLECTOR_RUNTIME_H_
