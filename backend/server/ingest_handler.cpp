#include "backend/server/ingest_handler.h"

#include <httplib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "backend/server/http_reply.h"
#include "backend/server/request_auth.h"
#include "backend/storage/event_store.h"
#include "insightos/uuid.h"

namespace insightos::server {

namespace {

TimestampMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A fresh UUIDv7 per request, to make a request's rejections idempotent when it is replayed.
std::string NewRequestId(TimestampMs now) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  thread_local UuidV7Generator ids;
  UuidRandomBytes bytes;
  for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
  return ids.Next(now, bytes);
}

const char kMissingKey[] =
    "missing write key: send it as the HTTP Basic user name, a writeKey query parameter or a writeKey body field";

// Holds one of the handler's parse slots for a scope.
class ParseSlot {
 public:
  explicit ParseSlot(std::counting_semaphore<256>& slots) : slots_(slots) { slots_.acquire(); }
  ~ParseSlot() { slots_.release(); }
  ParseSlot(const ParseSlot&) = delete;
  ParseSlot& operator=(const ParseSlot&) = delete;

 private:
  std::counting_semaphore<256>& slots_;
};

}  // namespace

std::ptrdiff_t IngestHandler::ParseConcurrency() {
  // One core is left to the database writer (SQLite's writer thread, or PostgreSQL's backends).
  return std::clamp<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(std::thread::hardware_concurrency()) - 1, 1, 256);
}

void IngestHandler::Handle(const httplib::Request& req, httplib::Response& res,
                           std::optional<EventType> implied_type) const {
  // The database writer is the bottleneck (SQLite's writer thread, PostgreSQL's backends);
  // request threads (many, each briefly busy parsing) yield the CPU to it under contention,
  // and only ParseConcurrency() of them parse at once (see parse_slots_).
  thread_local const bool deprioritized = setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10) == 0;
  (void)deprioritized;
  const auto started = std::chrono::steady_clock::now();
  const int status = Process(req, res, implied_type);
  metrics_->RecordResponse(status);
  metrics_->request_seconds.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

std::string IngestHandler::ClientAddress(const httplib::Request& req) const {
  if (config_->trust_forwarded_for && req.has_header("X-Forwarded-For")) {
    const std::string forwarded = req.get_header_value("X-Forwarded-For");
    return forwarded.substr(0, forwarded.find(','));  // the original client comes first
  }
  return req.remote_addr;
}

