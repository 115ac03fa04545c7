// Static web files served from the web root (SPEC §3): the tracker, its core module and
// the demo site, with cache lifetimes that suit how each file changes.
#ifndef INSIGHTOS_BACKEND_SERVER_STATIC_FILES_H_
#define INSIGHTOS_BACKEND_SERVER_STATIC_FILES_H_

#include <string>
#include <string_view>

#include "backend/server/collector_config.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace insightos::server {

// The Cache-Control value for a request path:
//  - names carrying a content hash ("insightos-core.2b2da989c0.wasm"): cached for a year,
//    immutable, since a new build gets a new name;
//  - the tracker script itself (its name is fixed in every embedding page): five minutes,
//    so a new release reaches sites quickly;
//  - everything else (HTML): revalidated on every use.
std::string CacheControlFor(std::string_view path);

// Mounts config.web_root at "/" with those headers and serves the tracker script under
// config.tracker_script_aliases too. Does nothing when web_root is empty.
void RegisterStaticFiles(httplib::Server& http, const CollectorConfig& config);

}  // namespace insightos::server

#endif  // INSIGHTOS_BACKEND_SERVER_STATIC_FILES_H_
