// The portable core's exports for the browser tracker (SPEC §1, §5): plain C functions,
// called by the hand-written loader wasm/core_loader.js (no Embind: its runtime was most of
// the JS glue, and the tracker's size bar is SPEC §12 P4).
//
// Every function takes and returns plain strings and numbers: JSON text in, JSON text out.
// Strings cross through linear memory: the caller passes UTF-8 bytes it allocated with
// malloc (pointer + length, so a NUL byte inside stays data), and a result is a
// NUL-terminated UTF-8 string owned by this file, valid until the next call. Errors are
// values, since this build has no exceptions: a failure comes back as
// {"error":{"code":"InvalidArgument","message":"..."}} and web/src/core_client.js turns it
// into a thrown JS Error, in that one place.
//
// On-page scoring (insightos.score()) reads the compact model form served by
// GET /v1/model?format=compact (insightos/scoring/compact_model.h): the model file's strict
// parser and its error messages would cost more than half of the tracker's size budget.
#include <emscripten/emscripten.h>

#include <cstddef>

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

// Results are written as text directly (the same bytes ToJson would give for the same
// members in the same order): building JsonValue trees only to print them cost about
// 0.2 KB gzip of this module.
void Key(const char* name, std::string* out) {
  out->push_back(out->empty() ? '{' : ',');
  AppendJsonString(name, out);
  out->push_back(':');
}
void NumberMember(const char* name, double value, std::string* out) {
  Key(name, out);
  AppendJsonNumber(value, out);
}
void StringMember(const char* name, std::string_view value, std::string* out) {
  Key(name, out);
  AppendJsonString(value, out);
}

std::string ErrorJson(const Status& status) {
  std::string error;
  StringMember("code", StatusCodeName(status.code()), &error);
  StringMember("message", status.message(), &error);
  std::string out;
  Key("error", &out);
  return out + error + "}}";
}

// The collector's "rejected" list ({index, field, error}), so the tracker reads the
// same shape from the core as from a 200 response. Ends the object it is the last member of.
void RejectedMember(const std::vector<RejectedEvent>& rejected, std::string* out) {
  Key("rejected", out);
  char separator = '[';
  for (const RejectedEvent& r : rejected) {
    out->push_back(separator);
    separator = ',';
    std::string item;
    NumberMember("index", static_cast<double>(r.index), &item);
    StringMember("field", r.error.field, &item);
    StringMember("error", r.error.message, &item);
    *out += item;
    out->push_back('}');
  }
  *out += rejected.empty() ? "[]}" : "]}";
}

// Validates a request body exactly as POST /v1/batch would when it arrives at now_ms.
// -> {"accepted":N,"rejected":[{index,field,error}...]}
std::string ValidateBatch(const std::string& body, double now_ms) {
  EventEnvelope envelope;
  envelope.received_at = static_cast<TimestampMs>(now_ms);
  Result<ParsedBatch> parsed = ParseBatch(body, envelope);
  if (!parsed.ok()) return ErrorJson(parsed.status());
  std::string out;
  NumberMember("accepted", static_cast<double>(parsed->accepted.size()), &out);
  RejectedMember(parsed->rejected, &out);
  return out;
}

// Reads a stored queue document and validates its events.
// -> {"events":N,"dropped":D,"accepted":A,"rejected":[...]}
std::string CheckQueue(const std::string& text, double now_ms) {
  Result<TrackerQueue> queue = ParseTrackerQueue(text);
  if (!queue.ok()) return ErrorJson(queue.status());
  TrackerQueueCheck check = CheckTrackerQueue(*queue, static_cast<TimestampMs>(now_ms));
  std::string out;
  NumberMember("events", static_cast<double>(queue->events.size()), &out);
  NumberMember("dropped", static_cast<double>(queue->dropped), &out);
  NumberMember("accepted", static_cast<double>(check.accepted), &out);
  RejectedMember(check.rejected, &out);
  return out;
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
  std::string out;
  NumberMember("trackerMaxBatchEvents", static_cast<double>(limits::kTrackerMaxBatchEvents), &out);
  NumberMember("trackerMaxRequestBytes", static_cast<double>(limits::kTrackerMaxRequestBytes), &out);
  NumberMember("maxEventBytes", static_cast<double>(limits::kMaxEventBytes), &out);
  NumberMember("maxMessageIdChars", static_cast<double>(limits::kMaxMessageIdChars), &out);
  NumberMember("maxEventNameChars", static_cast<double>(limits::kMaxEventNameChars), &out);
  NumberMember("trackerStorageVersion", kTrackerStorageVersion, &out);
  return out + "}";
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
  std::string out;
  NumberMember("score", score.score, &out);
  StringMember("tier", std::string_view(&score.tier, 1), &out);
  Key("reasons", &out);
  char separator = '[';
  for (const scoring::Reason& r : score.reasons) {
    out.push_back(separator);
    separator = ',';
    std::string item;
    StringMember("feature", r.feature, &item);
    StringMember("text", r.text, &item);
    NumberMember("points", r.points, &item);
    out += item;
    out.push_back('}');
  }
  out += score.reasons.empty() ? "[]}" : "]}";
  return out;
}

// The last result handed to JS; JS copies it out before it calls again.
std::string last_result;

const char* Hand(std::string result) {
  last_result = std::move(result);
  return last_result.c_str();
}

std::string Text(const char* data, std::size_t size) { return std::string(data, size); }

}  // namespace
}  // namespace insightos::wasm

// The loader's names for these are in wasm/core_loader.js, and wasm/core_exports.json keeps
// them as exports (the link's other exports are dropped): keep the three in step.
extern "C" {
using namespace insightos::wasm;

EMSCRIPTEN_KEEPALIVE const char* insightos_validate_batch(const char* body, std::size_t size, double now_ms) {
  return Hand(ValidateBatch(Text(body, size), now_ms));
}
EMSCRIPTEN_KEEPALIVE const char* insightos_check_queue(const char* text, std::size_t size, double now_ms) {
  return Hand(CheckQueue(Text(text, size), now_ms));
}
EMSCRIPTEN_KEEPALIVE int insightos_is_uuid_v7(const char* text, std::size_t size) {
  return IsUuidV7Text(Text(text, size)) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE const char* insightos_json_number(double value) { return Hand(JsonNumberText(value)); }
EMSCRIPTEN_KEEPALIVE const char* insightos_tracker_limits() { return Hand(TrackerLimits()); }
EMSCRIPTEN_KEEPALIVE const char* insightos_score_visitor(const char* model, std::size_t model_size, const char* history,
                                                         std::size_t history_size, const char* traits,
                                                         std::size_t traits_size, const char* campaign,
                                                         std::size_t campaign_size, double as_of_ms) {
  return Hand(ScoreVisitor(Text(model, model_size), Text(history, history_size), Text(traits, traits_size),
                           Text(campaign, campaign_size), as_of_ms));
}

}  // extern "C"