int IngestHandler::Process(const httplib::Request& req, httplib::Response& res,
                           std::optional<EventType> implied_type) const {
  const TimestampMs received_at = NowMs();
  const std::string origin = req.get_header_value("Origin");
  const WriteKeyRegistry& keys = config_->write_keys;
  if (!origin.empty() && keys.AnyAllowsOrigin(origin)) AllowOrigin(res, origin);  // lets the browser read errors

  if (req.has_header("Content-Encoding")) {
    // The HTTP library inflates gzip, deflate and br itself and passes anything else through
    // untouched, which would be read as if it were plain JSON.
    const std::string encoding = req.get_header_value("Content-Encoding");
    if (encoding != "gzip" && encoding != "deflate" && encoding != "br" && encoding != "identity") {
      ReplyError(res, 415, "unsupported Content-Encoding '" + encoding + "': send gzip, deflate, br or none");
      return 415;
    }
  }

  int retry_after = 0;
  if (!per_address_.Allow(ClientAddress(req), &retry_after)) {
    ReplyRetryLater(res, 429, retry_after, "too many requests from this address; retry after the Retry-After delay");
    return 429;
  }

  // A key in the header or URL is checked before the body is even parsed.
  const WriteKey* key = nullptr;
  if (std::optional<std::string> given = WriteKeyFromRequest(req)) {
    key = keys.Find(*given);
    if (key == nullptr) {
      ReplyError(res, 401, "unknown write key");
      return 401;
    }
  }

  EventEnvelope envelope;
  envelope.received_at = received_at;
  envelope.implied_type = implied_type;
  envelope.clock_skew_threshold_ms = config_->clock_skew_threshold_ms;
  Result<ParsedBatch> parsed = [&] {
    ParseSlot slot(parse_slots_);
    return ParseBatch(req.body, envelope);
  }();
  if (!parsed.ok()) {
    const int status = parsed.status().code() == StatusCode::kOutOfRange ? 413 : 400;
    ReplyError(res, status, parsed.status().message());
    return status;
  }
  if (key == nullptr) {
    if (parsed->write_key.empty()) {
      ReplyError(res, 401, kMissingKey);
      return 401;
    }
    key = keys.Find(parsed->write_key);
    if (key == nullptr) {
      ReplyError(res, 401, "unknown write key");
      return 401;
    }
  }
  if (!origin.empty() && !key->AllowsOrigin(origin)) {
    res.headers.erase("Access-Control-Allow-Origin");  // not for this key: the browser learns nothing
    ReplyError(res, 403, "origin '" + origin + "' is not allowed to send with this write key");
    return 403;
  }
  if (!origin.empty()) AllowOrigin(res, origin);
  if (!per_key_.Allow(key->source, &retry_after)) {
    ReplyRetryLater(res, 429, retry_after, "too many requests for this write key; retry after the Retry-After delay");
    return 429;
  }

  storage::IngestBatch batch;
  {
    ParseSlot slot(parse_slots_);
    batch.events.reserve(parsed->accepted.size());
    for (const Event& e : parsed->accepted) batch.events.push_back(storage::MakeEventRow(e, key->source));
  }
  nlohmann::json rejected = nlohmann::json::array();
  const std::string request_id = parsed->rejected.empty() ? std::string() : NewRequestId(received_at);
  for (RejectedEvent& r : parsed->rejected) {
    rejected.push_back({{"index", r.index}, {"field", r.error.field}, {"error", r.error.message}});
    batch.rejected.push_back({request_id, key->source, received_at, static_cast<std::int64_t>(r.index),
                              std::move(r.error.field), std::move(r.error.message), std::move(r.raw)});
  }
  const std::size_t accepted = batch.events.size();
  const std::size_t rejected_count = batch.rejected.size();

  ingest::SubmitResult result = writer_->Submit(std::move(batch));
  switch (result.status) {
    case ingest::SubmitStatus::kCommitted:
      break;
    case ingest::SubmitStatus::kSaturated:
      ReplyRetryLater(res, 503, 1, "the collector is saturated; retry after the Retry-After delay");
      return 503;
    case ingest::SubmitStatus::kUnavailable:
      ReplyRetryLater(res, 503, 5, "events could not be stored right now; nothing was stored; retry");
      return 503;
    case ingest::SubmitStatus::kFailed:
      ReplyError(res, 500, "the database refused these events; nothing was stored");
      return 500;
    case ingest::SubmitStatus::kShutDown:
      ReplyRetryLater(res, 503, 1, "the collector is shutting down; retry");
      return 503;
  }
  metrics_->events_accepted.fetch_add(accepted, std::memory_order_relaxed);
  metrics_->events_rejected.fetch_add(rejected_count, std::memory_order_relaxed);
  ReplyJson(res, 200, {{"accepted", accepted}, {"rejected", std::move(rejected)}});
  return 200;
}

void IngestHandler::Preflight(const httplib::Request& req, httplib::Response& res) const {
  const std::string origin = req.get_header_value("Origin");
  const WriteKeyRegistry& keys = config_->write_keys;
  bool allowed = false;
  if (std::optional<std::string> given = WriteKeyFromRequest(req)) {
    const WriteKey* key = keys.Find(*given);
    allowed = key != nullptr && key->AllowsOrigin(origin);
  } else {
    allowed = keys.AnyAllowsOrigin(origin);
  }
  if (origin.empty() || !allowed) {
    ReplyError(res, 403, "origin '" + origin + "' is not allowed");
    return;
  }
  AllowOrigin(res, origin);
  res.set_header("Access-Control-Allow-Methods", "POST, OPTIONS");
  res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization, Content-Encoding");
  res.set_header("Access-Control-Max-Age", "86400");
  res.status = 204;
}

}  // namespace insightos::server
