#include "backend/cli/job_catalog.h"

#include "backend/analytics/attribution_job.h"
#include "backend/cli/dashboard_config.h"
#include "backend/cli/partition_policy_option.h"
#include "backend/jobs/partitions_job.h"
#include "backend/ltv/ltv_job.h"

namespace insightos::cli {

jobs::JobCatalog BuildJobCatalog() {
  jobs::JobCatalog catalog;
  // Each module adds its job here, e.g. catalog.Add(scoring::ScoreJob());
  catalog.Add(analytics::AttributionJob());
  catalog.Add(jobs::PartitionsJob(PartitionPolicyFromEnvironment()));
  catalog.Add(ltv::LtvJob());
  catalog.Add(dashboard::DashboardJob(DashboardOptionsFromEnvironment()));
  return catalog;
}

}  // namespace insightos::cli
