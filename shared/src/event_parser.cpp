// Validation of Segment-style events. Every rejection names the field and the rule broken,
// so a developer reading a 200 response's "rejected" list knows what to fix.
#include <algorithm>
#include <cstdlib>

#include "insightos/decimal.h"
#include "insightos/event.h"
#include "insightos/limits.h"
#include "insightos/url.h"
#include "insightos/utf8.h"

namespace insightos {

namespace {

const char* KindName(const JsonValue& v) { return JsonKindName(v.kind()); }

std::string Join(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
}

// Reads obj[key] into *out when it is a string of at most max_chars code points.
// Absent and null leave *out unchanged. Integers are accepted where allow_integer is set
// (SDKs commonly send numeric user ids) and kept as written.
class FieldReader {
 public:
  FieldReader(EventError* error) : error_(error) {}

  bool String(const JsonValue& obj, std::string_view key, std::string_view path, std::size_t max_chars,
              std::string* out, bool allow_integer = false) {
    const JsonValue* v = obj.Find(key);
    if (v == nullptr || v->is_null()) return true;
    std::string field = Join(path, key);
    if (v->is_string()) {
      // A string has at least as many bytes as code points: count only when it might be too long.
      std::size_t chars = v->as_string().size() <= max_chars ? 0 : Utf8Length(v->as_string());
      if (chars > max_chars) {
        return Fail(field, "is " + DecimalText(chars) + " characters long, over the limit of " +
                               DecimalText(max_chars));
      }
      *out = v->as_string();
      return true;
    }
    if (allow_integer && v->is_number() && !v->number_text().empty() &&
        v->number_text().find_first_of(".eE") == std::string::npos) {
      *out = v->number_text();
      return true;
    }
    return Fail(field, std::string("must be a string, found ") + KindName(*v));
  }

  // Like String, but the field must be present and non-empty.
  bool RequiredString(const JsonValue& obj, std::string_view key, std::size_t max_chars, std::string* out) {
    if (!String(obj, key, "", max_chars, out)) return false;
    if (out->empty()) {
      const JsonValue* v = obj.Find(key);
      return Fail(std::string(key), v == nullptr || v->is_null() ? "is required" : "must not be empty");
    }
    return true;
  }

  // An optional object member; *out is set to it (or stays null when absent or null).
  bool Object(const JsonValue& obj, std::string_view key, std::string_view path, const JsonValue** out) {
    const JsonValue* v = obj.Find(key);
    if (v == nullptr || v->is_null()) return true;
    if (!v->is_object()) return Fail(Join(path, key), std::string("must be an object, found ") + KindName(*v));
    *out = v;
    return true;
  }

  bool Timestamp(const JsonValue& obj, std::string_view key, std::optional<TimestampMs>* out) {
    const JsonValue* v = obj.Find(key);
    if (v == nullptr || v->is_null()) return true;
    if (!v->is_string()) {
      return Fail(std::string(key), std::string("must be an ISO 8601 string, found ") + KindName(*v));
    }
    Result<TimestampMs> ts = ParseTimestamp(v->as_string());
    if (!ts.ok()) return Fail(std::string(key), ts.status().message());
    *out = *ts;
    return true;
  }

  bool Fail(std::string field, std::string message) {
    error_->field = std::move(field);
    error_->message = std::move(message);
    return false;
  }

