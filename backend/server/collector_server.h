// The HTTP collector: ingestion endpoints, CORS, health, metrics and static web files,
// on cpp-httplib. Stateless apart from the in-flight group-commit queue, so any number of
// instances can run behind a load balancer.
#ifndef INSIGHTOS_BACKEND_SERVER_COLLECTOR_SERVER_H_
#define INSIGHTOS_BACKEND_SERVER_COLLECTOR_SERVER_H_

#include <httplib.h>

#include <memory>

#include "backend/ingest/group_commit_writer.h"
#include "backend/metrics/metrics.h"
#include "backend/server/collector_config.h"
#include "backend/server/ingest_handler.h"

namespace insightos::server {

class CollectorServer {
 public:
  // writer and metrics must outlive the server.
  // spool may be null (no spool configured).
  CollectorServer(CollectorConfig config, ingest::GroupCommitWriter* writer, metrics::Metrics* metrics,
                  const ingest::Spool* spool = nullptr);

  // Binds config.host:config.port (port 0: a free port). Throws std::runtime_error on failure.
  void Bind();
  int port() const { return port_; }
  // Serves until Stop() is called (from any thread). REQUIRES: Bind().
  void Serve();
  void Stop();

  // For other modules to add routes (jobs, model, dashboard) before Serve().
  httplib::Server& http() { return http_; }
  const CollectorConfig& config() const { return config_; }

 private:
  void RegisterRoutes();

  CollectorConfig config_;
  ingest::GroupCommitWriter* writer_;
  metrics::Metrics* metrics_;
  const ingest::Spool* spool_;
  IngestHandler ingest_;
  httplib::Server http_;
  int port_ = 0;
  socket_t listen_socket_ = INVALID_SOCKET;
};

}  // namespace insightos::server

#endif  // INSIGHTOS_BACKEND_SERVER_COLLECTOR_SERVER_H_
