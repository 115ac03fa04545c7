// Where the data lives: "sqlite:PATH" or a PostgreSQL URL ("postgresql://..." / "postgres://...").
#ifndef INSIGHTOS_BACKEND_STORAGE_DATABASE_URL_H_
#define INSIGHTOS_BACKEND_STORAGE_DATABASE_URL_H_

#include <string>
#include <string_view>

#include "insightos/status.h"

namespace insightos::storage {

enum class SqlDialect { kSqlite, kPostgres };

struct DatabaseUrl {
  SqlDialect dialect = SqlDialect::kSqlite;
  std::string sqlite_path;     // for kSqlite
  std::string postgres_url;    // for kPostgres: the libpq connection URI as given
  // The URL with any password replaced by "***", safe for logs.
  std::string Redacted() const;
};

Result<DatabaseUrl> ParseDatabaseUrl(std::string_view text);

// --db flag value, else $DATABASE_URL, else "sqlite:insightos.db" (SPEC §11).
std::string DefaultDatabaseUrl();

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_DATABASE_URL_H_
