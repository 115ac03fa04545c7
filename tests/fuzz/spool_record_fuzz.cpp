// Spool records read back after a crash are untrusted bytes: decoding never crashes or
// over-allocates, and whatever decodes re-encodes to a record that decodes the same.
#include <string_view>

#include "backend/ingest/spool_codec.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = insightos::ingest::DecodeIngestBatch(bytes);
  if (!decoded.ok()) return 0;
  const std::string again = insightos::ingest::EncodeIngestBatch(*decoded);
  auto redecoded = insightos::ingest::DecodeIngestBatch(again);
  FUZZ_CHECK(redecoded.ok());
  FUZZ_CHECK(redecoded->events.size() == decoded->events.size());
  FUZZ_CHECK(redecoded->rejected.size() == decoded->rejected.size());
  FUZZ_CHECK(insightos::ingest::EncodeIngestBatch(*redecoded) == again);
  return 0;
}
