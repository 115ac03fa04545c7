#include "backend/analytics/attribution_job.h"

#include "backend/storage/sql_connection.h"

namespace insightos::analytics {

nlohmann::json AttributionSummaryToJson(const AttributionSummary& s) {
  return {{"full", s.full},
          {"from_event_id", s.from_event_id},
          {"to_event_id", s.to_event_id},
          {"users_recomputed", s.users_recomputed},
          {"users_changed", s.users_changed},
          {"identities_repaired", s.identities_repaired},
          {"attempts", s.attempts}};
}

jobs::JobDefinition AttributionJob(AttributionOptions options) {
  return {kAttributionJobName,
          "Recompute identities and users' first-touch campaign from new events (docs/funnels.md)",
          [options](jobs::JobContext& context) {
            auto connection = storage::OpenConnection(context.database);
            context.detail = AttributionSummaryToJson(RefreshAttribution(*connection, options));
          }};
}

}  // namespace insightos::analytics
