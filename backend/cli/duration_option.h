// Durations on the command line: "90s", "30m", "12h", "14d", "2w", "1.5d", "250ms".
#ifndef INSIGHTOS_BACKEND_CLI_DURATION_OPTION_H_
#define INSIGHTOS_BACKEND_CLI_DURATION_OPTION_H_

#include <string>
#include <string_view>

#include "insightos/status.h"
#include "insightos/time.h"

namespace insightos::cli {

// Milliseconds, rounded to the nearest. InvalidArgument, naming the option, for text that is
// not a positive number followed by one of ms, s, m, h, d, w.
Result<TimestampMs> ParseDuration(std::string_view text, std::string_view option_name);

// "14d", "12h", "90s" or "250ms": the largest unit that divides the duration exactly.
std::string FormatDuration(TimestampMs ms);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_DURATION_OPTION_H_
