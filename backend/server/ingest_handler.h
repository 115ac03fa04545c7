// The ingestion endpoints (SPEC §2): authenticate the write key, check the Origin, parse
// and validate the body, hand the events to the group-commit writer, and answer only once
// they are durable.
#ifndef INSIGHTOS_BACKEND_SERVER_INGEST_HANDLER_H_
#define INSIGHTOS_BACKEND_SERVER_INGEST_HANDLER_H_

#include <optional>
#include <semaphore>

#include "backend/ingest/group_commit_writer.h"
#include "backend/metrics/metrics.h"
#include "backend/server/collector_config.h"
#include "backend/server/rate_limiter.h"
#include "insightos/event.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace insightos::server {

class IngestHandler {
 public:
  // All pointers must outlive the handler. Thread-safe.
  IngestHandler(const CollectorConfig* config, ingest::GroupCommitWriter* writer, metrics::Metrics* metrics)
      : config_(config),
        writer_(writer),
        metrics_(metrics),
        per_address_(config->rate_limit_per_address, 2 * config->rate_limit_per_address),
        per_key_(config->rate_limit_per_key, 2 * config->rate_limit_per_key),
        parse_slots_(ParseConcurrency()) {}

  // implied_type: set for /v1/track, /v1/page, ...; nullopt for /v1/batch.
  void Handle(const httplib::Request& req, httplib::Response& res, std::optional<EventType> implied_type) const;
  // CORS preflight for any /v1/ path.
  void Preflight(const httplib::Request& req, httplib::Response& res) const;

 private:
  static std::ptrdiff_t ParseConcurrency();
  int Process(const httplib::Request& req, httplib::Response& res, std::optional<EventType> implied_type) const;

  std::string ClientAddress(const httplib::Request& req) const;

  const CollectorConfig* config_;
  ingest::GroupCommitWriter* writer_;
  metrics::Metrics* metrics_;
  mutable RateLimiter per_address_;
  mutable RateLimiter per_key_;
  // Parsing a body is the request threads' only heavy work. With one thread per connection,
  // a commit that releases dozens of requests at once would otherwise wake dozens of parsers
  // that crowd the database writer (the bottleneck) off the CPU; this many run at a time.
  mutable std::counting_semaphore<256> parse_slots_;
};

}  // namespace insightos::server

#endif  // INSIGHTOS_BACKEND_SERVER_INGEST_HANDLER_H_
