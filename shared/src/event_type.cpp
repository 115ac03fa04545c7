#include "insightos/event.h"

namespace insightos {

const char* EventTypeName(EventType type) {
  switch (type) {
    case EventType::kTrack: return "track";
    case EventType::kIdentify: return "identify";
    case EventType::kPage: return "page";
    case EventType::kAlias: return "alias";
  }
  return "track";
}

std::optional<EventType> EventTypeFromName(std::string_view name) {
  if (name == "track") return EventType::kTrack;
  if (name == "identify") return EventType::kIdentify;
  if (name == "page") return EventType::kPage;
  if (name == "alias") return EventType::kAlias;
  return std::nullopt;
}

// Announced automation: crawlers, link previewers, headless browsers, scripted clients.
// Such events are stored and flagged, never dropped (a test suite's headless browser too).
bool IsBotUserAgent(std::string_view user_agent) {
  static const char* const kMarkers[] = {"bot",        "crawler",   "spider",   "crawling",
                                         "headless",   "slurp",     "lighthouse", "phantomjs",
                                         "facebookexternalhit", "python-requests", "curl/", "wget/"};
  std::string lower(user_agent);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (const char* marker : kMarkers) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  return false;
}

}  // namespace insightos
