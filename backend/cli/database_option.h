// The --db option every database-facing subcommand takes (SPEC §11), and the translation
// of storage failures into exit codes.
#ifndef INSIGHTOS_BACKEND_CLI_DATABASE_OPTION_H_
#define INSIGHTOS_BACKEND_CLI_DATABASE_OPTION_H_

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "backend/storage/database_url.h"

namespace insightos::cli {

// Adds --db URL (default: $DATABASE_URL, else sqlite:insightos.db).
void AddDatabaseOption(CLI::App* command, std::string* url);

// Parses the URL or throws CommandError (usage).
storage::DatabaseUrl ResolveDatabase(const std::string& url);

// Runs body; a StorageError becomes a CommandError: exit 3 when the database is
// unreachable, 1 otherwise.
void RunWithStorageErrors(const std::string& what, const std::function<void()>& body);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_DATABASE_OPTION_H_
