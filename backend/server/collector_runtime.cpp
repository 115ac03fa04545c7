#include "backend/server/collector_runtime.h"

namespace insightos::server {

ingest::GroupCommitOptions DefaultWriteOptions(const storage::DatabaseUrl& database) {
  ingest::GroupCommitOptions options;
  options.writer_threads = database.dialect == storage::SqlDialect::kSqlite ? 1 : 2;
  return options;
}

CollectorRuntime::CollectorRuntime(const storage::DatabaseUrl& database, CollectorConfig config,
                                   ingest::GroupCommitOptions write_options) {
  writer_ = std::make_unique<ingest::GroupCommitWriter>([database] { return storage::OpenEventStore(database); },
                                                        write_options, &metrics_);
  server_ = std::make_unique<CollectorServer>(std::move(config), writer_.get(), &metrics_);
}

CollectorRuntime::~CollectorRuntime() { Stop(); }

void CollectorRuntime::Start() {
  server_->Bind();
  serving_ = std::thread([this] { server_->Serve(); });
}

void CollectorRuntime::Stop() {
  if (stopped_) return;
  stopped_ = true;
  server_->Stop();
  if (serving_.joinable()) serving_.join();
  writer_->Shutdown();
}

}  // namespace insightos::server
