#include "backend/metrics/metrics.h"

#include <cmath>
#include <cstdio>

namespace insightos::metrics {

namespace {
// Which response counter a status goes to, and its label.
constexpr std::array<int, 8> kTrackedStatuses = {200, 400, 401, 403, 413, 429, 503, 500};

std::string FormatDouble(double v) {
  if (std::isinf(v)) return "+Inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
}  // namespace

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)), counts_(bounds_.size() + 1) {}

void Histogram::Observe(double value) {
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(std::llround(value * 1e6)), std::memory_order_relaxed);
}

void Histogram::Render(const std::string& name, const std::string& labels, std::string* out) const {
  std::uint64_t cumulative = 0;
  const std::string sep = labels.empty() ? "" : ",";
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    const double le = i < bounds_.size() ? bounds_[i] : INFINITY;
    *out += name + "_bucket{" + labels + sep + "le=\"" + FormatDouble(le) + "\"} " + std::to_string(cumulative) + "\n";
  }
  const std::string braces = labels.empty() ? "" : "{" + labels + "}";
  *out += name + "_sum" + braces + " " + FormatDouble(static_cast<double>(sum_micros_.load()) / 1e6) + "\n";
  *out += name + "_count" + braces + " " + std::to_string(count_.load()) + "\n";
}

Metrics::Metrics()
    : request_seconds({0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}),
      commit_seconds({0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1}),
      commit_events({1, 10, 100, 1000, 5000, 10000, 50000}) {}

void Metrics::RecordResponse(int status) {
  for (std::size_t i = 0; i < kTrackedStatuses.size(); ++i) {
    if (kTrackedStatuses[i] == status || i + 1 == kTrackedStatuses.size()) {
      responses[i].fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
}

std::string Metrics::RenderPrometheus() const {
  std::string out;
  auto counter = [&out](const char* name, const char* help, std::uint64_t value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " +
           std::to_string(value) + "\n";
  };
  counter("insightos_events_accepted_total", "Valid events acknowledged to clients.", events_accepted.load());
  counter("insightos_events_rejected_total", "Events rejected by validation (kept in rejected_events).",
          events_rejected.load());
  counter("insightos_events_duplicate_total", "Accepted events whose messageId was already stored.",
          events_duplicate.load());
  counter("insightos_commits_total", "Group-commit transactions committed.", commits.load());
  counter("insightos_commit_failures_total", "Group-commit transactions that failed.", commit_failures.load());
  counter("insightos_spooled_batches_total", "Batches written to the local spool because the database failed.",
          spooled_batches.load());
  counter("insightos_replayed_batches_total", "Spooled batches replayed into the database.", replayed_batches.load());

  out += "# HELP insightos_http_responses_total HTTP responses of the ingestion API by status.\n";
  out += "# TYPE insightos_http_responses_total counter\n";
  for (std::size_t i = 0; i < kTrackedStatuses.size(); ++i) {
    const std::string code = i + 1 == kTrackedStatuses.size() ? "other" : std::to_string(kTrackedStatuses[i]);
    out += "insightos_http_responses_total{code=\"" + code + "\"} " + std::to_string(responses[i].load()) + "\n";
  }
  out += "# HELP insightos_ingest_request_seconds Time from request arrival to acknowledgement.\n";
  out += "# TYPE insightos_ingest_request_seconds histogram\n";
  request_seconds.Render("insightos_ingest_request_seconds", "", &out);
  out += "# HELP insightos_commit_seconds Duration of one group-commit transaction.\n";
  out += "# TYPE insightos_commit_seconds histogram\n";
  commit_seconds.Render("insightos_commit_seconds", "", &out);
  out += "# HELP insightos_commit_events Events per group-commit transaction.\n";
  out += "# TYPE insightos_commit_events histogram\n";
  commit_events.Render("insightos_commit_events", "", &out);
  for (const auto& [name, read] : gauges) {
    out += "# TYPE " + name + " gauge\n" + name + " " + FormatDouble(read()) + "\n";
  }
  return out;
}

}  // namespace insightos::metrics
