// Reading credentials from a request: the write key (HTTP Basic user, or ?writeKey=; a
// body field is read by the event parser) and the admin token (Authorization: Bearer).
#ifndef INSIGHTOS_BACKEND_SERVER_REQUEST_AUTH_H_
#define INSIGHTOS_BACKEND_SERVER_REQUEST_AUTH_H_

#include <optional>
#include <string>
#include <string_view>

namespace httplib {
struct Request;
}

namespace insightos::server {

// The user part of "Authorization: Basic base64(user:password)", if well formed.
std::optional<std::string> BasicAuthUser(std::string_view authorization_header);

// Basic-auth user, else the writeKey query parameter; nullopt if the request carries neither.
std::optional<std::string> WriteKeyFromRequest(const httplib::Request& req);

// True if the request carries "Authorization: Bearer <token>" equal to admin_token
// (constant-time). Always false when admin_token is empty.
bool HasAdminToken(const httplib::Request& req, const std::string& admin_token);

}  // namespace insightos::server

#endif  // INSIGHTOS_BACKEND_SERVER_REQUEST_AUTH_H_
