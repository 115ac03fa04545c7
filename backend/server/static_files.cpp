#include "backend/server/static_files.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "backend/server/path_pattern.h"

namespace insightos::server {

namespace {

constexpr char kTrackerScript[] = "insightos.js";

// True for "name.<8+ lowercase hex>.ext", the form web/build/build_web.mjs gives
// content-hashed files.
bool HasContentHash(std::string_view name) {
  const std::size_t last_dot = name.rfind('.');
  if (last_dot == std::string_view::npos || last_dot == 0) return false;
  const std::size_t hash_dot = name.rfind('.', last_dot - 1);
  if (hash_dot == std::string_view::npos) return false;
  const std::string_view hash = name.substr(hash_dot + 1, last_dot - hash_dot - 1);
  if (hash.size() < 8) return false;
  for (char c : hash) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string CacheControlFor(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (HasContentHash(name)) return "public, max-age=31536000, immutable";
  if (name == kTrackerScript) return "public, max-age=300";
  return "no-cache";
}

void RegisterStaticFiles(httplib::Server& http, const CollectorConfig& config) {
  if (config.web_root.empty()) return;
  if (!http.set_mount_point("/", config.web_root)) {
    spdlog::warn("web root {} does not exist; static files are not served", config.web_root);
    return;
  }
  // Browsers compile WebAssembly while it downloads only when it comes as application/wasm.
  http.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
  http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
  http.set_file_request_handler([](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", CacheControlFor(req.path));
  });

  // Ad-blockers match well-known script names; a site can load the tracker under its own.
  const std::string script_path = config.web_root + "/" + kTrackerScript;
  for (const std::string& alias : config.tracker_script_aliases) {
    http.Get(ExactPathPattern(alias), [script_path](const httplib::Request&, httplib::Response& res) {
      std::ifstream in(script_path, std::ios::binary);
      if (!in) {
        res.status = 404;
        return;
      }
      std::stringstream body;
      body << in.rdbuf();
      res.set_header("Cache-Control", CacheControlFor(kTrackerScript));
      res.set_content(body.str(), "text/javascript");
    });
  }
}

}  // namespace insightos::server
