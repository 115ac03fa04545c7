// The jobs this binary can run (score, train, ltv, dashboard, ...), assembled from the
// modules that implement them; used by `serve` (HTTP triggers, scheduler) and `jobs`.
#ifndef INSIGHTOS_BACKEND_CLI_JOB_CATALOG_H_
#define INSIGHTOS_BACKEND_CLI_JOB_CATALOG_H_

#include "backend/jobs/job.h"

namespace insightos::cli {

jobs::JobCatalog BuildJobCatalog();

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_JOB_CATALOG_H_
