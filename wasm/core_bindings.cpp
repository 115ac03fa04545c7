// Embind bindings of the portable core for the browser tracker (SPEC §1, §5).
//
// Every function takes and returns plain strings and numbers: JSON text in, JSON text out.
// That keeps the binding layer tiny (no emscripten::val, no bound classes) and keeps errors
// as values, since this build has no exceptions: a failure comes back as
// {"error":{"code":"InvalidArgument","message":"..."}} and web/src/core_client.js turns it
// into a thrown JS Error, in that one place.
//
// Adding on-page scoring later is one more function of the same shape, e.g.
// computeFeatures(modelJson, historyJson) -> {"features":[...]} and
// score(modelJson, historyJson) -> {"score":..,"tier":..,"reasons":[..]}.
#include <emscripten/bind.h>

#include <string>

#include "insightos/event.h"
#include "insightos/json.h"
#include "insightos/limits.h"
#include "insightos/tracker_storage.h"
#include "insightos/uuid.h"

namespace insightos::wasm {
namespace {

std::string ErrorJson(const Status& status) {
  JsonValue error = JsonValue::Object();
  error.Set("code", JsonValue::String(StatusCodeName(status.code())));
  error.Set("message", JsonValue::String(status.message()));
  JsonValue root = JsonValue::Object();
  root.Set("error", std::move(error));
  return ToJson(root);
}

// The collector's "rejected" list ({index, field, error}), so the tracker reads the
// same shape from the core as from a 200 response.
JsonValue RejectedJson(const std::vector<RejectedEvent>& rejected) {
  JsonValue list = JsonValue::Array();
  for (const RejectedEvent& r : rejected) {
    JsonValue item = JsonValue::Object();
    item.Set("index", JsonValue::Number(static_cast<double>(r.index)));
    item.Set("field", JsonValue::String(r.error.field));
    item.Set("error", JsonValue::String(r.error.message));
    list.Append(std::move(item));
  }
  return list;
}

// Validates a request body exactly as POST /v1/batch would when it arrives at now_ms.
// -> {"accepted":N,"rejected":[{index,field,error}...]}
std::string ValidateBatch(const std::string& body, double now_ms) {
  EventEnvelope envelope;
  envelope.received_at = static_cast<TimestampMs>(now_ms);
  Result<ParsedBatch> parsed = ParseBatch(body, envelope);
  if (!parsed.ok()) return ErrorJson(parsed.status());
  JsonValue root = JsonValue::Object();
  root.Set("accepted", JsonValue::Number(static_cast<double>(parsed->accepted.size())));
  root.Set("rejected", RejectedJson(parsed->rejected));
  return ToJson(root);
}

// Reads a stored queue document and validates its events.
// -> {"events":N,"dropped":D,"accepted":A,"rejected":[...]}
std::string CheckQueue(const std::string& text, double now_ms) {
  Result<TrackerQueue> queue = ParseTrackerQueue(text);
  if (!queue.ok()) return ErrorJson(queue.status());
  TrackerQueueCheck check = CheckTrackerQueue(*queue, static_cast<TimestampMs>(now_ms));
  JsonValue root = JsonValue::Object();
  root.Set("events", JsonValue::Number(static_cast<double>(queue->events.size())));
  root.Set("dropped", JsonValue::Number(static_cast<double>(queue->dropped)));
  root.Set("accepted", JsonValue::Number(static_cast<double>(check.accepted)));
  root.Set("rejected", RejectedJson(check.rejected));
  return ToJson(root);
}

bool IsUuidV7Text(const std::string& text) { return IsUuidV7(text); }

// The writer's text for a double (the "%.*g" path of AppendJsonNumber), so tests can hold
// this build's number printing to the native one.
std::string JsonNumberText(double value) {
  std::string out;
  AppendJsonNumber(value, &out);
  return out;
}

// The limits the tracker must honour, from limits.h and tracker_storage.h. The build also
// writes them into insightos.js (web/build/write_limits_module.mjs), which must not wait
// for this module.
std::string TrackerLimits() {
  JsonValue root = JsonValue::Object();
  auto set = [&root](const char* name, double value) { root.Set(name, JsonValue::Number(value)); };
  set("trackerMaxBatchEvents", static_cast<double>(limits::kTrackerMaxBatchEvents));
  set("trackerMaxRequestBytes", static_cast<double>(limits::kTrackerMaxRequestBytes));
  set("maxEventBytes", static_cast<double>(limits::kMaxEventBytes));
  set("maxMessageIdChars", static_cast<double>(limits::kMaxMessageIdChars));
  set("maxEventNameChars", static_cast<double>(limits::kMaxEventNameChars));
  set("trackerStorageVersion", kTrackerStorageVersion);
  return ToJson(root);
}

}  // namespace
}  // namespace insightos::wasm

EMSCRIPTEN_BINDINGS(insightos_core) {
  using namespace insightos::wasm;
  emscripten::function("validateBatch", &ValidateBatch);
  emscripten::function("checkQueue", &CheckQueue);
  emscripten::function("isUuidV7", &IsUuidV7Text);
  emscripten::function("jsonNumber", &JsonNumberText);
  emscripten::function("trackerLimits", &TrackerLimits);
}
