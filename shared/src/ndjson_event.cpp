#include "insightos/ndjson_event.h"

#include <limits>

#include "insightos/limits.h"

namespace insightos {

namespace {
std::optional<TimestampMs> TimeField(const JsonValue& json, std::string_view key) {
  const JsonValue* v = json.Find(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  Result<TimestampMs> ts = ParseTimestamp(v->as_string());
  if (!ts.ok()) return std::nullopt;
  return *ts;
}
}  // namespace

bool IsBlankNdjsonLine(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

Status ParseNdjsonEventLine(std::string_view line, Event* event) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.size() > limits::kMaxEventBytes) {
    return Status::OutOfRange("line is " + std::to_string(line.size()) + " bytes, over the event limit of " +
                              std::to_string(limits::kMaxEventBytes));
  }
  JsonParseLimits json_limits;
  json_limits.max_depth = limits::kMaxJsonDepth;
  Result<JsonValue> json = ParseJson(line, json_limits);
  if (!json.ok()) return json.status();
  if (!json->is_object()) return Status::InvalidArgument("an event line must hold a JSON object");

  EventEnvelope envelope;
  std::optional<TimestampMs> received = TimeField(*json, "receivedAt");
  if (!received) received = TimeField(*json, "timestamp");
  if (!received) received = TimeField(*json, "originalTimestamp");
  if (!received) {
    return Status::InvalidArgument("field 'timestamp': an event in a file needs a timestamp or receivedAt");
  }
  envelope.received_at = *received;
  envelope.clock_skew_threshold_ms = std::numeric_limits<std::int64_t>::max();
  EventError error;
  if (!ParseEvent(*json, envelope, event, &error)) {
    return Status::InvalidArgument(error.field.empty() ? error.message
                                                       : "field '" + error.field + "': " + error.message);
  }
  return Status::Ok();
}

}  // namespace insightos
