#include "backend/jobs/job_scheduler.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "backend/jobs/job_runner.h"

namespace insightos::jobs {

namespace {
TimestampMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

JobScheduler::JobScheduler(const JobCatalog* catalog, storage::DatabaseUrl database, std::vector<JobSchedule> schedules)
    : catalog_(catalog), database_(std::move(database)), schedules_(std::move(schedules)) {
  thread_ = std::thread([this] { Run(); });
}

JobScheduler::~JobScheduler() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void JobScheduler::Run() {
  pthread_setname_np(pthread_self(), "job-scheduler");
  std::vector<TimestampMs> due;
  const TimestampMs start = NowMs();
  for (const JobSchedule& s : schedules_) due.push_back(s.NextAfter(start));
  for (;;) {
    const TimestampMs next = *std::min_element(due.begin(), due.end());
    {
      std::unique_lock<std::mutex> lock(mu_);
      const auto wait = std::chrono::milliseconds(std::max<TimestampMs>(0, next - NowMs()));
      if (wake_.wait_for(lock, wait, [this] { return stopping_; })) return;
    }
    const TimestampMs now = NowMs();
    for (std::size_t i = 0; i < schedules_.size(); ++i) {
      if (due[i] > now) continue;
      due[i] = schedules_[i].NextAfter(now);
      const JobDefinition* job = catalog_->Find(schedules_[i].job);
      if (job == nullptr) continue;
      RunOptions options;
      options.trigger = "schedule";
      try {
        RunResult result = RunJob(*job, database_, options);
        if (result.status == "failed") spdlog::error("scheduled job {} failed: {}", job->name, result.error);
      } catch (const std::exception& e) {
        spdlog::error("scheduled job {} could not run: {}", job->name, e.what());
      }
    }
  }
}

}  // namespace insightos::jobs
