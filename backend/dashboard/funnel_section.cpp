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
  // The step events, one narrow row each, matched by the core's FunnelMatcher: the same code
  // as `insightos funnel`, and several times faster than the funnel_outcomes view's joins
  // (which BI tools use; a test keeps the two equal). A person is the user id, reached through
  // identities for anonymous events, else the anonymous id — as in the view. identities is
  // looked up in a subquery that COALESCE reaches only for an event without a user id (the
  // view's LEFT JOIN, at most one row per anonymous id, gives the same person): a join seeks
  // identities for every step event, nearly all of which carry their user id. Every column
  // read is in events_track_name_ts (migration 012), so the events' rows are not read.
  analytics::FunnelMatcher matcher(definition);
  storage::SqlParams steps(definition.steps.begin(), definition.steps.end());
  db.Query("SELECT COALESCE('u:' || COALESCE(e.user_id, "
           "(SELECT i.user_id FROM identities i WHERE i.anonymous_id = e.anonymous_id)), 'a:' || e.anonymous_id), "
           "e.event, e.ts FROM events e "
           "WHERE e.type = 'track' AND NOT e.is_bot AND e.event IN ($1, $2, $3, $4, $5)",
           steps, [&](const storage::SqlRow& row) {
             const std::optional<std::size_t> step = definition.StepIndex(row.GetText(1));
             if (step) matcher.Add(row.GetText(0), *step, row.GetInt(2));
           });
  const std::vector<analytics::FunnelOutcome> outcomes = matcher.Match();
  Result<analytics::FunnelReport> report = analytics::SummarizeFunnel(definition, outcomes);
  if (!report.ok()) throw std::runtime_error("funnel: " + report.status().ToString());
  return analytics::FunnelReportToJson(*report, {});
}

}  // namespace insightos::dashboard
