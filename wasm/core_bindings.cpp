// Embind bindings of the portable core for the browser tracker (SPEC §1, §5).
//
// Every function takes and returns plain strings and numbers: JSON text in, JSON text out.
// That keeps the binding layer tiny (no emscripten::val, no bound classes) and keeps errors
// as values, since this build has no exceptions: a failure comes back as
// {"error":{"code":"InvalidArgument","message":"..."}} and web/src/core_client.js turns it
// into a thrown JS Error, in that one place.
//
// On-page scoring (insightos.score()) reads the compact model form served by
// GET /v1/model?format=compact (insightos/scoring/compact_model.h): the model file's strict
// parser and its error messages would cost more than half of the tracker's size budget.
#include <emscripten/bind.h>

#include <string>

#include "insightos/event.h"
#include "insightos/json.h"
#include "insightos/limits.h"
#include "insightos/scoring/compact_model.h"
#include "insightos/scoring/feature_extraction.h"
#include "insightos/scoring/lead_score.h"
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

// The visitor's lead score, computed by the same code as the score updater's.
//   model:   the compact model text; history: the tracker's history document
//   (tracker_storage.h); traits: a JSON object (identify() traits; "" for none);
//   campaign: the first-touch campaign name ("" for organic); as_of_ms: the scoring time.
// -> {"score":S,"tier":"A".."D","reasons":[{"feature","text","points"}...]} (at most 3 reasons)
std::string ScoreVisitor(const std::string& model_text, const std::string& history_text,
                         const std::string& traits_text, const std::string& campaign, double as_of_ms) {
  Result<scoring::ScoringModel> model = scoring::ParseCompactModel(model_text);
  if (!model.ok()) return ErrorJson(model.status());
  Result<VisitorHistory> history = ParseVisitorHistory(history_text);
  if (!history.ok()) return ErrorJson(history.status());
  Result<JsonValue> traits = ParseJson(traits_text.empty() ? std::string_view("{}") : std::string_view(traits_text));
  if (!traits.ok()) return ErrorJson(traits.status());
  const scoring::UserHistory visitor = scoring::UserHistoryFromVisitor(*history, std::move(traits).value(), campaign);
  const scoring::LeadScore score = scoring::ScoreLead(
      *model, scoring::ExtractFeatures(model->features, visitor, static_cast<TimestampMs>(as_of_ms)), 3);
  JsonValue reasons = JsonValue::Array();
  for (const scoring::Reason& r : score.reasons) {
    JsonValue item = JsonValue::Object();
    item.Set("feature", JsonValue::String(r.feature));
    item.Set("text", JsonValue::String(r.text));
    item.Set("points", JsonValue::Number(r.points));
    reasons.Append(std::move(item));
  }
  JsonValue root = JsonValue::Object();
  root.Set("score", JsonValue::Number(score.score));
  root.Set("tier", JsonValue::String(std::string(1, score.tier)));
  root.Set("reasons", std::move(reasons));
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
  emscripten::function("scoreVisitor", &ScoreVisitor);
}
