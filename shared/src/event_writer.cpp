#include "insightos/event.h"

namespace insightos {

namespace {
void SetIfNotEmpty(JsonValue* obj, const char* key, const std::string& value) {
  if (!value.empty()) obj->Set(key, JsonValue::String(value));
}
}  // namespace

JsonValue EventToJson(const Event& event) {
  JsonValue out = JsonValue::Object();
  out.Set("type", JsonValue::String(EventTypeName(event.type)));
  out.Set("messageId", JsonValue::String(event.message_id));
  SetIfNotEmpty(&out, "anonymousId", event.anonymous_id);
  SetIfNotEmpty(&out, "userId", event.user_id);
  SetIfNotEmpty(&out, "previousId", event.previous_id);
  if (event.type == EventType::kTrack) SetIfNotEmpty(&out, "event", event.name);
  if (event.type == EventType::kPage) SetIfNotEmpty(&out, "name", event.name);
  out.Set("properties", event.properties);
  if (event.traits.size() > 0 || event.type == EventType::kIdentify) out.Set("traits", event.traits);
  out.Set("context", event.context);
  out.Set("timestamp", JsonValue::String(FormatTimestamp(event.timestamp)));
  if (event.original_timestamp) {
    out.Set("originalTimestamp", JsonValue::String(FormatTimestamp(*event.original_timestamp)));
  }
  if (event.sent_at) out.Set("sentAt", JsonValue::String(FormatTimestamp(*event.sent_at)));
  out.Set("receivedAt", JsonValue::String(FormatTimestamp(event.received_at)));
  return out;
}

}  // namespace insightos
