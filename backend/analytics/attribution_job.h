// The "attribution" job: RefreshAttribution (attribution.h) as a jobs::JobDefinition, so it
// runs from `insightos attribution --db`, `insightos jobs run attribution`,
// `POST /v1/jobs/attribution` and `serve --schedule "attribution=every 15m"`.
#ifndef INSIGHTOS_BACKEND_ANALYTICS_ATTRIBUTION_JOB_H_
#define INSIGHTOS_BACKEND_ANALYTICS_ATTRIBUTION_JOB_H_

#include <nlohmann/json.hpp>

#include "backend/analytics/attribution.h"
#include "backend/jobs/job.h"

namespace insightos::analytics {

inline constexpr char kAttributionJobName[] = "attribution";

// The job reports the summary as its detail (AttributionSummaryToJson).
jobs::JobDefinition AttributionJob(AttributionOptions options = {});

// {"full", "from_event_id", "to_event_id", "users_recomputed", "users_changed",
//  "identities_repaired", "attempts"}
nlohmann::json AttributionSummaryToJson(const AttributionSummary& summary);

}  // namespace insightos::analytics

#endif  // INSIGHTOS_BACKEND_ANALYTICS_ATTRIBUTION_JOB_H_
