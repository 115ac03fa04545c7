#include "backend/server/collector_server.h"

#include <spdlog/spdlog.h>

#include <sys/socket.h>

#include <stdexcept>

#include "backend/server/http_reply.h"
#include "backend/server/path_pattern.h"
#include "backend/server/static_files.h"
#include "insightos/limits.h"

namespace insightos::server {

CollectorServer::CollectorServer(CollectorConfig config, ingest::GroupCommitWriter* writer, metrics::Metrics* metrics,
                                 const ingest::Spool* spool)
    : config_(std::move(config)), writer_(writer), metrics_(metrics), spool_(spool), ingest_(&config_, writer_, metrics_) {
  const int threads = config_.http_threads;
  http_.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  http_.set_read_timeout(config_.read_timeout);
  http_.set_write_timeout(config_.write_timeout);
  http_.set_keep_alive_timeout(config_.keep_alive_timeout.count());
  http_.set_keep_alive_max_count(config_.keep_alive_max_requests);
  // Bodies over the batch limit are refused with 413 before they are read.
  http_.set_payload_max_length(limits::kMaxBatchBytes);
  http_.set_tcp_nodelay(true);
  // Remember the listening socket: Debian's cpp-httplib is built with a listen backlog of 5,
  // which drops connection attempts (1 s SYN retry) under bursts; Bind() raises it.
  http_.set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    if (listen_socket_ == INVALID_SOCKET) listen_socket_ = sock;
  });
  metrics_->gauges.emplace_back("insightos_write_queue_events",
                                [w = writer_] { return static_cast<double>(w->queued_events()); });
  RegisterRoutes();
}

void CollectorServer::RegisterRoutes() {
  const IngestHandler* ingest = &ingest_;
  auto route = [this, ingest](const std::string& path, std::optional<EventType> type) {
    http_.Post(path, [ingest, type](const httplib::Request& req, httplib::Response& res) { ingest->Handle(req, res, type); });
  };
  route("/v1/batch", std::nullopt);
  route("/v1/b", std::nullopt);
  route("/v1/track", EventType::kTrack);
  route("/v1/identify", EventType::kIdentify);
  route("/v1/page", EventType::kPage);
  route("/v1/alias", EventType::kAlias);
  http_.Options(R"(/v1/.*)", [ingest](const httplib::Request& req, httplib::Response& res) { ingest->Preflight(req, res); });
  for (const std::string& alias : config_.batch_aliases) {
    route(ExactPathPattern(alias), std::nullopt);
    http_.Options(ExactPathPattern(alias),
                  [ingest](const httplib::Request& req, httplib::Response& res) { ingest->Preflight(req, res); });
  }

  http_.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    nlohmann::json health = {{"status", "ok"}, {"queued_events", writer_->queued_events()}};
    if (spool_ != nullptr) health["spool_pending_records"] = spool_->pending_records();
    ReplyJson(res, 200, health);
  });
  http_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_->RenderPrometheus(), "text/plain; version=0.0.4");
  });

  // Statuses produced by the library itself (413 for an oversized body, 404, 400 for a
  // malformed request line) get a JSON body like every other error.
  http_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // our own handlers already answered (and set CORS)
    const char* what = res.status == 413 ? "request body over the limit of 512000 bytes"
                     : res.status == 404 ? "no such endpoint"
                                         : "bad request";
    ReplyError(res, res.status, what);
    const std::string origin = req.get_header_value("Origin");
    if (!origin.empty() && config_.write_keys.AnyAllowsOrigin(origin)) AllowOrigin(res, origin);
    if (req.path.rfind("/v1/", 0) == 0) metrics_->RecordResponse(res.status);
  });
  http_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      spdlog::error("request failed: {}", e.what());
    } catch (...) {
    }
    ReplyError(res, 500, "internal error");
  });

  RegisterStaticFiles(http_, config_);
}

void CollectorServer::Bind() {
  if (config_.port == 0) {
    port_ = http_.bind_to_any_port(config_.host);
    if (port_ < 0) throw std::runtime_error("cannot bind a port on " + config_.host);
  } else {
    if (!http_.bind_to_port(config_.host, config_.port)) {
      throw std::runtime_error("cannot listen on " + config_.host + ":" + std::to_string(config_.port) +
                               " (is another process using it?)");
    }
    port_ = config_.port;
  }
  // listen() again on a listening socket only changes its backlog.
  if (listen_socket_ != INVALID_SOCKET) ::listen(listen_socket_, SOMAXCONN);
}

void CollectorServer::Serve() { http_.listen_after_bind(); }

void CollectorServer::Stop() { http_.stop(); }

}  // namespace insightos::server
