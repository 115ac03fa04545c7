#include "insightos/scoring/user_history.h"

#include <algorithm>
#include <numeric>

namespace insightos::scoring {

UserHistory BuildUserHistory(std::span<const Event> events) {
  std::vector<std::size_t> order(events.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return events[a].timestamp < events[b].timestamp; });

  UserHistory history;
  history.events.reserve(events.size());
  bool have_campaign = false;
  for (std::size_t i : order) {
    const Event& e = events[i];
    if (!have_campaign && !e.campaign.name.empty()) {
      history.campaign = e.campaign;
      have_campaign = true;
    }
    if (e.type == EventType::kIdentify && e.traits.is_object()) {
      for (std::size_t k = 0; k < e.traits.size(); ++k) history.traits.Set(e.traits.key(k), e.traits.element(k));
    }
    if (e.type == EventType::kTrack && e.name == kSignupEvent && !history.signup_at) history.signup_at = e.timestamp;
    if (e.type != EventType::kTrack && e.type != EventType::kPage) continue;
    HistoryEvent h;
    h.type = e.type;
    h.name = e.name;
    if (e.type == EventType::kPage) h.page_path = e.page_path;
    h.timestamp = e.timestamp;
    h.properties = e.properties;
    history.events.push_back(std::move(h));
  }
  return history;
}

UserHistory UserHistoryFromVisitor(const VisitorHistory& visitor, JsonValue traits, std::string campaign) {
  UserHistory history;
  if (traits.is_object()) history.traits = std::move(traits);
  history.campaign.name = std::move(campaign);
  history.events.reserve(visitor.events.size());
  for (const HistoryEntry& entry : visitor.events) {
    if (entry.type != EventType::kTrack && entry.type != EventType::kPage) continue;
    HistoryEvent e;
    e.type = entry.type;
    (entry.type == EventType::kPage ? e.page_path : e.name) = entry.name;
    e.timestamp = entry.ts;
    if (entry.type == EventType::kTrack && entry.name == kSignupEvent &&
        (!history.signup_at || entry.ts < *history.signup_at)) {
      history.signup_at = entry.ts;
    }
    history.events.push_back(std::move(e));
  }
  return history;
}

}  // namespace insightos::scoring
