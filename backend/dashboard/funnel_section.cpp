#include <stdexcept>

#include "backend/analytics/report_json.h"
#include "backend/dashboard/dashboard_sections.h"

namespace insightos::dashboard {

analytics::FunnelDefinition DashboardFunnel() {
  analytics::FunnelDefinition definition;
  definition.steps = {"user_created", "user_verified", "project_created", "teammate_invited", "subscription_started"};
  definition.window_ms = 14 * kMillisPerDay;
  return definition;
}

nlohmann::json ReadFunnelSection(storage::SqlConnection& db) {
  const analytics::FunnelDefinition definition = DashboardFunnel();
  std::vector<analytics::FunnelOutcome> outcomes;
  db.Query("SELECT signed_up_at, verified_at, first_project_at, invited_at, subscribed_at FROM funnel_outcomes", {},
           [&](const storage::SqlRow& row) {
             analytics::FunnelOutcome outcome;
             for (std::size_t k = 0; k < row.size() && !row.IsNull(k); ++k) outcome.step_times.push_back(row.GetInt(k));
             outcomes.push_back(std::move(outcome));
           });
  Result<analytics::FunnelReport> report = analytics::SummarizeFunnel(definition, outcomes);
  if (!report.ok()) throw std::runtime_error("funnel_outcomes view: " + report.status().ToString());
  return analytics::FunnelReportToJson(*report, {});
}

}  // namespace insightos::dashboard
