#include "insightos/tracker_storage.h"

#include <cmath>

#include "insightos/decimal.h"

namespace insightos {

namespace {

// Parses a document and checks the envelope shared by both layouts: an object with
// "v" == kTrackerStorageVersion and an "events" array. what names the document in errors.
Result<JsonValue> ParseVersionedDocument(std::string_view text, const char* what) {
  Result<JsonValue> root = ParseJson(text);
  if (!root.ok()) return Status::InvalidArgument(std::string(what) + ": " + root.status().message());
  if (!root->is_object()) return Status::InvalidArgument(std::string(what) + " must be a JSON object");
  const JsonValue* version = root->Find("v");
  if (version == nullptr || !version->is_number()) {
    return Status::InvalidArgument(std::string(what) + " has no version number \"v\"");
  }
  if (version->as_number() != kTrackerStorageVersion) {
    return Status::FailedPrecondition(std::string(what) + " version " + ToJson(*version) +
                                      " is not the version this build reads (" +
                                      DecimalText(kTrackerStorageVersion) + ")");
  }
  const JsonValue* events = root->Find("events");
  if (events == nullptr || !events->is_array()) {
    return Status::InvalidArgument(std::string(what) + " must have an \"events\" array");
  }
  for (std::size_t i = 0; i < events->size(); ++i) {
    if (!events->element(i).is_object()) {
      return Status::InvalidArgument(std::string(what) + " entry " + DecimalText(i) + " is not an object");
    }
  }
  return root;
}

bool IsCount(const JsonValue& v) {
  return v.is_number() && v.as_number() >= 0 && v.as_number() <= 9007199254740992.0 &&
         std::floor(v.as_number()) == v.as_number();
}

}  // namespace

Result<TrackerQueue> ParseTrackerQueue(std::string_view text) {
  Result<JsonValue> root = ParseVersionedDocument(text, "tracker queue");
  if (!root.ok()) return root.status();
  TrackerQueue queue;
  for (const JsonValue& e : root->Find("events")->elements()) queue.events.push_back(e);
  if (const JsonValue* dropped = root->Find("dropped"); dropped != nullptr) {
    if (!IsCount(*dropped)) return Status::InvalidArgument("tracker queue \"dropped\" must be a non-negative integer");
    queue.dropped = static_cast<std::uint64_t>(dropped->as_number());
  }
  return queue;
}

std::string SerializeTrackerQueue(const TrackerQueue& queue) {
  JsonValue root = JsonValue::Object();
  root.Set("v", JsonValue::Number(kTrackerStorageVersion));
  JsonValue events = JsonValue::Array();
  for (const JsonValue& e : queue.events) events.Append(e);
  root.Set("events", std::move(events));
  root.Set("dropped", JsonValue::Number(static_cast<double>(queue.dropped)));
  return ToJson(root);
}

TrackerQueueCheck CheckTrackerQueue(const TrackerQueue& queue, TimestampMs now_ms) {
  TrackerQueueCheck check;
  EventEnvelope envelope;
  envelope.received_at = now_ms;
  for (std::size_t i = 0; i < queue.events.size(); ++i) {
    Event event;
    EventError error;
    if (ParseEvent(queue.events[i], envelope, &event, &error)) {
      ++check.accepted;
    } else {
      check.rejected.push_back({i, std::move(error), ToJson(queue.events[i])});
    }
  }
  return check;
}

Result<VisitorHistory> ParseVisitorHistory(std::string_view text) {
  Result<JsonValue> root = ParseVersionedDocument(text, "visitor history");
  if (!root.ok()) return root.status();
  VisitorHistory history;
  const JsonValue& events = *root->Find("events");
  for (std::size_t i = 0; i < events.size(); ++i) {
    const JsonValue& e = events.element(i);
    const std::string where = "visitor history entry " + DecimalText(i);
    HistoryEntry entry;
    const JsonValue* type = e.Find("type");
    std::optional<EventType> parsed =
        type != nullptr && type->is_string() ? EventTypeFromName(type->as_string()) : std::nullopt;
    if (!parsed) return Status::InvalidArgument(where + ": \"type\" must be track, identify, page or alias");
    entry.type = *parsed;
    const JsonValue* name = e.Find("name");
    if (name == nullptr || !name->is_string()) return Status::InvalidArgument(where + ": \"name\" must be a string");
    entry.name = name->as_string();
    const JsonValue* ts = e.Find("ts");
    if (ts == nullptr || !IsCount(*ts)) return Status::InvalidArgument(where + ": \"ts\" must be epoch milliseconds");
    entry.ts = static_cast<TimestampMs>(ts->as_number());
    if (const JsonValue* props = e.Find("props"); props != nullptr) {
      if (!props->is_object()) return Status::InvalidArgument(where + ": \"props\" must be an object");
      entry.props = *props;
    }
    history.events.push_back(std::move(entry));
  }
  return history;
}

std::string SerializeVisitorHistory(const VisitorHistory& history) {
  JsonValue root = JsonValue::Object();
  root.Set("v", JsonValue::Number(kTrackerStorageVersion));
  JsonValue events = JsonValue::Array();
  for (const HistoryEntry& h : history.events) {
    JsonValue e = JsonValue::Object();
    e.Set("type", JsonValue::String(EventTypeName(h.type)));
    e.Set("name", JsonValue::String(h.name));
    e.Set("ts", JsonValue::Number(static_cast<double>(h.ts)));
    e.Set("props", h.props);
    events.Append(std::move(e));
  }
  root.Set("events", std::move(events));
  return ToJson(root);
}

}  // namespace insightos
