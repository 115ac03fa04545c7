#include "backend/server/http_reply.h"

#include <httplib.h>

namespace insightos::server {

void ReplyJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // error_handler_t::replace: a client's invalid UTF-8 echoed in a message cannot break the reply.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void ReplyError(httplib::Response& res, int status, const std::string& message) {
  ReplyJson(res, status, {{"error", message}});
}

void ReplyRetryLater(httplib::Response& res, int status, int retry_after_seconds, const std::string& message) {
  res.set_header("Retry-After", std::to_string(retry_after_seconds));
  ReplyError(res, status, message);
}

void AllowOrigin(httplib::Response& res, const std::string& origin) {
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Access-Control-Expose-Headers", "Retry-After");
  res.set_header("Vary", "Origin");
}

}  // namespace insightos::server
