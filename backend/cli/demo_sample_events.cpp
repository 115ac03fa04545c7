#include "backend/cli/demo_sample_events.h"

#include <chrono>
#include <random>

#include "insightos/uuid.h"

namespace insightos::cli {

namespace {

struct CampaignSource {
  const char* campaign;
  const char* source;
  const char* medium;
};

constexpr CampaignSource kCampaigns[] = {
    {"google_gestao_agil", "google", "cpc"}, {"google_brand", "google", "cpc"},
    {"facebook_pme", "facebook", "social"},  {"linkedin_b2b", "linkedin", "social"},
    {"email_newsletter", "newsletter", "email"}, {"organic", "", ""},
};

class JourneyBuilder {
 public:
  JourneyBuilder(std::mt19937_64* rng, UuidV7Generator* ids) : rng_(rng), ids_(ids) {}

  Event Make(EventType type, const std::string& anonymous_id, const std::string& user_id, TimestampMs at) {
    Event e;
    e.type = type;
    UuidRandomBytes random;
    for (auto& b : random) b = static_cast<std::uint8_t>((*rng_)());
    e.message_id = ids_->Next(at, random);
    e.anonymous_id = anonymous_id;
    e.user_id = user_id;
    e.timestamp = at;
    e.context.Set("userAgent", JsonValue::String("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0"));
    return e;
  }

 private:
  std::mt19937_64* rng_;
  UuidV7Generator* ids_;
};

void SetPage(Event* e, const std::string& path, const CampaignSource* landing) {
  std::string url = "https://demo.insightos.dev" + path;
  if (landing != nullptr && landing->source[0] != '\0') {
    url += std::string("?utm_source=") + landing->source + "&utm_medium=" + landing->medium +
           "&utm_campaign=" + landing->campaign;
  }
  JsonValue page = JsonValue::Object();
  page.Set("url", JsonValue::String(url));
  page.Set("path", JsonValue::String(path));
  e->context.Set("page", page);
}

}  // namespace

std::vector<Event> MakeDemoSampleEvents(int visitors) {
  std::mt19937_64 rng(20241129);
  UuidV7Generator ids;
  JourneyBuilder build(&rng, &ids);
  std::uniform_real_distribution<double> unit(0, 1);
  const TimestampMs now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::vector<Event> events;
  for (int v = 0; v < visitors; ++v) {
    const CampaignSource& campaign = kCampaigns[static_cast<std::size_t>(v) % std::size(kCampaigns)];
    const std::string anon = "demo-anon-" + std::to_string(v);
    TimestampMs t = now - static_cast<TimestampMs>(unit(rng) * 30 * kMillisPerDay) - kMillisPerHour;
    Event landing = build.Make(EventType::kPage, anon, "", t);
    SetPage(&landing, "/", &campaign);
    events.push_back(landing);
    if (unit(rng) < 0.5) {
      Event pricing = build.Make(EventType::kPage, anon, "", t += 40000);
      SetPage(&pricing, "/pricing", nullptr);
      events.push_back(pricing);
    }
    if (unit(rng) > 0.35) continue;  // most visitors leave without signing up
    const std::string user = "demo-user-" + std::to_string(v);
    Event identify = build.Make(EventType::kIdentify, anon, user, t += 60000);
    identify.traits.Set("email", JsonValue::String(user + "@example.com"));
    identify.traits.Set("company_size", JsonValue::Number(static_cast<double>(5 + v % 200)));
    events.push_back(identify);
    const char* steps[] = {"user_created", "user_verified", "project_created", "teammate_invited", "subscription_started"};
    const double keep[] = {1.0, 0.8, 0.45, 0.6, 0.5};
    for (std::size_t s = 0; s < std::size(steps); ++s) {
      if (unit(rng) > keep[s]) break;
      Event step = build.Make(EventType::kTrack, anon, user, t += static_cast<TimestampMs>(unit(rng) * kMillisPerDay));
      step.name = steps[s];
      events.push_back(step);
    }
  }
  // A few malformed events, as real traffic has: the collector rejects and keeps them.
  Event no_name = build.Make(EventType::kTrack, "demo-anon-0", "", now - kMillisPerHour);
  events.push_back(no_name);  // a track without an event name
  return events;
}

}  // namespace insightos::cli
