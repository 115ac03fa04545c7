#include "backend/cli/database_option.h"

#include "backend/cli/command_error.h"
#include "backend/storage/storage_error.h"

namespace insightos::cli {

void AddDatabaseOption(CLI::App* command, std::string* url) {
  *url = storage::DefaultDatabaseUrl();
  command->add_option("--db", *url, "Database: sqlite:PATH or postgresql://USER@HOST:PORT/DB")
      ->capture_default_str();
}

storage::DatabaseUrl ResolveDatabase(const std::string& url) {
  Result<storage::DatabaseUrl> parsed = storage::ParseDatabaseUrl(url);
  ThrowIfError(parsed.status(), "--db");
  return *parsed;
}

void RunWithStorageErrors(const std::string& what, const std::function<void()>& body) {
  try {
    body();
  } catch (const storage::StorageError& e) {
    const int code = e.kind() == storage::StorageError::Kind::kUnavailable ? kExitUnavailable : kExitFailure;
    throw CommandError(code, what + ": " + e.what());
  }
}

}  // namespace insightos::cli
