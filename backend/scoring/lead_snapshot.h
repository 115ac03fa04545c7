// How a stored lead becomes a labelled training example (docs/lead-scoring.md, "Training
// from events"): a snapshot of the lead a fixed time after sign-up, labelled by whether
// they subscribe afterwards.
//
//   sign-up ──feature_days──► snapshot (as_of) ──────────► sign-up + label_days
//   features see events up to the snapshot        converted = subscription_started in (as_of, end]
//
// Leads that subscribed at or before the snapshot are left out: the score updater scores
// leads who have not subscribed yet, and a model trained on them would learn from the
// subscription itself (its billing page, its last-seen time). Leads whose label window has
// not fully passed by the end of the data are left out too (they may still subscribe).
// This framing needs nothing from the feature spec: no feature can see the outcome.
#ifndef INSIGHTOS_BACKEND_SCORING_LEAD_SNAPSHOT_H_
#define INSIGHTOS_BACKEND_SCORING_LEAD_SNAPSHOT_H_

#include <cstdint>
#include <optional>

#include "insightos/scoring/user_history.h"
#include "insightos/status.h"

namespace insightos::scoring {

struct LeadSnapshotWindows {
  double feature_days = 3;  // the snapshot is taken this long after sign-up
  double label_days = 30;   // a subscription within this long after sign-up is a conversion
};

// feature_days >= 0, label_days > feature_days, both finite and at most 3650.
Status ValidateLeadSnapshotWindows(const LeadSnapshotWindows& windows);

struct LeadSnapshot {
  TimestampMs signup = 0;
  TimestampMs as_of = 0;
  std::uint8_t converted = 0;
};

// The lead's training example, or nullopt when they are not one (no sign-up, subscribed
// by the snapshot, label window not over by data_end).
// REQUIRES: ValidateLeadSnapshotWindows(windows).ok().
std::optional<LeadSnapshot> SnapshotOf(const UserHistory& history, const LeadSnapshotWindows& windows,
                                       TimestampMs data_end);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_LEAD_SNAPSHOT_H_
