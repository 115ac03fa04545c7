// When scheduled jobs are due (SPEC §3: `serve --schedule` scores every 15 minutes, trains
// and refits LTV nightly). Specs are "every 15m", "every 2h" or "daily 03:30" (UTC).
#ifndef INSIGHTOS_BACKEND_JOBS_JOB_SCHEDULE_H_
#define INSIGHTOS_BACKEND_JOBS_JOB_SCHEDULE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/status.h"
#include "insightos/time.h"

namespace insightos::jobs {

struct JobSchedule {
  std::string job;
  std::int64_t every_ms = 0;      // interval schedule, aligned to the epoch (xx:00, xx:15, ...)
  std::int64_t daily_at_ms = -1;  // time of day (UTC) for a daily schedule
  // The first due time strictly after `after`.
  TimestampMs NextAfter(TimestampMs after) const;
};

// "JOB=every 15m" / "JOB=daily 03:30", entries separated by commas.
Result<std::vector<JobSchedule>> ParseJobSchedules(std::string_view text);

// The default of `serve --schedule`.
inline constexpr char kDefaultSchedules[] =
    "score=every 15m,train=daily 02:00,ltv=daily 02:30,dashboard=every 15m,partitions=daily 01:00";

}  // namespace insightos::jobs

#endif  // INSIGHTOS_BACKEND_JOBS_JOB_SCHEDULE_H_
