#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "backend/cli/database_option.h"
#include "backend/storage/migrator.h"

namespace insightos::cli {

void AddMigrateCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("migrate", "Create or upgrade the database schema (idempotent)");
  auto db = std::make_shared<std::string>();
  AddDatabaseOption(cmd, db.get());
  cmd->callback([db] {
    storage::DatabaseUrl url = ResolveDatabase(*db);
    RunWithStorageErrors("migrate " + url.Redacted(), [&] {
      auto connection = storage::OpenConnection(url);
      storage::MigrationReport report = storage::ApplyMigrations(*connection);
      if (report.applied.empty()) {
        std::printf("%s is up to date at schema version %d\n", url.Redacted().c_str(), report.version_after);
      } else {
        std::printf("%s migrated from schema version %d to %d (%zu migrations applied)\n", url.Redacted().c_str(),
                    report.version_before, report.version_after, report.applied.size());
      }
    });
  });
}

}  // namespace insightos::cli
