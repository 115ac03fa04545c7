// Sends the simulated events through a running collector over real HTTP (the end-to-end
// output of SPEC §6): POST /v1/batch on several keep-alive connections at once, with the
// client's retries (backend/client/http_event_sender.h).
//
// The events are history being imported, so they go without their own `sentAt`: the batch's
// sentAt is the moment of sending, the collector sees no clock skew, and every event keeps
// its simulated timestamp (Segment's convention for historical imports). Timestamps more than
// a day after the collector's clock would be clamped to it, so `--now` must not be in the future.
// A person's events may travel in different requests on different connections, so they arrive
// out of order, as they do from real browsers.
#ifndef INSIGHTOS_BACKEND_SIMULATOR_HTTP_COLLECTOR_SINK_H_
#define INSIGHTOS_BACKEND_SIMULATOR_HTTP_COLLECTOR_SINK_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "backend/client/http_event_sender.h"
#include "backend/simulator/batch_queue.h"
#include "backend/simulator/simulation_sink.h"

namespace insightos::simulator {

struct HttpCollectorOptions {
  std::string base_url;        // "http://127.0.0.1:8080"
  std::string write_key;
  int connections = 4;         // concurrent requests
  // Events per request. Simulated events are under 2 KB, so requests stay far below the
  // collector's 500 KB and 2,500-event limits.
  std::size_t batch_size = 200;
  int max_attempts = 8;        // per request, with the client's backoff between attempts
};

class HttpCollectorSink : public SimulationSink {
 public:
  // Starts the connections' threads. Errors: InvalidArgument for a bad option.
  static Result<std::unique_ptr<HttpCollectorSink>> Open(const HttpCollectorOptions& options);
  ~HttpCollectorSink() override;

  // Fails (Unavailable) once a request was given up on, so the run stops early.
  Status Write(const PersonTruth& truth, std::span<const Event> events) override;
  // Sends what is left and waits for every response. Unavailable when events were given up
  // on (retries exhausted or a non-retryable status), naming the last error.
  Status Close() override;

  // What the collector acknowledged, over all connections. Complete after Close().
  client::SendReport report() const;

 private:
  explicit HttpCollectorSink(HttpCollectorOptions options);
  void Deliver();  // one connection's loop
  void Stop();

  HttpCollectorOptions options_;
  BatchQueue<std::vector<Event>> queue_;
  std::vector<Event> pending_;
  std::vector<std::thread> connections_;
  std::atomic<bool> gave_up_{false};
  mutable std::mutex mu_;
  client::SendReport total_;  // GUARDED_BY(mu_)
  bool stopped_ = false;
};

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_HTTP_COLLECTOR_SINK_H_
