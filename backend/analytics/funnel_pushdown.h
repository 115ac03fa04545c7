// The funnel pushed down to SQL (docs/funnels.md, "The same in SQL"): PostgreSQL or SQLite
// matches every person's attempts with joins, MIN() and ROW_NUMBER() and returns one row per
// person who entered, the FunnelOutcome the in-memory FunnelMatcher would produce from the
// same events; SummarizeFunnel turns those into the report. Only the outcomes cross the wire,
// not the events.
//
// Breakdowns: campaign (first touch, attribution_sql.h) is computed in SQL; a property or a
// trait is read in SQL as JSON and turned into its breakdown text in C++ (BreakdownText), so
// the text is exactly the in-memory one. Where two step-1 events at the same millisecond carry
// different property values, the database returns both and the smallest text is kept.
#ifndef INSIGHTOS_BACKEND_ANALYTICS_FUNNEL_PUSHDOWN_H_
#define INSIGHTOS_BACKEND_ANALYTICS_FUNNEL_PUSHDOWN_H_

#include <cstdint>
#include <vector>

#include "backend/analytics/event_analysis.h"
#include "backend/storage/sql_connection.h"

namespace insightos::analytics {

struct PushedDownFunnel {
  std::vector<FunnelOutcome> outcomes;  // one per person who entered, in no particular order
  std::uint64_t step_events = 0;        // events that matched a step (bots excluded unless asked for)
};

// Uses the session temp tables funnel_step_events and funnel_touch (created, then dropped).
// Errors: InvalidArgument for an invalid definition or, on SQLite, a property or trait name
// containing '"' (not expressible as a JSON path there). Storage failures throw StorageError.
Result<PushedDownFunnel> MatchFunnelInDatabase(storage::SqlConnection& connection, const FunnelQuery& query);

// MatchFunnelInDatabase + SummarizeFunnel. stats.events counts the step events; stats.persons
// the people who entered.
Result<FunnelAnalysis> AnalyzeFunnelInDatabase(storage::SqlConnection& connection, const FunnelQuery& query);

}  // namespace insightos::analytics

#endif  // INSIGHTOS_BACKEND_ANALYTICS_FUNNEL_PUSHDOWN_H_
