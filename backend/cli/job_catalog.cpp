#include "backend/cli/job_catalog.h"

#include "backend/analytics/attribution_job.h"

namespace insightos::cli {

jobs::JobCatalog BuildJobCatalog() {
  jobs::JobCatalog catalog;
  // Each module adds its job here, e.g. catalog.Add(scoring::ScoreJob());
  catalog.Add(analytics::AttributionJob());
  return catalog;
}

}  // namespace insightos::cli
