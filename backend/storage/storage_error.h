// Storage failures. The backend uses exceptions (libpqxx and SQLiteCpp do); they are
// translated to HTTP statuses and exit codes at the server and CLI boundaries.
#ifndef INSIGHTOS_BACKEND_STORAGE_STORAGE_ERROR_H_
#define INSIGHTOS_BACKEND_STORAGE_STORAGE_ERROR_H_

#include <stdexcept>
#include <string>

namespace insightos::storage {

class StorageError : public std::runtime_error {
 public:
  enum class Kind {
    kUnavailable,  // cannot connect, connection lost, server shutting down: retry later
    kConstraint,   // a uniqueness or integrity rule was violated
    kTransient,    // deadlock or serialization conflict with a concurrent transaction: retry it
    kOther,
  };
  StorageError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_STORAGE_ERROR_H_
