// The funnel and campaign reports as JSON, for `--json` output, the dashboard and the HTTP
// API. Field names and units are part of the interface (docs/funnels.md): durations are in
// seconds, rates in [0, 1], intervals as [low, high], absent values as null.
#ifndef INSIGHTOS_BACKEND_ANALYTICS_REPORT_JSON_H_
#define INSIGHTOS_BACKEND_ANALYTICS_REPORT_JSON_H_

#include <nlohmann/json.hpp>

#include "backend/analytics/event_analysis.h"

namespace insightos::analytics {

nlohmann::json FunnelReportToJson(const FunnelReport& report, const FunnelBreakdown& breakdown);
nlohmann::json CampaignAnalysisToJson(const CampaignAnalysis& analysis);

}  // namespace insightos::analytics

#endif  // INSIGHTOS_BACKEND_ANALYTICS_REPORT_JSON_H_
