// Applies the versioned schema (sql/<dialect>/NNN_name.sql) to a database: each pending
// migration in its own transaction, recorded with a checksum in schema_migrations.
// Idempotent, and safe when several processes migrate at once (PostgreSQL advisory lock,
// SQLite's write lock).
#ifndef INSIGHTOS_BACKEND_STORAGE_MIGRATOR_H_
#define INSIGHTOS_BACKEND_STORAGE_MIGRATOR_H_

#include <limits>
#include <vector>

#include "backend/storage/migration_catalog.h"
#include "backend/storage/sql_connection.h"

namespace insightos::storage {

struct MigrationReport {
  int version_before = 0;
  int version_after = 0;
  std::vector<int> applied;
};

// Applies every pending migration up to and including version `up_to` (all by default).
// Throws StorageError if a recorded migration's checksum no longer matches its file
// (someone edited an applied migration) or the database is newer than this binary.
MigrationReport ApplyMigrations(SqlConnection& connection, int up_to = std::numeric_limits<int>::max());

// Highest applied version, 0 for an empty database.
int CurrentSchemaVersion(SqlConnection& connection);

// The migrations this binary knows for the connection's dialect.
const std::vector<Migration>& KnownMigrations(SqlDialect dialect);

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_MIGRATOR_H_
