// Runs scheduled jobs from inside `insightos serve --schedule`. Every collector instance may
// run a scheduler: the job lock makes a due job run once across all of them (the others
// record a skipped run).
#ifndef INSIGHTOS_BACKEND_JOBS_JOB_SCHEDULER_H_
#define INSIGHTOS_BACKEND_JOBS_JOB_SCHEDULER_H_

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "backend/jobs/job.h"
#include "backend/jobs/job_schedule.h"

namespace insightos::jobs {

class JobScheduler {
 public:
  // `catalog` must outlive the scheduler. REQUIRES: every scheduled job is in the catalog.
  JobScheduler(const JobCatalog* catalog, storage::DatabaseUrl database, std::vector<JobSchedule> schedules);
  ~JobScheduler();  // stops after the job running now, if any, finishes

 private:
  void Run();

  const JobCatalog* catalog_;
  storage::DatabaseUrl database_;
  std::vector<JobSchedule> schedules_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace insightos::jobs

#endif  // INSIGHTOS_BACKEND_JOBS_JOB_SCHEDULER_H_
