// Durations on the command line: a whole number and a unit, "90s", "30m", "36h", "14d", "2w",
// "250ms" (a unit alone means one of it). Parsing is CLI11's AsNumberWithUnit; this file only
// declares the units, once for every command.
#ifndef INSIGHTOS_BACKEND_CLI_DURATION_OPTION_H_
#define INSIGHTOS_BACKEND_CLI_DURATION_OPTION_H_

#include <CLI/CLI.hpp>

#include <string>

#include "insightos/time.h"

namespace insightos::cli {

// Adds a duration option stored in *ms (milliseconds); *ms keeps its value when the option is
// absent, and default_text shows it in --help. A missing unit, a fraction, a non-number or a
// duration under 1 ms is a usage error naming the option.
CLI::Option* AddDurationOption(CLI::App* app, const std::string& name, TimestampMs* ms,
                               const std::string& description, const std::string& default_text);

// "14d", "12h", "90s" or "250ms": the largest unit that divides the duration exactly (weeks
// are shown in days).
std::string FormatDuration(TimestampMs ms);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_DURATION_OPTION_H_
