// What lead scoring knows about one user: their events, traits, first-touch campaign and
// sign-up time. The server builds it from database rows, the browser from the visitor's
// locally kept events; feature extraction (feature_extraction.h) reads nothing else.
#ifndef INSIGHTOS_SCORING_USER_HISTORY_H_
#define INSIGHTOS_SCORING_USER_HISTORY_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/event.h"
#include "insightos/json.h"
#include "insightos/time.h"
#include "insightos/tracker_storage.h"

namespace insightos::scoring {

// Track event names of the product funnel (the shared domain vocabulary).
inline constexpr std::string_view kSignupEvent = "user_created";
inline constexpr std::string_view kConvertedEvent = "subscription_started";
// The campaign name of visits without UTM parameters.
inline constexpr std::string_view kOrganicCampaign = "organic";

struct HistoryEvent {
  EventType type = EventType::kTrack;
  std::string name;       // track: the event name; page: the page name (often empty)
  std::string page_path;  // page: context.page.path, e.g. "/pricing"; empty otherwise
  TimestampMs timestamp = 0;
  JsonValue properties = JsonValue::Object();
};

struct UserHistory {
  // Any order: extraction only filters by time, it never relies on position.
  std::vector<HistoryEvent> events;
  JsonValue traits = JsonValue::Object();  // the user's traits (an object), merged from identify calls
  Campaign campaign;                       // first touch; an empty name means organic
  std::optional<TimestampMs> signup_at;    // the first user_created, if any
};

// Builds one user's history from their events (already stitched across anonymous ids; any
// order). Events are kept in time order (stable for ties); sign-up is the earliest
// user_created; the first-touch campaign is the campaign of the earliest event that has a
// campaign name; traits are merged from identify events in time order, later keys winning.
UserHistory BuildUserHistory(std::span<const Event> events);

// The browser's view of one visitor: the events the tracker keeps locally (the history
// document of tracker_storage.h, where a page view's name is its path; identify and alias
// entries are ignored), the traits merged from identify() calls, and the name of the
// first-touch campaign the tracker stored (empty: organic). Sign-up is the earliest
// user_created kept. The tracker keeps the latest 100 events, so a visitor with a longer
// history is scored on those.
UserHistory UserHistoryFromVisitor(const VisitorHistory& visitor, JsonValue traits, std::string campaign);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_SCORING_USER_HISTORY_H_
