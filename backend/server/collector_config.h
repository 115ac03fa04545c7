// Everything `insightos serve` is configured with (flags, environment, .env).
#ifndef INSIGHTOS_BACKEND_SERVER_COLLECTOR_CONFIG_H_
#define INSIGHTOS_BACKEND_SERVER_COLLECTOR_CONFIG_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "backend/server/write_keys.h"

namespace insightos::server {

struct CollectorConfig {
  std::string host = "127.0.0.1";
  int port = 8080;                       // 0 picks a free port
  WriteKeyRegistry write_keys;
  std::string admin_token;               // empty: admin routes are disabled
  std::string web_root;                  // static files (tracker, demo site); empty: none
  int http_threads = 128;                // >= the number of concurrent keep-alive clients
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
  std::chrono::seconds keep_alive_timeout{5};
  std::size_t keep_alive_max_requests = 1000;
  std::int64_t clock_skew_threshold_ms = 0;  // 0: the core's default
};

}  // namespace insightos::server

#endif  // INSIGHTOS_BACKEND_SERVER_COLLECTOR_CONFIG_H_
