#include "backend/server/collector_runtime.h"

#include <stdexcept>

namespace insightos::server {

ingest::GroupCommitOptions DefaultWriteOptions(const storage::DatabaseUrl& database) {
  ingest::GroupCommitOptions options;
  options.writer_threads = database.dialect == storage::SqlDialect::kSqlite ? 1 : 2;
  return options;
}

CollectorRuntime::CollectorRuntime(const storage::DatabaseUrl& database, CollectorConfig config,
                                   ingest::GroupCommitOptions write_options) {
  if (!config.spool_dir.empty()) {
    Result<std::unique_ptr<ingest::Spool>> spool = ingest::Spool::Open({config.spool_dir, config.spool_max_bytes});
    if (!spool.ok()) throw std::runtime_error(spool.status().message());
    spool_ = std::move(*spool);
    ingest::Spool* s = spool_.get();
    metrics_.gauges.emplace_back("insightos_spool_pending_records", [s] { return static_cast<double>(s->pending_records()); });
    metrics_.gauges.emplace_back("insightos_spool_pending_bytes", [s] { return static_cast<double>(s->pending_bytes()); });
    metrics_.gauges.emplace_back("insightos_spool_corrupt_records", [s] { return static_cast<double>(s->corrupt_records()); });
  }
  writer_ = std::make_unique<ingest::GroupCommitWriter>([database] { return storage::OpenEventStore(database); },
                                                        write_options, &metrics_, spool_.get());
  server_ = std::make_unique<CollectorServer>(std::move(config), writer_.get(), &metrics_, spool_.get());
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
