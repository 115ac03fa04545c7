// A closed- or open-loop HTTP load generator over keep-alive connections.
#ifndef INSIGHTOS_TESTS_SUPPORT_HTTP_LOAD_H_
#define INSIGHTOS_TESTS_SUPPORT_HTTP_LOAD_H_

#include <cstdint>
#include <string>
#include <vector>

namespace insightos::testing {

struct LoadResult {
  double seconds = 0;
  std::int64_t acknowledged_events = 0;  // events in requests answered 200
  std::int64_t failed_requests = 0;      // non-200 after retries, or transport errors
  std::int64_t retries = 0;
  std::vector<double> latencies_ms;      // one per request
  std::vector<double> scheduled_s;       // when each of those requests was due, from the run's start
  double Percentile(double p) const;
  double EventsPerSecond() const { return static_cast<double>(acknowledged_events) / seconds; }
};

// Sends every body (a /v1/batch of events_per_body events) once, over `connections` threads.
// requests_per_second <= 0: as fast as possible (closed loop). Otherwise requests are
// scheduled at that rate and latency is measured from the scheduled time, so a stalled
// server is charged for the requests queued behind it (no coordinated omission).
// 503/429 are retried after Retry-After, counted in retries.
LoadResult RunHttpLoad(int port, const std::string& write_key, const std::vector<std::string>& bodies,
                       std::size_t events_per_body, int connections, double requests_per_second);

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_SUPPORT_HTTP_LOAD_H_
