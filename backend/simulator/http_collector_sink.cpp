#include "backend/simulator/http_collector_sink.h"

#include <chrono>

namespace insightos::simulator {

namespace {

TimestampMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Add(const client::SendReport& part, client::SendReport* total) {
  total->accepted += part.accepted;
  total->rejected += part.rejected;
  total->failed += part.failed;
  total->requests += part.requests;
  total->retries += part.retries;
  if (!part.last_error.empty()) total->last_error = part.last_error;
}

}  // namespace

Result<std::unique_ptr<HttpCollectorSink>> HttpCollectorSink::Open(const HttpCollectorOptions& options) {
  if (options.base_url.empty()) return Status::InvalidArgument("the collector URL is empty");
  if (options.write_key.empty()) return Status::InvalidArgument("a write key is needed to send to the collector");
  if (options.connections < 1 || options.connections > 256) {
    return Status::InvalidArgument("connections must be between 1 and 256");
  }
  if (options.max_attempts < 1) return Status::InvalidArgument("max_attempts must be at least 1");
  if (options.batch_size < 1 || options.batch_size > 2500) {
    return Status::InvalidArgument("events per request must be between 1 and 2,500");
  }
  auto sink = std::unique_ptr<HttpCollectorSink>(new HttpCollectorSink(options));
  for (int i = 0; i < options.connections; ++i) sink->connections_.emplace_back([s = sink.get()] { s->Deliver(); });
  return sink;
}

HttpCollectorSink::HttpCollectorSink(HttpCollectorOptions options)
    : options_(std::move(options)), queue_(2 * static_cast<std::size_t>(options_.connections)) {}

HttpCollectorSink::~HttpCollectorSink() { Stop(); }

void HttpCollectorSink::Deliver() {
  client::SenderOptions sender_options;
  sender_options.batch_size = options_.batch_size;
  sender_options.max_attempts = options_.max_attempts;
  client::HttpEventSender sender(options_.base_url, options_.write_key, sender_options);
  while (std::optional<std::vector<Event>> batch = queue_.Pop()) {
    if (gave_up_) continue;  // drain without sending: the run is failing anyway
    sender.SendBody(client::BuildBatchBody(batch->data(), batch->data() + batch->size(), NowMs()), batch->size());
    if (sender.report().failed > 0) gave_up_ = true;
  }
  std::lock_guard<std::mutex> lock(mu_);
  Add(sender.report(), &total_);
}

Status HttpCollectorSink::Write(const PersonTruth& /*truth*/, std::span<const Event> events) {
  if (gave_up_) return Status::Unavailable("the collector did not acknowledge events; stopping");
  for (const Event& e : events) {
    pending_.push_back(e);
    pending_.back().sent_at.reset();  // an import of history: see the header
    if (pending_.size() == options_.batch_size) {
      queue_.Push(std::move(pending_));
      pending_ = {};
    }
  }
  return Status::Ok();
}

void HttpCollectorSink::Stop() {
  if (stopped_) return;
  stopped_ = true;
  queue_.Close();
  for (std::thread& t : connections_) t.join();
}

Status HttpCollectorSink::Close() {
  if (!pending_.empty() && !gave_up_) queue_.Push(std::move(pending_));
  pending_ = {};
  Stop();
  const client::SendReport r = report();
  if (r.failed > 0 || gave_up_) {
    return Status::Unavailable("the collector did not acknowledge " + std::to_string(r.failed) +
                               " events: " + r.last_error);
  }
  return Status::Ok();
}

client::SendReport HttpCollectorSink::report() const {
  std::lock_guard<std::mutex> lock(mu_);
  return total_;
}

}  // namespace insightos::simulator
