#include "backend/cli/job_catalog.h"

#include "backend/analytics/attribution_job.h"
#include "backend/cli/dashboard_config.h"
#include "backend/cli/partition_policy_option.h"
#include "backend/jobs/partitions_job.h"
#include "backend/ltv/ltv_job.h"
#include "backend/scoring/lead_scoring_jobs.h"

namespace insightos::cli {

jobs::JobCatalog BuildJobCatalog() {
  jobs::JobCatalog catalog;
  // Each module adds its job here.
  catalog.Add(jobs::PartitionsJob(PartitionPolicyFromEnvironment()));
  // In the order a night runs them: the dashboard reads what the others write, and they all
  // read the users' first touch that attribution writes.
  catalog.Add(analytics::AttributionJob());
  catalog.Add(scoring::TrainJob());
  catalog.Add(scoring::ScoreJob());
  catalog.Add(ltv::LtvJob());
  catalog.Add(dashboard::DashboardJob(DashboardOptionsFromEnvironment()));
  return catalog;
}

}  // namespace insightos::cli
