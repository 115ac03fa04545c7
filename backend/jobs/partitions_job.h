// The `partitions` job: monthly partitions of events created ahead, late rows moved out of
// the default partition, and — only when a retention is configured — old months dropped
// (backend/storage/event_partitions.h). Run it daily; on SQLite it does nothing.
#ifndef INSIGHTOS_BACKEND_JOBS_PARTITIONS_JOB_H_
#define INSIGHTOS_BACKEND_JOBS_PARTITIONS_JOB_H_

#include <nlohmann/json.hpp>

#include "backend/jobs/job.h"
#include "backend/storage/event_partitions.h"

namespace insightos::jobs {

inline constexpr char kPartitionsJobName[] = "partitions";

JobDefinition PartitionsJob(const storage::PartitionPolicy& policy);

// What a run did, for job_runs.detail and the CLI.
nlohmann::json PartitionReportJson(const storage::PartitionReport& report);

}  // namespace insightos::jobs

#endif  // INSIGHTOS_BACKEND_JOBS_PARTITIONS_JOB_H_
