// The collector's request parser: any bytes give either a whole-body error or a split into
// accepted and rejected events that accounts for every element, with raw text that is a
// slice of the body; accepted events re-validate from their own JSON form.
#include <string_view>

#include "insightos/event.h"
#include "insightos/limits.h"
#include "insightos/utf8.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  insightos::EventEnvelope envelope;
  envelope.received_at = 1764000000000;
  // The first byte picks the endpoint, so single-event routes are fuzzed too.
  if (size > 0 && data[0] % 3 == 1) envelope.implied_type = insightos::EventType::kTrack;
  insightos::Result<insightos::ParsedBatch> batch = insightos::ParseBatch(body, envelope);
  if (!batch.ok()) {
    FUZZ_CHECK(!batch.status().message().empty());
    return 0;
  }
  FUZZ_CHECK(batch->accepted.size() == batch->accepted_index.size());
  FUZZ_CHECK(batch->accepted.size() + batch->rejected.size() <= insightos::limits::kMaxBatchEvents);
  for (const auto& r : batch->rejected) {
    FUZZ_CHECK(body.find(r.raw) != std::string_view::npos);
    FUZZ_CHECK(!r.error.message.empty());
    FUZZ_CHECK(insightos::FindInvalidUtf8(r.error.message) == r.error.message.size());
  }
  for (const auto& e : batch->accepted) {
    FUZZ_CHECK(!e.message_id.empty());
    FUZZ_CHECK(!e.user_id.empty() || !e.anonymous_id.empty());
    insightos::Event again;
    insightos::EventError error;
    insightos::EventEnvelope plain;
    plain.received_at = e.received_at;
    plain.clock_skew_threshold_ms = INT64_MAX / 4;  // the round trip must not re-correct the clock
    FUZZ_CHECK(insightos::ParseEvent(insightos::EventToJson(e), plain, &again, &error));
    FUZZ_CHECK(again.message_id == e.message_id && again.type == e.type && again.timestamp == e.timestamp);
  }
  return 0;
}
