// Attribution in the database: each user's first touch (users.first_*), recomputed with
// set-based SQL from the stored events by the rule of docs/funnels.md ("From events to
// people"), the same rule the in-memory analytics apply (insightos/analytics/event_digest.h):
//
//   - An anonymous id belongs to the user of its earliest link by event timestamp, ties to the
//     smallest user id; events flagged as bots link nothing. The collector keeps `identities`
//     that way as events arrive (storage/identity_writer.h); a full run also repairs it from
//     every link stored in `events` (databases written before that rule).
//   - A user's first touch is the earliest of their events (their own and their anonymous
//     ids') that has a campaign, ties to the smallest campaign name; without one, their
//     earliest event, with campaign 'organic'. Bot events never count.
//
// Written per user: first_touch_ts, first_utm_source/medium/campaign/term/content,
// first_referrer (all from the first-touch event; first_utm_campaign is 'organic' for an
// organic touch) and first_touch_anonymous_id. Users without any non-bot event get NULLs.
//
// Incremental: attribution_progress remembers the last event id reflected. A run recomputes
// only the users that events since then can affect (their own users, the owners of their
// anonymous ids, and users whose first touch came from one of those anonymous ids, which an
// earlier link arriving late may have moved to someone else). With nothing new it costs two
// indexed lookups, so the score, ltv and dashboard jobs call it before reading first touch.
#ifndef INSIGHTOS_BACKEND_ANALYTICS_ATTRIBUTION_H_
#define INSIGHTOS_BACKEND_ANALYTICS_ATTRIBUTION_H_

#include <cstdint>

#include "backend/storage/sql_connection.h"

namespace insightos::analytics {

struct AttributionOptions {
  // Recompute every user, after repairing identities from every stored link, instead of only
  // the users that new events can affect. The first run on a database is always full.
  bool full = false;
};

struct AttributionSummary {
  bool full = false;                    // every user was recomputed
  std::int64_t from_event_id = 0;       // events with from_event_id < id <= to_event_id were new
  std::int64_t to_event_id = 0;
  std::int64_t users_recomputed = 0;    // candidates whose first touch was computed
  std::int64_t users_changed = 0;       // of those, users whose stored first touch changed
  std::int64_t identities_repaired = 0; // identity links a full run corrected
  int attempts = 0;                     // > 1 when a concurrent run committed first
};

// Brings users' first touch up to date with every event committed before the call.
// Safe to run concurrently from several processes: each run commits only if no other run
// committed since it read attribution_progress (else it starts over from there), and a
// crash leaves the previous state, to be redone by the next run.
// REQUIRES: the schema is migrated (006) and `connection` is not inside a transaction.
// Throws StorageError.
AttributionSummary RefreshAttribution(storage::SqlConnection& connection, const AttributionOptions& options = {});

}  // namespace insightos::analytics

#endif  // INSIGHTOS_BACKEND_ANALYTICS_ATTRIBUTION_H_
