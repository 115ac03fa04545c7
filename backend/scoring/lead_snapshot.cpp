#include "backend/scoring/lead_snapshot.h"

#include <cmath>

namespace insightos::scoring {

namespace {
TimestampMs Days(double days) { return static_cast<TimestampMs>(std::llround(days * static_cast<double>(kMillisPerDay))); }
}  // namespace

Status ValidateLeadSnapshotWindows(const LeadSnapshotWindows& w) {
  if (!(std::isfinite(w.feature_days) && w.feature_days >= 0 && w.feature_days <= 3650)) {
    return Status::InvalidArgument("the snapshot must be 0 to 3650 days after sign-up");
  }
  if (!(std::isfinite(w.label_days) && w.label_days > w.feature_days && w.label_days <= 3650)) {
    return Status::InvalidArgument("the label window must end after the snapshot and within 3650 days of sign-up");
  }
  return Status::Ok();
}

std::optional<LeadSnapshot> SnapshotOf(const UserHistory& history, const LeadSnapshotWindows& windows,
                                       TimestampMs data_end) {
  if (!history.signup_at) return std::nullopt;
  LeadSnapshot s;
  s.signup = *history.signup_at;
  s.as_of = s.signup + Days(windows.feature_days);
  const TimestampMs label_end = s.signup + Days(windows.label_days);
  if (label_end > data_end) return std::nullopt;
  for (const HistoryEvent& e : history.events) {
    if (e.type != EventType::kTrack || e.name != kConvertedEvent) continue;
    if (e.timestamp <= s.as_of) return std::nullopt;
    if (e.timestamp <= label_end) s.converted = 1;
  }
  return s;
}

}  // namespace insightos::scoring
