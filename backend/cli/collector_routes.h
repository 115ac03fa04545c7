// The routes a collector serves besides ingest, shared by `serve` and `demo`: job triggers
// (POST /v1/jobs/NAME, GET /v1/jobs; admin token), the current lead model for the tracker
// (GET /v1/model; public) and the dashboard (/dashboard/; admin token).
#ifndef INSIGHTOS_BACKEND_CLI_COLLECTOR_ROUTES_H_
#define INSIGHTOS_BACKEND_CLI_COLLECTOR_ROUTES_H_

#include <memory>
#include <string>

#include "backend/jobs/job.h"
#include "backend/server/collector_config.h"
#include "backend/storage/database_url.h"

// Declared, not included: the route headers bring in cpp-httplib, whose system headers
// define macros (resolv.h's `_res`) that break Eigen in files that also include the models.
namespace insightos::jobs {
class JobRoutes;
}
namespace insightos::scoring {
class ModelRoutes;
}
namespace insightos::server {
class CollectorRuntime;
}

namespace insightos::cli {

class CollectorRoutes {
 public:
  // Registers the routes on `runtime`'s server; call before runtime.Start(). This object must
  // outlive the runtime's serving (destroy it after runtime.Stop()).
  CollectorRoutes(server::CollectorRuntime& runtime, const storage::DatabaseUrl& database,
                  const server::CollectorConfig& config, const std::string& dashboard_dir);
  ~CollectorRoutes();
  CollectorRoutes(const CollectorRoutes&) = delete;
  CollectorRoutes& operator=(const CollectorRoutes&) = delete;

  const jobs::JobCatalog& catalog() const { return catalog_; }

 private:
  const jobs::JobCatalog catalog_;  // before job_routes_, which points at it
  std::unique_ptr<jobs::JobRoutes> job_routes_;
  std::unique_ptr<scoring::ModelRoutes> model_routes_;
};

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_COLLECTOR_ROUTES_H_
