#include "tests/support/traffic.h"

#include <random>
#include <string>

#include "insightos/uuid.h"

namespace insightos::testing {

std::vector<Event> MakeTrafficEvents(std::size_t count, std::uint64_t seed) {
  static const char* const kCampaigns[] = {"google_gestao_agil", "google_brand", "facebook_pme", "linkedin_b2b",
                                           "email_newsletter"};
  static const char* const kPaths[] = {"/", "/pricing", "/features", "/blog/kanban-for-teams", "/signup", "/app"};
  static const char* const kTracks[] = {"user_created", "user_verified", "project_created", "teammate_invited",
                                        "report_exported"};
  std::mt19937_64 rng(seed);
  UuidV7Generator ids;
  std::vector<Event> events;
  events.reserve(count);
  const TimestampMs start = 1764000000000;  // a fixed base keeps runs comparable
  for (std::size_t i = 0; i < count; ++i) {
    Event e;
    const std::size_t visitor = i / 8;  // about eight events per visitor
    e.anonymous_id = "anon-" + std::to_string(seed) + "-" + std::to_string(visitor);
    e.timestamp = start + static_cast<TimestampMs>(i) * 37;
    UuidRandomBytes random;
    for (auto& b : random) b = static_cast<std::uint8_t>(rng());
    e.message_id = ids.Next(e.timestamp, random);
    const std::string path = kPaths[rng() % std::size(kPaths)];
    JsonValue page = JsonValue::Object();
    std::string url = "https://app.example.com" + path;
    if (i % 8 == 0) {
      url += std::string("?utm_source=google&utm_medium=cpc&utm_campaign=") + kCampaigns[visitor % std::size(kCampaigns)];
    }
    page.Set("url", JsonValue::String(url));
    page.Set("path", JsonValue::String(path));
    page.Set("referrer", JsonValue::String("https://www.google.com/"));
    page.Set("title", JsonValue::String("InsightOS - agile project management"));
    e.context.Set("page", page);
    e.context.Set("userAgent", JsonValue::String(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"));
    e.context.Set("locale", JsonValue::String("pt-BR"));
    JsonValue library = JsonValue::Object();
    library.Set("name", JsonValue::String("insightos.js"));
    library.Set("version", JsonValue::String("0.1.0"));
    e.context.Set("library", library);
    const std::size_t kind = rng() % 20;
    if (kind == 0) {
      e.type = EventType::kIdentify;
      e.user_id = "user-" + std::to_string(seed) + "-" + std::to_string(visitor);
      e.traits.Set("email", JsonValue::String(e.user_id + "@example.com"));
      e.traits.Set("company_size", JsonValue::Number(static_cast<double>(rng() % 500)));
    } else if (kind < 8) {
      e.type = EventType::kTrack;
      e.name = kTracks[rng() % std::size(kTracks)];
      e.properties.Set("plan", JsonValue::String("pro"));
      e.properties.Set("seats", JsonValue::Number(static_cast<double>(rng() % 50)));
    } else {
      e.type = EventType::kPage;
      e.properties.Set("path", JsonValue::String(path));
    }
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace insightos::testing
