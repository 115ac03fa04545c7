// Fuzz target for command-line durations ("14d"): any text either fails cleanly or gives a
// positive duration that formats back to a string parsing to the same value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "backend/cli/duration_option.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  insightos::Result<insightos::TimestampMs> ms = insightos::cli::ParseDuration(text, "--window");
  if (!ms.ok()) return 0;
  if (*ms < 1) __builtin_trap();
  insightos::Result<insightos::TimestampMs> again =
      insightos::cli::ParseDuration(insightos::cli::FormatDuration(*ms), "--window");
  if (!again.ok() || *again != *ms) __builtin_trap();
  return 0;
}
