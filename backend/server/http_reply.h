// Small helpers for JSON responses and CORS, so every route answers the same way.
#ifndef INSIGHTOS_BACKEND_SERVER_HTTP_REPLY_H_
#define INSIGHTOS_BACKEND_SERVER_HTTP_REPLY_H_

#include <nlohmann/json.hpp>

#include <string>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace insightos::server {

void ReplyJson(httplib::Response& res, int status, const nlohmann::json& body);
// {"error": message} with the given status.
void ReplyError(httplib::Response& res, int status, const std::string& message);
// As ReplyError, with Retry-After in seconds (429, 503).
void ReplyRetryLater(httplib::Response& res, int status, int retry_after_seconds, const std::string& message);

// Lets the browser at `origin` read this response (and its Retry-After header).
void AllowOrigin(httplib::Response& res, const std::string& origin);

}  // namespace insightos::server

#endif  // INSIGHTOS_BACKEND_SERVER_HTTP_REPLY_H_
