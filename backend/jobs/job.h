// A job: a named piece of batch work (score, train, ltv, dashboard, ...) that runs against
// the database from the CLI, from POST /v1/jobs/NAME, or from the in-process scheduler.
// Every run is recorded in job_runs and holds the job's lock while it runs.
#ifndef INSIGHTOS_BACKEND_JOBS_JOB_H_
#define INSIGHTOS_BACKEND_JOBS_JOB_H_

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "backend/storage/database_url.h"

namespace insightos::jobs {

struct JobContext {
  storage::DatabaseUrl database;
  std::string trigger;   // "cli", "http" or "schedule"
  std::int64_t run_id = 0;
  nlohmann::json detail = nlohmann::json::object();  // the job reports counts and results here
};

// Runs the job; throws (std::exception) to fail it. Must be safe to run again after a
// failure or a crash part-way (jobs are re-triggered by cron).
using JobFunction = std::function<void(JobContext&)>;

struct JobDefinition {
  std::string name;
  std::string description;
  JobFunction run;
};

// The jobs this binary knows, in a fixed order.
class JobCatalog {
 public:
  void Add(JobDefinition job) { jobs_.push_back(std::move(job)); }
  const JobDefinition* Find(const std::string& name) const;
  const std::vector<JobDefinition>& jobs() const { return jobs_; }

 private:
  std::vector<JobDefinition> jobs_;
};

}  // namespace insightos::jobs

#endif  // INSIGHTOS_BACKEND_JOBS_JOB_H_
