// Signed, short-lived session cookies for the dashboard route. A browser cannot send an
// Authorization header when a person opens a link, so /dashboard/?token=<admin token> trades
// the token (checked in constant time) for a cookie:
//
//   insightos_dashboard=<expiry ms>.<hex HMAC-SHA256(key, "insightos-dashboard:" + expiry)>
//
// The key is derived from the admin token, so every collector behind a load balancer accepts
// the others' cookies without shared state, and changing the token ends every session.
#ifndef INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_SESSION_H_
#define INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_SESSION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace insightos::dashboard {

inline constexpr std::string_view kSessionCookie = "insightos_dashboard";

// The cookie value for a session that ends at expires_ms. REQUIRES: !admin_token.empty().
std::string SignSession(const std::string& admin_token, std::int64_t expires_ms);

// True when `value` is a well-formed session signed with this admin token, not expired at
// now_ms and not ending later than now_ms + max_lifetime_ms (a forged far-future expiry would
// fail the signature anyway; this bounds what a leaked key could mint). Constant-time
// signature comparison. False for an empty admin token.
bool VerifySession(const std::string& admin_token, std::string_view value, std::int64_t now_ms,
                   std::int64_t max_lifetime_ms);

// The value of cookie `name` in a Cookie request header ("a=1; b=2"), or nullopt. Names are
// compared exactly; the first occurrence wins; surrounding double quotes are removed.
std::optional<std::string_view> CookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace insightos::dashboard

#endif  // INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_SESSION_H_
