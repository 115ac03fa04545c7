#include "backend/cli/dashboard_config.h"

#include "backend/cli/environment.h"

namespace insightos::cli {

dashboard::DashboardOptions DashboardOptionsFromEnvironment() {
  dashboard::DashboardOptions options;
  options.out_dir = EnvOr("INSIGHTOS_DASHBOARD_DIR", options.out_dir);
  options.currency = EnvOr("INSIGHTOS_CURRENCY", options.currency);
  options.locale = EnvOr("INSIGHTOS_LOCALE", options.locale);
  return options;
}

}  // namespace insightos::cli
