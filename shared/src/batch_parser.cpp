// Request bodies: a Segment batch envelope or a single event, split into accepted and
// rejected events. Whole-body problems fail the call; single events are rejected one by one.
#include "insightos/decimal.h"
#include "insightos/event.h"
#include "insightos/limits.h"

namespace insightos {

Result<ParsedBatch> ParseBatch(std::string_view body, const EventEnvelope& envelope) {
  if (body.size() > limits::kMaxBatchBytes) {
    return Status::OutOfRange("request body is " + DecimalText(body.size()) + " bytes, over the limit of " +
                              DecimalText(limits::kMaxBatchBytes));
  }
  JsonParseLimits json_limits;
  json_limits.max_depth = limits::kMaxJsonDepth;
  Result<JsonValue> root = ParseJson(body, json_limits);
  if (!root.ok()) return root.status();
  if (!root->is_object()) {
    return Status::InvalidArgument(std::string("request body must be a JSON object, found ") + JsonKindName(root->kind()));
  }

  ParsedBatch out;
  if (const JsonValue* key = root->Find("writeKey"); key != nullptr && key->is_string()) {
    out.write_key = key->as_string();
  }
  EventEnvelope batch_envelope = envelope;
  std::vector<JsonValue*> events;
  if (envelope.implied_type) {
    events.push_back(&*root);
  } else {
    JsonValue* batch = root->FindMutable("batch");
    if (batch == nullptr || !batch->is_array()) {
      return Status::InvalidArgument("request body must have a \"batch\" array of events");
    }
    if (batch->size() > limits::kMaxBatchEvents) {
      return Status::OutOfRange("batch has " + DecimalText(batch->size()) + " events, over the limit of " +
                                DecimalText(limits::kMaxBatchEvents));
    }
    if (const JsonValue* sent = root->Find("sentAt"); sent != nullptr && !sent->is_null()) {
      Result<TimestampMs> ts = sent->is_string() ? ParseTimestamp(sent->as_string())
                                                 : Result<TimestampMs>(Status::InvalidArgument("must be a string"));
      if (!ts.ok()) return Status::InvalidArgument("batch sentAt: " + ts.status().message());
      batch_envelope.batch_sent_at = *ts;
    }
    if (const JsonValue* ctx = root->Find("context"); ctx != nullptr && !ctx->is_null()) {
      if (!ctx->is_object()) return Status::InvalidArgument("batch context must be an object");
      batch_envelope.batch_context = ctx;
    }
    for (std::size_t i = 0; i < batch->size(); ++i) events.push_back(&batch->mutable_element(i));
  }

  out.accepted.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    Event event;
    EventError error;
    const std::uint32_t begin = events[i]->source_begin();
    const std::uint32_t end = events[i]->source_end();
    if (ParseEvent(std::move(*events[i]), batch_envelope, &event, &error)) {
      out.accepted.push_back(std::move(event));
      out.accepted_index.push_back(i);
    } else {
      out.rejected.push_back({i, std::move(error), std::string(body.substr(begin, end - begin))});
    }
  }
  return out;
}

}  // namespace insightos
