#include "backend/server/ingest_handler.h"

#include <httplib.h>

#include <chrono>

#include "backend/server/http_reply.h"
#include "backend/server/request_auth.h"
#include "backend/storage/event_store.h"

namespace insightos::server {

namespace {

TimestampMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char kMissingKey[] =
    "missing write key: send it as the HTTP Basic user name, a writeKey query parameter or a writeKey body field";

}  // namespace

void IngestHandler::Handle(const httplib::Request& req, httplib::Response& res,
                           std::optional<EventType> implied_type) const {
  const auto started = std::chrono::steady_clock::now();
  const int status = Process(req, res, implied_type);
  metrics_->RecordResponse(status);
  metrics_->request_seconds.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

int IngestHandler::Process(const httplib::Request& req, httplib::Response& res,
                           std::optional<EventType> implied_type) const {
  const TimestampMs received_at = NowMs();
  const std::string origin = req.get_header_value("Origin");
  const WriteKeyRegistry& keys = config_->write_keys;

  // A key in the header or URL is checked before the body is even parsed.
  const WriteKey* key = nullptr;
  if (std::optional<std::string> given = WriteKeyFromRequest(req)) {
    key = keys.Find(*given);
    if (key == nullptr) {
      if (!origin.empty() && keys.AnyAllowsOrigin(origin)) AllowOrigin(res, origin);
      ReplyError(res, 401, "unknown write key");
      return 401;
    }
  }
  if (!origin.empty() && (key != nullptr ? key->AllowsOrigin(origin) : keys.AnyAllowsOrigin(origin))) {
    AllowOrigin(res, origin);
  }

  EventEnvelope envelope;
  envelope.received_at = received_at;
  envelope.implied_type = implied_type;
  envelope.clock_skew_threshold_ms = config_->clock_skew_threshold_ms;
  Result<ParsedBatch> parsed = ParseBatch(req.body, envelope);
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
    ReplyError(res, 403, "origin '" + origin + "' is not allowed to send with this write key");
    return 403;
  }
  if (!origin.empty()) AllowOrigin(res, origin);

  storage::IngestBatch batch;
  batch.events.reserve(parsed->accepted.size());
  for (const Event& e : parsed->accepted) batch.events.push_back(storage::MakeEventRow(e, key->source));
  nlohmann::json rejected = nlohmann::json::array();
  for (RejectedEvent& r : parsed->rejected) {
    rejected.push_back({{"index", r.index}, {"field", r.error.field}, {"error", r.error.message}});
    batch.rejected.push_back({key->source, received_at, static_cast<std::int64_t>(r.index), std::move(r.error.field),
                              std::move(r.error.message), std::move(r.raw)});
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
