// `insightos ltv --db URL ...`: the nightly refit run now, through the job runner (lock and
// job_runs bookkeeping), with its result printed for a person or as JSON.
#ifndef INSIGHTOS_BACKEND_CLI_LTV_DATABASE_RUN_H_
#define INSIGHTOS_BACKEND_CLI_LTV_DATABASE_RUN_H_

#include <string>

#include "backend/ltv/ltv_job.h"
#include "backend/storage/database_url.h"

namespace insightos::cli {

// Runs the "ltv" job and prints its outcome. Throws CommandError: exit 4 when the fit did not
// converge, 1 when the run failed otherwise, 3 when the database is unreachable.
void RunLtvOnDatabase(const storage::DatabaseUrl& database, const ltv::LtvJobOptions& options, bool json);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_LTV_DATABASE_RUN_H_
