// Everything `insightos serve` is configured with (flags, environment, .env).
#ifndef INSIGHTOS_BACKEND_SERVER_COLLECTOR_CONFIG_H_
#define INSIGHTOS_BACKEND_SERVER_COLLECTOR_CONFIG_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "backend/server/write_keys.h"

namespace insightos::server {

struct CollectorConfig {
  std::string host = "127.0.0.1";
  int port = 8080;                       // 0 picks a free port
  WriteKeyRegistry write_keys;
  std::string admin_token;               // empty: admin routes are disabled
  std::string web_root;                  // static files (tracker, demo site); empty: none
  // Extra paths for POST /v1/batch and for the tracker script, so a site can avoid the
  // names ad-blockers match (SPEC §5), e.g. "/e/b" and "/t.js".
  std::vector<std::string> batch_aliases;
  std::vector<std::string> tracker_script_aliases;
  int http_threads = 128;                // >= the number of concurrent keep-alive clients
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
  std::chrono::seconds keep_alive_timeout{5};
  std::size_t keep_alive_max_requests = 1000;
  std::int64_t clock_skew_threshold_ms = 0;  // 0: the core's default
  double rate_limit_per_address = 1000;  // requests/s per client address (0: off); burst 2x
  double rate_limit_per_key = 5000;      // requests/s per write key (0: off); burst 2x
  bool trust_forwarded_for = false;      // take the client address from X-Forwarded-For (behind a proxy)
  std::string spool_dir;                 // empty: no spool (a database outage answers 503)
  std::uint64_t spool_max_bytes = 1ULL << 30;
};

}  // namespace insightos::server

#endif  // INSIGHTOS_BACKEND_SERVER_COLLECTOR_CONFIG_H_
