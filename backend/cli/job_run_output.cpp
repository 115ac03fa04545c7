#include "backend/cli/job_run_output.h"

#include <cstdio>

#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"

namespace insightos::cli {

jobs::RunResult RunJobAndPrint(const jobs::JobDefinition& job, const storage::DatabaseUrl& database,
                               jobs::LockPolicy lock_policy) {
  jobs::RunResult result;
  RunWithStorageErrors("jobs run " + job.name, [&] {
    jobs::RunOptions options;
    options.lock_policy = lock_policy;
    result = jobs::RunJob(job, database, options);
    std::printf("%s\n", nlohmann::json({{"job", job.name}, {"run_id", result.run_id}, {"status", result.status},
                                        {"seconds", result.seconds}, {"detail", result.detail}})
                            .dump(2)
                            .c_str());
    if (result.status == "failed") throw CommandError(kExitFailure, job.name + " failed: " + result.error);
  });
  return result;
}

}  // namespace insightos::cli
