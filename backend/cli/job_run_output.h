// How a command runs a job for a person or a cron: through jobs::RunJob (lock, job_runs),
// printing the run as JSON on stdout; a failed run is exit code 1, a skipped one (another run
// held the lock) is a success, so a cron that fires twice does not report an error.
#ifndef INSIGHTOS_BACKEND_CLI_JOB_RUN_OUTPUT_H_
#define INSIGHTOS_BACKEND_CLI_JOB_RUN_OUTPUT_H_

#include "backend/jobs/job.h"
#include "backend/jobs/job_runner.h"

namespace insightos::cli {

// Throws CommandError (failure) when the job failed, or (unavailable) when the database
// holding job_runs cannot be reached.
jobs::RunResult RunJobAndPrint(const jobs::JobDefinition& job, const storage::DatabaseUrl& database,
                               jobs::LockPolicy lock_policy);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_JOB_RUN_OUTPUT_H_
