#include "backend/cli/collector_routes.h"

#include "backend/cli/job_catalog.h"
#include "backend/dashboard/dashboard_routes.h"
#include "backend/jobs/job_routes.h"
#include "backend/scoring/model_routes.h"
#include "backend/server/collector_runtime.h"

namespace insightos::cli {

CollectorRoutes::CollectorRoutes(server::CollectorRuntime& runtime, const storage::DatabaseUrl& database,
                                 const server::CollectorConfig& config, const std::string& dashboard_dir)
    : catalog_(BuildJobCatalog()),
      job_routes_(std::make_unique<jobs::JobRoutes>(&catalog_, database, config.admin_token)),
      model_routes_(std::make_unique<scoring::ModelRoutes>(database)) {
  httplib::Server& http = runtime.server().http();
  job_routes_->Register(http);
  model_routes_->Register(http);
  dashboard::RegisterDashboardRoutes(http, {dashboard_dir, config.admin_token, config.web_root});
}

CollectorRoutes::~CollectorRoutes() = default;

}  // namespace insightos::cli
