// The funnel and campaign reports as text for people: aligned tables and a few sentences,
// shared by `insightos funnel`, `insightos campaigns` and `insightos demo`.
#ifndef INSIGHTOS_BACKEND_CLI_ANALYTICS_TEXT_H_
#define INSIGHTOS_BACKEND_CLI_ANALYTICS_TEXT_H_

#include <string>

#include "backend/analytics/event_analysis.h"

namespace insightos::cli {

// The total funnel, the worst step, the median time to convert and, when the report has
// breakdowns, one row per value. `by` names the breakdown (--by); `pushed_down` says the
// stats count step events matched in the database rather than events read.
std::string FunnelReportText(const analytics::FunnelAnalysis& analysis, const std::string& by, bool pushed_down);

// One row per campaign and the definitions. The value-ratio interval shown is the bootstrap
// one when `bootstrap`, else the delta-method one.
std::string CampaignReportText(const analytics::CampaignAnalysis& analysis, bool bootstrap);

// "Best campaign by customer value: NAME, 2.27x the other campaigns' mean [2.04, 2.51]", or a
// sentence saying no campaign has enough valued customers.
std::string BestCampaignText(const analytics::CampaignAnalysis& analysis, bool bootstrap);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_ANALYTICS_TEXT_H_
