// Builds the Segment events that the browser tracker (SPEC §5) would send for one visitor:
// page views with the full context, track calls and the identify call at sign-up.
//
// The events' derived fields (campaign, page_url, page_path, referrer, user_agent, is_bot) are filled
// exactly as insightos::ParseEvent derives them from the JSON, so in-memory consumers see what
// a reader of the NDJSON file sees. Message ids are left empty: they are UUIDv7s of the event
// time, assigned once the person's events are in time order (AssignMessageIds).
#ifndef INSIGHTOS_BACKEND_SIMULATOR_TRACKER_EVENT_FACTORY_H_
#define INSIGHTOS_BACKEND_SIMULATOR_TRACKER_EVENT_FACTORY_H_

#include <random>
#include <span>
#include <string>
#include <string_view>

#include "backend/simulator/person_traits.h"
#include "backend/simulator/simulation_config.h"
#include "insightos/event.h"

namespace insightos::simulator {

// UTM parameters of a landing page; only the first page of a campaign visit carries them.
struct LandingCampaign {
  std::string source;
  std::string medium;
  std::string name;
  std::string term;
  std::string content;
};

// Holds references to config and traits: both must outlive the factory. Not thread-safe.
class TrackerEventFactory {
 public:
  TrackerEventFactory(const SimulationConfig& config, const PersonTraits& traits, std::string anonymous_id,
                      std::mt19937_64* rng);

  // Every later event also carries this user id (the tracker keeps the anonymous id too).
  void SetUserId(std::string user_id) { user_id_ = std::move(user_id); }

  // A page view of `path`; `utm` is set on a campaign landing page only.
  Event Page(TimestampMs at, std::string_view path, std::string_view referrer,
             const LandingCampaign* utm = nullptr) const;
  Event Track(TimestampMs at, std::string_view name, JsonValue properties) const;
  Event Identify(TimestampMs at, JsonValue traits) const;

 private:
  Event Base(EventType type, TimestampMs at) const;
  JsonValue Context() const;

  const SimulationConfig& config_;
  const PersonTraits& traits_;
  std::string anonymous_id_;
  std::string user_id_;
  std::string user_agent_;
  std::mt19937_64* rng_;
};

// Gives events (sorted by timestamp) UUIDv7 message ids of their own timestamps, with random
// bits from rng; ids increase with the events' order.
void AssignMessageIds(std::span<Event> events, std::mt19937_64& rng);

// A random (version 4) UUID, as trackers use for anonymous ids.
std::string RandomUuidV4(std::mt19937_64& rng);

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_TRACKER_EVENT_FACTORY_H_
