// Process metrics in Prometheus text format (GET /metrics). Counters and histograms are
// lock-free atomics: they are updated on every request from many threads.
#ifndef INSIGHTOS_BACKEND_METRICS_METRICS_H_
#define INSIGHTOS_BACKEND_METRICS_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace insightos::metrics {

class Histogram {
 public:
  // Upper bounds in ascending order; an implicit +Inf bucket follows.
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);
  // Appends name_bucket{le=...}, name_sum and name_count lines (labels may be empty or "k=\"v\"").
  void Render(const std::string& name, const std::string& labels, std::string* out) const;

 private:
  std::vector<double> bounds_;
  std::vector<std::atomic<std::uint64_t>> counts_;  // cumulative at render time, per-bucket here
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};         // sum in millionths, to stay integral
};

struct Metrics {
  Metrics();

  std::atomic<std::uint64_t> events_accepted{0};
  std::atomic<std::uint64_t> events_rejected{0};
  std::atomic<std::uint64_t> events_duplicate{0};
  std::atomic<std::uint64_t> commits{0};
  std::atomic<std::uint64_t> commit_failures{0};
  std::atomic<std::uint64_t> spooled_batches{0};
  std::atomic<std::uint64_t> replayed_batches{0};
  // Responses by class of status code, indexed by RecordResponse.
  std::array<std::atomic<std::uint64_t>, 8> responses{};
  Histogram request_seconds;
  Histogram commit_seconds;
  Histogram commit_events;

  // Gauges read at render time (queue depth, spool depth, ...).
  std::vector<std::pair<std::string, std::function<double()>>> gauges;

  void RecordResponse(int status);
  std::string RenderPrometheus() const;
};

}  // namespace insightos::metrics

#endif  // INSIGHTOS_BACKEND_METRICS_METRICS_H_
