#include "backend/cli/job_catalog.h"

namespace insightos::cli {

jobs::JobCatalog BuildJobCatalog() {
  jobs::JobCatalog catalog;
  // Each module adds its job here, e.g. catalog.Add(scoring::ScoreJob());
  return catalog;
}

}  // namespace insightos::cli
