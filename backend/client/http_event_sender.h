// Sends events to a collector over real HTTP, as a Segment SDK would: /v1/batch requests
// of up to batch_size events, retried on connection errors, 429 and 5xx with exponential
// backoff that honours Retry-After; 4xx other than 429 are not retried. Used by the
// simulator's end-to-end output, the demo and the ingest benchmark.
#ifndef INSIGHTOS_BACKEND_CLIENT_HTTP_EVENT_SENDER_H_
#define INSIGHTOS_BACKEND_CLIENT_HTTP_EVENT_SENDER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "insightos/event.h"

namespace httplib {
class Client;
}

namespace insightos::client {

struct SenderOptions {
  std::size_t batch_size = 100;
  int max_attempts = 8;
  std::chrono::milliseconds first_backoff{100};
  std::chrono::milliseconds max_backoff{5000};
};

struct SendReport {
  std::int64_t accepted = 0;   // events the collector acknowledged as stored
  std::int64_t rejected = 0;   // events it rejected as invalid
  std::int64_t failed = 0;     // events given up on (non-retryable status or attempts exhausted)
  std::int64_t requests = 0;
  std::int64_t retries = 0;
  std::string last_error;
};

class HttpEventSender {
 public:
  // base_url like "http://127.0.0.1:8080". Not thread-safe: one sender per thread.
  HttpEventSender(const std::string& base_url, std::string write_key, SenderOptions options = {});
  ~HttpEventSender();

  // Sends the events in order, in batches. Accumulates into report().
  void Send(const std::vector<Event>& events);
  // Sends one prepared /v1/batch body (exposed for benchmarks that pre-build bodies).
  void SendBody(const std::string& body, std::size_t event_count);

  const SendReport& report() const { return report_; }

 private:
  std::unique_ptr<httplib::Client> client_;
  std::string write_key_;
  SenderOptions options_;
  SendReport report_;
};

// {"batch":[...events...],"sentAt":now} with each event in Segment's JSON form.
std::string BuildBatchBody(const Event* begin, const Event* end, TimestampMs sent_at);

}  // namespace insightos::client

#endif  // INSIGHTOS_BACKEND_CLIENT_HTTP_EVENT_SENDER_H_
