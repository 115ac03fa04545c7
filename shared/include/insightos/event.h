// The Segment-compatible event (SPEC §2) and its validation.
//
// ParseEvent turns one untrusted JSON object into an Event or says which field is wrong
// and why. ParseBatch does the same for a request body: whole-body problems (not JSON,
// too many events) fail the call; problems of single events reject only those events.
#ifndef INSIGHTOS_EVENT_H_
#define INSIGHTOS_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/json.h"
#include "insightos/status.h"
#include "insightos/time.h"

namespace insightos {

enum class EventType : std::uint8_t { kTrack, kIdentify, kPage, kAlias };
const char* EventTypeName(EventType type);
std::optional<EventType> EventTypeFromName(std::string_view name);

// UTM campaign, from context.campaign or, failing that, the utm_* parameters of the page URL.
struct Campaign {
  std::string source;
  std::string medium;
  std::string name;
  std::string term;
  std::string content;
  bool empty() const { return source.empty() && medium.empty() && name.empty() && term.empty() && content.empty(); }
  friend bool operator==(const Campaign&, const Campaign&) = default;
};

struct Event {
  EventType type = EventType::kTrack;
  std::string message_id;
  std::string anonymous_id;  // empty when absent
  std::string user_id;       // empty when absent
  std::string previous_id;   // alias only
  std::string name;          // track: the event name; page: the page name (optional)
  JsonValue properties = JsonValue::Object();
  JsonValue traits = JsonValue::Object();
  JsonValue context = JsonValue::Object();
  Campaign campaign;
  std::string page_url;
  std::string page_path;
  std::string referrer;
  std::string user_agent;
  TimestampMs timestamp = 0;                     // when it happened, clock-skew corrected
  std::optional<TimestampMs> original_timestamp; // the client's timestamp when corrected or clamped
  std::optional<TimestampMs> sent_at;
  TimestampMs received_at = 0;
  bool is_bot = false;
};

struct EventError {
  std::string field;    // dotted path inside the event, e.g. "properties.plan" or "messageId"
  std::string message;  // what is wrong, for a person
};

// What the collector knows about the request an event arrived in.
struct EventEnvelope {
  TimestampMs received_at = 0;
  std::optional<EventType> implied_type;    // set by /v1/track, /v1/page, ...; nullopt for /v1/batch
  std::optional<TimestampMs> batch_sent_at; // a batch-level sentAt applies to events without one
  const JsonValue* batch_context = nullptr; // batch-level context, overridden key by key by the event's
  std::int64_t clock_skew_threshold_ms = 0; // 0 means limits::kClockSkewThresholdMs
};

// Validates one event object. Returns false and fills *error on the first problem found.
bool ParseEvent(const JsonValue& json, const EventEnvelope& envelope, Event* event, EventError* error);
// The same, moving properties, traits and context out of json instead of copying them.
bool ParseEvent(JsonValue&& json, const EventEnvelope& envelope, Event* event, EventError* error);

// Segment's canonical JSON form of an event (round-trips through ParseEvent).
JsonValue EventToJson(const Event& event);

struct RejectedEvent {
  std::size_t index = 0;  // position in the batch
  EventError error;
  std::string raw;        // the event's JSON text exactly as received
};

struct ParsedBatch {
  std::vector<Event> accepted;
  std::vector<std::size_t> accepted_index;  // position of each accepted event in the batch
  std::vector<RejectedEvent> rejected;
  std::string write_key;                    // "writeKey" from the body, if any
};

// Parses a request body: for /v1/batch an object {"batch":[...], "sentAt", "context",
// "writeKey"}; for a single-event endpoint (envelope.implied_type set) one event object.
// Errors: InvalidArgument for a body that is not the expected JSON shape, OutOfRange for a
// body over kMaxBatchBytes or a batch over kMaxBatchEvents.
Result<ParsedBatch> ParseBatch(std::string_view body, const EventEnvelope& envelope);

// True for user agents that announce a bot, crawler, spider or headless browser.
bool IsBotUserAgent(std::string_view user_agent);

}  // namespace insightos

#endif  // INSIGHTOS_EVENT_H_
