// Where the dashboard lives and how it formats numbers, from the environment (and .env), so the
// "dashboard" job (jobs run, POST /v1/jobs/dashboard, the scheduler) and the /dashboard/ route
// of `serve` agree: INSIGHTOS_DASHBOARD_DIR (default insightos-data/dashboard),
// INSIGHTOS_CURRENCY (default USD), INSIGHTOS_LOCALE (default en-US).
#ifndef INSIGHTOS_BACKEND_CLI_DASHBOARD_CONFIG_H_
#define INSIGHTOS_BACKEND_CLI_DASHBOARD_CONFIG_H_

#include "backend/dashboard/dashboard_build.h"

namespace insightos::cli {

dashboard::DashboardOptions DashboardOptionsFromEnvironment();

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_DASHBOARD_CONFIG_H_