 private:
  EventError* error_;
};

// Depth of v's nesting, and whether a NUL character occurs in any of its strings or keys.
// PostgreSQL can store no NUL in text or jsonb, so such an event could never be written.
// The path to the NUL is built only on the way back up, so the common case allocates nothing.
struct Scan {
  std::size_t depth = 0;
  bool has_nul = false;
  std::string nul_path;  // reversed segments joined on return
};

void ScanValue(const JsonValue& v, Scan* scan, std::size_t level) {
  if (v.is_string()) {
    if (v.as_string().find('\0') != std::string::npos) scan->has_nul = true;
    return;
  }
  if (!v.is_array() && !v.is_object()) return;
  if (level + 1 > scan->depth) scan->depth = level + 1;
  for (std::size_t i = 0; i < v.size() && !scan->has_nul; ++i) {
    if (v.is_object() && v.key(i).find('\0') != std::string::npos) {
      scan->has_nul = true;
      scan->nul_path = " (a key)";
      return;
    }
    ScanValue(v.element(i), scan, level + 1);
    if (scan->has_nul) {
      scan->nul_path = (v.is_object() ? "." + v.key(i) : "[" + DecimalText(i) + "]") + scan->nul_path;
    }
  }
}

// Checks a top-level member (properties, traits, context) for depth and NUL characters.
bool CheckMember(const JsonValue& v, const char* field, FieldReader* reader) {
  Scan scan;
  ScanValue(v, &scan, 0);
  if (scan.has_nul) {
    return reader->Fail(field + scan.nul_path, "contains a NUL character (\\u0000), which cannot be stored");
  }
  if (scan.depth > limits::kMaxPropertyDepth) {
    return reader->Fail(field, "is nested " + DecimalText(scan.depth) + " levels deep, over the limit of " +
                                   DecimalText(limits::kMaxPropertyDepth));
  }
  return true;
}

// Top-level string fields other than the three objects, for NUL characters.
bool CheckTopLevelStrings(const JsonValue& json, FieldReader* reader) {
  for (std::size_t i = 0; i < json.size(); ++i) {
    const std::string& key = json.key(i);
    if (key == "properties" || key == "traits" || key == "context") continue;
    Scan scan;
    ScanValue(json.element(i), &scan, 0);
    if (scan.has_nul || key.find('\0') != std::string::npos) {
      return reader->Fail(key + scan.nul_path, "contains a NUL character (\\u0000), which cannot be stored");
    }
  }
  return true;
}

// The event's context, with batch-level context members it does not override.
JsonValue MergedContext(JsonValue* event_context, const JsonValue* batch_context) {
  if (batch_context == nullptr || !batch_context->is_object()) {
    return event_context != nullptr ? std::move(*event_context) : JsonValue::Object();
  }
  JsonValue merged = *batch_context;
  if (event_context != nullptr) {
    for (std::size_t i = 0; i < event_context->size(); ++i) {
      merged.Set(event_context->key(i), std::move(event_context->mutable_element(i)));
    }
  }
  return merged;
}

bool ReadCampaign(const JsonValue& context, Event* event, FieldReader* reader) {
  const JsonValue* campaign = nullptr;
  if (!reader->Object(context, "campaign", "context", &campaign)) return false;
  if (campaign != nullptr) {
    const std::size_t max = limits::kMaxCampaignFieldChars;
    Campaign& c = event->campaign;
    return reader->String(*campaign, "source", "context.campaign", max, &c.source, true) &&
           reader->String(*campaign, "medium", "context.campaign", max, &c.medium, true) &&
           reader->String(*campaign, "name", "context.campaign", max, &c.name, true) &&
           reader->String(*campaign, "term", "context.campaign", max, &c.term, true) &&
           reader->String(*campaign, "content", "context.campaign", max, &c.content, true);
  }
  return true;
}

// Segment's analytics.js fills context.campaign itself; other senders may only pass the
// page URL, so the utm_* parameters are read from it as a fallback.
void CampaignFromUrl(std::string_view url, Campaign* c) {
  auto take = [&](const char* param, std::string* out) {
    std::optional<std::string> v = QueryParameter(url, param);
    if (v) *out = v->substr(0, limits::kMaxCampaignFieldChars);
  };
  take("utm_source", &c->source);
  take("utm_medium", &c->medium);
  take("utm_campaign", &c->name);
  take("utm_term", &c->term);
  take("utm_content", &c->content);
}

bool ReadPageAndClient(const JsonValue& context, Event* event, FieldReader* reader) {
  const JsonValue* page = nullptr;
  if (!reader->Object(context, "page", "context", &page)) return false;
  const std::size_t max_url = limits::kMaxUrlChars;
  std::string search;
  if (page != nullptr) {
    if (!reader->String(*page, "url", "context.page", max_url, &event->page_url) ||
        !reader->String(*page, "path", "context.page", max_url, &event->page_path) ||
        !reader->String(*page, "referrer", "context.page", max_url, &event->referrer) ||
        !reader->String(*page, "search", "context.page", max_url, &search)) {
      return false;
    }
  }
  // page calls carry their URL in properties (Segment's page spec).
  if (event->type == EventType::kPage) {
    if (event->page_url.empty() && !reader->String(event->properties, "url", "properties", max_url, &event->page_url)) return false;
    if (event->page_path.empty() && !reader->String(event->properties, "path", "properties", max_url, &event->page_path)) return false;
    if (event->referrer.empty() && !reader->String(event->properties, "referrer", "properties", max_url, &event->referrer)) return false;
    if (search.empty() && !reader->String(event->properties, "search", "properties", max_url, &search)) return false;
  }
  if (event->page_path.empty() && !event->page_url.empty()) event->page_path = UrlPath(event->page_url);
  if (!reader->String(context, "userAgent", "context", max_url, &event->user_agent)) return false;
  if (event->campaign.empty()) {
    CampaignFromUrl(!event->page_url.empty() ? std::string_view(event->page_url) : std::string_view(search),
                    &event->campaign);
    if (event->campaign.empty() && !search.empty()) CampaignFromUrl(search, &event->campaign);
  }
  return true;
}

void ApplyClock(const EventEnvelope& envelope, std::optional<TimestampMs> client_ts,
                std::optional<TimestampMs> sent_at, Event* event) {
  const std::int64_t threshold =
      envelope.clock_skew_threshold_ms > 0 ? envelope.clock_skew_threshold_ms : limits::kClockSkewThresholdMs;
  event->received_at = envelope.received_at;
  event->sent_at = sent_at;
  if (!client_ts) {
    event->timestamp = envelope.received_at;
    return;
  }
  event->timestamp = *client_ts;
  if (sent_at && std::llabs(*sent_at - envelope.received_at) > threshold) {
    // The client clock is off by (sentAt - receivedAt); the event's age relative to sentAt
    // is still right, so anchor it on the server clock.
    const std::int64_t age = std::clamp<std::int64_t>(*sent_at - *client_ts, 0, limits::kMaxClientAgeMs);
    event->timestamp = envelope.received_at - age;
    event->original_timestamp = client_ts;
  }
  if (event->timestamp > envelope.received_at + limits::kMaxFutureMs) {
    event->timestamp = envelope.received_at;
    event->original_timestamp = client_ts;
  }
}

}  // namespace

bool ParseEvent(const JsonValue& json, const EventEnvelope& envelope, Event* event, EventError* error) {
  return ParseEvent(JsonValue(json), envelope, event, error);
}

bool ParseEvent(JsonValue&& json, const EventEnvelope& envelope, Event* event, EventError* error) {
  FieldReader reader(error);
  *event = Event();
  if (!json.is_object()) return reader.Fail("", std::string("an event must be a JSON object, found ") + KindName(json));
  std::size_t bytes = json.source_end() - json.source_begin();
  if (bytes > limits::kMaxEventBytes) {
    return reader.Fail("", "event is " + DecimalText(bytes) + " bytes, over the limit of " +
                               DecimalText(limits::kMaxEventBytes));
  }

  if (!CheckTopLevelStrings(json, &reader)) return false;

  const JsonValue* type = json.Find("type");
  if (envelope.implied_type) {
    event->type = *envelope.implied_type;
    if (type != nullptr && !type->is_null() &&
        (!type->is_string() || type->as_string() != EventTypeName(event->type))) {
      return reader.Fail("type", std::string("does not match the endpoint, which takes '") +
                                     EventTypeName(event->type) + "' events");
    }
  } else {
    if (type == nullptr || type->is_null()) return reader.Fail("type", "is required: one of track, identify, page, alias");
    if (!type->is_string()) return reader.Fail("type", std::string("must be a string, found ") + KindName(*type));
    std::optional<EventType> parsed = EventTypeFromName(type->as_string());
    if (!parsed) {
      return reader.Fail("type", "'" + AbbreviateUtf8(type->as_string(), 40) +
                                     "' is not supported: expected track, identify, page or alias");
    }
    event->type = *parsed;
  }

  if (!reader.RequiredString(json, "messageId", limits::kMaxMessageIdChars, &event->message_id)) return false;
  if (!reader.String(json, "anonymousId", "", limits::kMaxIdChars, &event->anonymous_id, true) ||
      !reader.String(json, "userId", "", limits::kMaxIdChars, &event->user_id, true)) {
    return false;
  }
  if (event->anonymous_id.empty() && event->user_id.empty()) {
    return reader.Fail("userId", "an event needs a userId or an anonymousId");
  }

  switch (event->type) {
    case EventType::kTrack:
      if (!reader.RequiredString(json, "event", limits::kMaxEventNameChars, &event->name)) return false;
      break;
    case EventType::kPage:
      if (!reader.String(json, "name", "", limits::kMaxEventNameChars, &event->name)) return false;
      break;
    case EventType::kAlias:
      if (!reader.String(json, "previousId", "", limits::kMaxIdChars, &event->previous_id, true)) return false;
      if (event->previous_id.empty()) return reader.Fail("previousId", "is required for alias");
      if (event->user_id.empty()) return reader.Fail("userId", "is required for alias");
      break;
    case EventType::kIdentify:
      break;
  }

  const JsonValue* properties = nullptr;
  const JsonValue* traits = nullptr;
  const JsonValue* context = nullptr;
  if (!reader.Object(json, "properties", "", &properties) || !reader.Object(json, "traits", "", &traits) ||
      !reader.Object(json, "context", "", &context)) {
    return false;
  }
  if (properties != nullptr) event->properties = std::move(*json.FindMutable("properties"));
  if (traits != nullptr) event->traits = std::move(*json.FindMutable("traits"));
  event->context = MergedContext(context != nullptr ? json.FindMutable("context") : nullptr, envelope.batch_context);
  if (!CheckMember(event->properties, "properties", &reader) || !CheckMember(event->traits, "traits", &reader) ||
      !CheckMember(event->context, "context", &reader)) {
    return false;
  }
  if (!ReadCampaign(event->context, event, &reader) || !ReadPageAndClient(event->context, event, &reader)) {
    return false;
  }

  std::optional<TimestampMs> timestamp, original, sent_at;
  if (!reader.Timestamp(json, "timestamp", &timestamp) || !reader.Timestamp(json, "originalTimestamp", &original) ||
      !reader.Timestamp(json, "sentAt", &sent_at)) {
    return false;
  }
  ApplyClock(envelope, timestamp ? timestamp : original, sent_at ? sent_at : envelope.batch_sent_at, event);
  event->is_bot = IsBotUserAgent(event->user_agent);
  return true;
}

}  // namespace insightos
