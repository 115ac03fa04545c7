// The dashboard's page, script and style sheet, bundled from web/dashboard/ by esbuild (with
// the chart library from npm) at build time and compiled into the binary, so `insightos
// dashboard` needs no files beside it and the page fetches nothing from the network.
#ifndef INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_ASSETS_H_
#define INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_ASSETS_H_

#include <span>
#include <string_view>

namespace insightos::dashboard {

struct DashboardAsset {
  std::string_view name;     // relative path in the site folder, e.g. "app.js"
  std::string_view content;
};

// index.html, app.js, app.css (generated at build time; see cmake/EmbedFiles.cmake).
std::span<const DashboardAsset> DashboardAssets();

}  // namespace insightos::dashboard

#endif  // INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_ASSETS_H_
