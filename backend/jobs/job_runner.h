// Runs a job with its bookkeeping: takes the job's lock (a row in job_locks, refreshed by a
// heartbeat so a crashed holder is taken over after `stale_after`), records the run in
// job_runs, runs it, records the outcome, releases the lock.
#ifndef INSIGHTOS_BACKEND_JOBS_JOB_RUNNER_H_
#define INSIGHTOS_BACKEND_JOBS_JOB_RUNNER_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "backend/jobs/job.h"

namespace insightos::jobs {

enum class LockPolicy {
  kSkipIfRunning,  // another run holds the lock: record a skipped run and return at once
  kWaitIfRunning,  // wait for it (up to the timeout), then run
};

struct RunOptions {
  std::string trigger = "cli";
  LockPolicy lock_policy = LockPolicy::kSkipIfRunning;
  std::chrono::seconds wait_timeout{3600};
  std::chrono::seconds heartbeat{10};
  std::chrono::seconds stale_after{120};
};

struct RunResult {
  std::int64_t run_id = 0;
  std::string status;  // succeeded, failed or skipped
  nlohmann::json detail;
  std::string error;   // for failed runs
  double seconds = 0;
};

// Never throws for a failing job (the failure is in the result and in job_runs); throws
// StorageError when the bookkeeping itself cannot reach the database.
RunResult RunJob(const JobDefinition& job, const storage::DatabaseUrl& database, const RunOptions& options);

// "host:pid", identifying this process in job_runs and job_locks.
std::string ProcessHolderName();

}  // namespace insightos::jobs

#endif  // INSIGHTOS_BACKEND_JOBS_JOB_RUNNER_H_
