// Serves the dashboard folder at /dashboard/ behind the admin token (SPEC §3, R4):
//   GET /dashboard/...            with "Authorization: Bearer <admin token>", or with a valid
//                                 session cookie (dashboard_session.h)
//   GET /dashboard/?token=<admin token>
//                                 sets the session cookie and redirects to /dashboard/ (so the
//                                 token leaves the address bar); how a person opens it
// Anything else gets 401 (404 when no admin token is configured). Files are sent with
// Cache-Control: no-store (the lead list holds personal data) and a strict CSP.
#ifndef INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_ROUTES_H_
#define INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_ROUTES_H_

#include <chrono>
#include <string>

namespace httplib {
class Server;
}

namespace insightos::dashboard {

struct DashboardRouteOptions {
  std::string site_dir;     // where the dashboard job writes the site
  std::string admin_token;  // empty: the routes answer 404
  std::string web_root;     // the collector's public static root (may be empty)
  std::chrono::seconds session_lifetime{std::chrono::hours(8)};
};

// Throws std::runtime_error when site_dir lies inside web_root: the public static mount would
// serve the lead list without the token.
void RegisterDashboardRoutes(httplib::Server& http, const DashboardRouteOptions& options);

}  // namespace insightos::dashboard

#endif  // INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_ROUTES_H_
