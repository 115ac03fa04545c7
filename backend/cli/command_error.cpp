#include "backend/cli/command_error.h"

namespace insightos::cli {

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
    case StatusCode::kNotFound: return kExitUsage;
    case StatusCode::kNotConverged: return kExitNotConverged;
    case StatusCode::kFailedPrecondition:
    case StatusCode::kInternal: return kExitFailure;
    case StatusCode::kUnavailable: return kExitUnavailable;
  }
  return kExitFailure;
}

void ThrowIfError(const Status& status, const std::string& context) {
  if (status.ok()) return;
  throw CommandError(ExitCodeFor(status), context.empty() ? status.message() : context + ": " + status.message());
}

}  // namespace insightos::cli
