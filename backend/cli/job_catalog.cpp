#include "backend/cli/job_catalog.h"

#include "backend/cli/partition_policy_option.h"
#include "backend/jobs/partitions_job.h"

namespace insightos::cli {

jobs::JobCatalog BuildJobCatalog() {
  jobs::JobCatalog catalog;
  // Each module adds its job here, e.g. catalog.Add(scoring::ScoreJob());
  catalog.Add(jobs::PartitionsJob(PartitionPolicyFromEnvironment()));
  return catalog;
}

}  // namespace insightos::cli
