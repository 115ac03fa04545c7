#include "backend/storage/migrator.h"

#include <chrono>
#include <cstdint>
#include <string>

#include "backend/storage/storage_error.h"

namespace insightos::storage {

namespace {

// FNV-1a, 64 bits: enough to notice an edited migration file, not a security measure.
std::string Checksum(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kHex[h & 15];
  return out;
}

void EnsureMigrationTable(SqlConnection& c) {
  c.ExecuteScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)");
}

void CheckApplied(SqlConnection& c, const std::vector<Migration>& known) {
  c.Query("SELECT version, checksum FROM schema_migrations ORDER BY version", {}, [&](const SqlRow& row) {
    const int version = static_cast<int>(row.GetInt(0));
    const std::string recorded = row.GetText(1);
    for (const Migration& m : known) {
      if (m.version != version) continue;
      if (Checksum(m.sql) != recorded) {
        throw StorageError(StorageError::Kind::kOther,
                           "schema migration " + std::to_string(version) + " (" + std::string(m.name) +
                               ") was changed after it was applied; add a new migration instead");
      }
      return;
    }
    throw StorageError(StorageError::Kind::kOther, "the database has schema migration " + std::to_string(version) +
                                                       ", which this insightos binary does not know: upgrade it");
  });
}

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

const std::vector<Migration>& KnownMigrations(SqlDialect dialect) {
  return dialect == SqlDialect::kSqlite ? SqliteMigrations() : PostgresMigrations();
}

int CurrentSchemaVersion(SqlConnection& connection) {
  EnsureMigrationTable(connection);
  return static_cast<int>(connection.QueryInt("SELECT MAX(version) FROM schema_migrations").value_or(0));
}

MigrationReport ApplyMigrations(SqlConnection& connection, int up_to) {
  const std::vector<Migration>& known = KnownMigrations(connection.dialect());
  EnsureMigrationTable(connection);
  MigrationReport report;
  report.version_before = CurrentSchemaVersion(connection);
  for (const Migration& m : known) {
    if (m.version > up_to) break;
    SqlTransaction tx(connection);
    if (connection.dialect() == SqlDialect::kPostgres) {
      // Serializes concurrent migrators; released at commit.
      connection.Execute("SELECT pg_advisory_xact_lock(7362051841)");
    }
    CheckApplied(connection, known);
    if (connection.QueryInt("SELECT version FROM schema_migrations WHERE version = $1", {std::int64_t{m.version}})) {
      continue;  // applied earlier (or by a concurrent process); tx rolls back harmlessly
    }
    connection.ExecuteScript(m.sql);
    connection.Execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
                       {std::int64_t{m.version}, std::string(m.name), Checksum(m.sql), NowMs()});
    tx.Commit();
    report.applied.push_back(m.version);
  }
  report.version_after = CurrentSchemaVersion(connection);
  return report;
}

}  // namespace insightos::storage
