// Status and Result<T>: how every fallible call in the portable core reports failure.
//
// The core builds with exceptions off (a throw aborts a default WebAssembly build), so
// errors travel as values. Each boundary translates them exactly once: the backend maps
// a Status to an HTTP status and JSON body, the CLI to a message and an exit code, the
// WebAssembly bindings to a JS error.
#ifndef INSIGHTOS_STATUS_H_
#define INSIGHTOS_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace insightos {

enum class StatusCode : std::uint8_t {
  kOk = 0,
  kInvalidArgument,     // the input is malformed or violates a rule
  kOutOfRange,          // the input is well formed but exceeds a declared limit
  kNotFound,
  kFailedPrecondition,  // the call is not valid in the current state
  kNotConverged,        // a numerical fit or iteration did not converge
  kInternal,
  kUnavailable,         // a dependency (a database, a collector) cannot be reached: retry later
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status OutOfRange(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
  static Status NotConverged(std::string m) { return {StatusCode::kNotConverged, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "InvalidArgument: <message>", or "OK".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or a non-OK Status. REQUIRES: ok() before value().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design, like absl::StatusOr
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) status_ = Status::Internal("Result constructed from an OK status without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const& { return *value_; }
  T& operator*() & { return *value_; }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace insightos

// Propagates a non-OK Status from an expression returning Status.
#define INSIGHTOS_RETURN_IF_ERROR(expr)         \
  do {                                          \
    ::insightos::Status status_macro_ = (expr); \
    if (!status_macro_.ok()) return status_macro_; \
  } while (false)

#endif  // INSIGHTOS_STATUS_H_
