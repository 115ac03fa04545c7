#include "backend/client/http_event_sender.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <random>
#include <thread>

namespace insightos::client {

namespace {
TimestampMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

std::string BuildBatchBody(const Event* begin, const Event* end, TimestampMs sent_at) {
  std::string body = "{\"batch\":[";
  for (const Event* e = begin; e != end; ++e) {
    if (e != begin) body.push_back(',');
    AppendJson(EventToJson(*e), &body);
  }
  body += "],\"sentAt\":\"" + FormatTimestamp(sent_at) + "\"}";
  return body;
}

HttpEventSender::HttpEventSender(const std::string& base_url, std::string write_key, SenderOptions options)
    : client_(std::make_unique<httplib::Client>(base_url)), write_key_(std::move(write_key)), options_(options) {
  client_->set_keep_alive(true);
  client_->set_tcp_nodelay(true);  // headers and body go out in two writes: avoid Nagle's 40 ms stall
  client_->set_connection_timeout(5);
  client_->set_read_timeout(30);
  client_->set_write_timeout(30);
  client_->set_basic_auth(write_key_, "");
}

HttpEventSender::~HttpEventSender() = default;

void HttpEventSender::Send(const std::vector<Event>& events) {
  for (std::size_t i = 0; i < events.size(); i += options_.batch_size) {
    const std::size_t end = std::min(events.size(), i + options_.batch_size);
    SendBody(BuildBatchBody(events.data() + i, events.data() + end, NowMs()), end - i);
  }
}

void HttpEventSender::SendBody(const std::string& body, std::size_t event_count) {
  std::mt19937_64 jitter(std::random_device{}());
  std::chrono::milliseconds backoff = options_.first_backoff;
  for (int attempt = 1;; ++attempt) {
    ++report_.requests;
    httplib::Result res = client_->Post("/v1/batch", body, "application/json");
    std::chrono::milliseconds wait = backoff;
    if (res && res->status == 200) {
      auto reply = nlohmann::json::parse(res->body, nullptr, false);
      const std::int64_t rejected = reply.is_object() && reply.contains("rejected") ? static_cast<std::int64_t>(reply["rejected"].size()) : 0;
      report_.accepted += static_cast<std::int64_t>(event_count) - rejected;
      report_.rejected += rejected;
      return;
    }
    const bool retryable = !res || res->status == 429 || res->status >= 500;
    report_.last_error = res ? "HTTP " + std::to_string(res->status) + ": " + res->body : httplib::to_string(res.error());
    if (!retryable || attempt >= options_.max_attempts) {
      report_.failed += static_cast<std::int64_t>(event_count);
      return;
    }
    if (res && res->has_header("Retry-After")) {
      wait = std::chrono::seconds(std::max(0, std::atoi(res->get_header_value("Retry-After").c_str())));
    } else {
      // Full jitter: a random wait up to the current backoff, so retrying clients spread out.
      wait = std::chrono::milliseconds(std::uniform_int_distribution<std::int64_t>(0, backoff.count())(jitter));
    }
    ++report_.retries;
    std::this_thread::sleep_for(wait);
    backoff = std::min(options_.max_backoff, backoff * 2);
  }
}

}  // namespace insightos::client
