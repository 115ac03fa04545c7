// The funnel and campaign analyses over any EventSource: one pass over the events into an
// EventDigest (identity stitching, first touch), then the core's matching and statistics.
// The database path will answer the same queries with SQL and must give the same reports.
#ifndef INSIGHTOS_BACKEND_ANALYTICS_EVENT_ANALYSIS_H_
#define INSIGHTOS_BACKEND_ANALYTICS_EVENT_ANALYSIS_H_

#include <optional>
#include <string>
#include <vector>

#include "backend/analytics/campaign_bootstrap.h"
#include "backend/analytics/event_source.h"
#include "insightos/analytics/campaign_inputs.h"
#include "insightos/analytics/campaign_report.h"
#include "insightos/analytics/event_digest.h"
#include "insightos/analytics/funnel.h"

namespace insightos::analytics {

struct FunnelQuery {
  FunnelDefinition definition;  // step names as EventDigestOptions::funnel_steps reads them
  FunnelBreakdown breakdown;
  bool include_bots = false;
};

struct EventStats {
  std::uint64_t events = 0;           // events used
  std::uint64_t bot_events_skipped = 0;
  std::uint64_t orders_without_revenue = 0;
  std::uint64_t persons = 0;
};

struct FunnelAnalysis {
  FunnelReport report;
  EventStats stats;
};

// Errors: InvalidArgument for an invalid definition; the source's errors.
Result<FunnelAnalysis> AnalyzeFunnel(EventSource& source, const FunnelQuery& query);

struct CampaignQuery {
  TimestampMs value_horizon_ms = 180 * kMillisPerDay;
  std::optional<TimestampMs> as_of;          // default: the latest event's timestamp
  CampaignReportOptions report;
  std::optional<BootstrapOptions> bootstrap; // also compute bootstrap ratio intervals
  bool include_bots = false;
  std::vector<UserLeadScore> lead_scores;    // users' current scores, for each campaign's mean
};

struct CampaignAnalysis {
  CampaignReport report;
  TimestampMs as_of = 0;
  TimestampMs value_horizon_ms = 0;
  EventStats stats;
};

// Errors: InvalidArgument for bad options, FailedPrecondition for a source without events
// when as_of is not given; the source's errors.
Result<CampaignAnalysis> AnalyzeCampaigns(EventSource& source, const CampaignQuery& query);

// Attaches bootstrap intervals to the rows of a report built from `inputs`.
void AddBootstrapIntervals(std::span<const CampaignInput> inputs, const BootstrapOptions& options,
                           CampaignReport* report);

}  // namespace insightos::analytics

#endif  // INSIGHTOS_BACKEND_ANALYTICS_EVENT_ANALYSIS_H_
