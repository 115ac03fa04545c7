// `insightos dashboard`: reads the database and writes the static dashboard (SPEC §10) — one
// folder that opens from file:// or from the collector's /dashboard/ route:
//   index.html, app.js, app.css   the page (compiled in, see dashboard_assets.h)
//   data.js                       every section's data and the top leads
//   leads/NNNN.js                 the other leads, loaded by the page when asked
// The folder is replaced in one step (site_folder.h), so re-running is always safe.
#ifndef INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_BUILD_H_
#define INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_BUILD_H_

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "backend/dashboard/lead_list_export.h"
#include "backend/jobs/job.h"
#include "backend/storage/database_url.h"

namespace insightos::dashboard {

struct DashboardOptions {
  std::string out_dir = "insightos-data/dashboard";
  std::string title = "InsightOS";
  std::string currency = "USD";  // ISO 4217 code for money ("BRL" shows R$)
  std::string locale = "en-US";  // BCP 47 tag for number and date formats ("pt-BR")
  double confidence = 0.95;      // of every interval shown
  LeadExportOptions leads;
};

// InvalidArgument for an empty folder, a currency that is not three capital letters, a
// locale that is not a plain tag, or a confidence outside (0, 1).
Status ValidateDashboardOptions(const DashboardOptions& options);

struct DashboardSummary {
  std::string out_dir;
  std::int64_t leads = 0;
  std::size_t lead_pages = 0;        // page files besides the data file's first page
  std::uint64_t initial_bytes = 0;   // what opening the page loads: index.html, app.js, app.css, data.js
  std::uint64_t total_bytes = 0;     // every file written
  double seconds = 0;
  bool has_model = false;
  bool has_ltv = false;
  std::optional<std::string> worst_step;     // "user_verified → project_created"
  std::optional<std::string> best_campaign;  // highest CLV relative to the others

  nlohmann::json ToJson() const;
};

// Builds the site from the database. Throws StorageError for database failures and
// std::runtime_error for invalid options, unreadable rows or file-system errors.
DashboardSummary BuildDashboard(const storage::DatabaseUrl& database, const DashboardOptions& options);

// The "dashboard" job: BuildDashboard with these options; the summary goes into the run's detail.
jobs::JobDefinition DashboardJob(DashboardOptions options);

}  // namespace insightos::dashboard

#endif  // INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_BUILD_H_
