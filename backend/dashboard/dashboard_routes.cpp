#include "backend/dashboard/dashboard_routes.h"

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "backend/dashboard/dashboard_session.h"
#include "backend/server/http_reply.h"
#include "backend/server/request_auth.h"
#include "backend/server/write_keys.h"

namespace insightos::dashboard {

namespace fs = std::filesystem;

namespace {

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool Inside(const fs::path& path, const fs::path& root) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(path), ec);
  const fs::path r = fs::weakly_canonical(fs::absolute(root), ec);
  auto pi = p.begin();
  for (auto ri = r.begin(); ri != r.end(); ++ri, ++pi) {
    if (ri->empty()) continue;  // trailing separator
    if (pi == p.end() || *pi != *ri) return false;
  }
  return true;
}

// The file a request path names inside the site, or "" when the path could escape it.
std::string SafeRelativePath(const std::string& requested) {
  if (requested.empty()) return "index.html";
  if (requested.find('\\') != std::string::npos || requested.find('\0') != std::string::npos) return "";
  std::stringstream parts(requested);
  std::string part;
  while (std::getline(parts, part, '/')) {
    if (part.empty() || part == "." || part == "..") return "";
  }
  return requested.back() == '/' ? requested + "index.html" : requested;
}

const char* ContentType(const std::string& path) {
  auto ends_with = [&](const char* suffix) {
    const std::string s(suffix);
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  if (ends_with(".html")) return "text/html; charset=utf-8";
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  if (ends_with(".css")) return "text/css; charset=utf-8";
  return "application/octet-stream";
}

void SecurityHeaders(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
  // Everything the page needs is in the folder: no network at view time.
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                 "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
}

void Unauthorized(httplib::Response& res) {
  SecurityHeaders(res);
  res.status = 401;
  res.set_header("WWW-Authenticate", "Bearer");
  res.set_content(
      "<!doctype html><meta charset=utf-8><title>InsightOS dashboard</title>"
      "<p>The dashboard needs the admin token: open <code>/dashboard/?token=&lt;admin token&gt;</code> "
      "or send <code>Authorization: Bearer &lt;admin token&gt;</code>.</p>",
      "text/html; charset=utf-8");
}

}  // namespace

void RegisterDashboardRoutes(httplib::Server& http, const DashboardRouteOptions& options) {
  if (!options.web_root.empty() && Inside(options.site_dir, options.web_root)) {
    throw std::runtime_error("the dashboard folder " + options.site_dir + " is inside the public web root " +
                             options.web_root + ": it would be served without the admin token");
  }
  http.Get("/dashboard", [](const httplib::Request&, httplib::Response& res) {
    res.status = 301;
    res.set_header("Location", "/dashboard/");
  });
  http.Get(R"(/dashboard/(.*))", [options](const httplib::Request& req, httplib::Response& res) {
    if (options.admin_token.empty()) {
      server::ReplyError(res, 404, "the dashboard is disabled: start the collector with --admin-token");
      return;
    }
    const std::int64_t now = NowMs();
    const std::int64_t lifetime_ms = std::chrono::duration_cast<std::chrono::milliseconds>(options.session_lifetime).count();
    if (req.has_param("token")) {
      if (!server::ConstantTimeEquals(req.get_param_value("token"), options.admin_token)) {
        Unauthorized(res);
        return;
      }
      std::string cookie = std::string(kSessionCookie) + "=" + SignSession(options.admin_token, now + lifetime_ms) +
                           "; Path=/dashboard/; Max-Age=" + std::to_string(lifetime_ms / 1000) +
                           "; HttpOnly; SameSite=Strict";
      if (req.get_header_value("X-Forwarded-Proto") == "https") cookie += "; Secure";
      SecurityHeaders(res);
      res.set_header("Set-Cookie", cookie);
      res.set_header("Location", "/dashboard/");  // never echo request text into a header
      res.status = 303;
      return;
    }
    const std::string cookies = req.get_header_value("Cookie");
    const std::optional<std::string_view> session = CookieValue(cookies, kSessionCookie);
    const bool allowed = server::HasAdminToken(req, options.admin_token) ||
                         (session && VerifySession(options.admin_token, *session, now, lifetime_ms));
    if (!allowed) {
      Unauthorized(res);
      return;
    }
    const std::string relative = SafeRelativePath(req.matches[1]);
    const fs::path file = fs::path(options.site_dir) / relative;
    std::error_code ec;
    if (relative.empty() || !fs::is_regular_file(file, ec)) {
      SecurityHeaders(res);
      server::ReplyError(res, 404,
                         relative == "index.html" ? "no dashboard built yet: run `insightos dashboard` or POST /v1/jobs/dashboard"
                                                  : "not found");
      return;
    }
    std::ifstream in(file, std::ios::binary);
    std::stringstream body;
    body << in.rdbuf();
    SecurityHeaders(res);
    res.set_content(body.str(), ContentType(relative));
  });
}

}  // namespace insightos::dashboard
