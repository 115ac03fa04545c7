// HTTP triggers for jobs, so a serverless cron can run them with a POST (SPEC §3):
//   POST /v1/jobs/NAME           202, the job runs in the background
//   POST /v1/jobs/NAME?wait=1    200 with the run's detail, or 500 if it failed
//   GET  /v1/jobs                the latest runs of every job
// All require "Authorization: Bearer <admin token>"; with no token configured they answer 404.
#ifndef INSIGHTOS_BACKEND_JOBS_JOB_ROUTES_H_
#define INSIGHTOS_BACKEND_JOBS_JOB_ROUTES_H_

#include <memory>
#include <string>

#include "backend/jobs/job.h"

namespace httplib {
class Server;
}

namespace insightos::jobs {

class JobRoutes {
 public:
  // `catalog` must outlive the routes; background runs are joined by the destructor.
  JobRoutes(const JobCatalog* catalog, storage::DatabaseUrl database, std::string admin_token);
  ~JobRoutes();
  void Register(httplib::Server& server);

 private:
  struct Background;
  const JobCatalog* catalog_;
  storage::DatabaseUrl database_;
  std::string admin_token_;
  std::unique_ptr<Background> background_;
};

}  // namespace insightos::jobs

#endif  // INSIGHTOS_BACKEND_JOBS_JOB_ROUTES_H_
