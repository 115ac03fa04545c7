#include "backend/cli/job_catalog.h"

#include "backend/scoring/lead_scoring_jobs.h"

namespace insightos::cli {

jobs::JobCatalog BuildJobCatalog() {
  jobs::JobCatalog catalog;
  // Each module adds its job here.
  catalog.Add(scoring::ScoreJob());
  catalog.Add(scoring::TrainJob());
  return catalog;
}

}  // namespace insightos::cli
