// How subcommands fail: throw CommandError with an exit code from ExitCode; main() prints
// the message (never a stack of exception text) and exits with the code.
#ifndef INSIGHTOS_BACKEND_CLI_COMMAND_ERROR_H_
#define INSIGHTOS_BACKEND_CLI_COMMAND_ERROR_H_

#include <stdexcept>
#include <string>

#include "insightos/status.h"

namespace insightos::cli {

// Exit codes, documented in docs/cli.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,         // the job ran and failed
  kExitUsage = 2,           // bad flags or bad input data
  kExitUnavailable = 3,     // the database (or another dependency) could not be reached
  kExitNotConverged = 4,    // a model fit did not converge
};

class CommandError : public std::runtime_error {
 public:
  CommandError(int exit_code, const std::string& message) : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// Maps a core Status to the CLI's exit codes (InvalidArgument/OutOfRange -> usage, ...).
int ExitCodeFor(const Status& status);

// Throws CommandError for a non-OK status, prefixing the message with context.
void ThrowIfError(const Status& status, const std::string& context);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_COMMAND_ERROR_H_
