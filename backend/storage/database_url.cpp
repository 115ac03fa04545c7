#include "backend/storage/database_url.h"

#include <cstdlib>

namespace insightos::storage {

Result<DatabaseUrl> ParseDatabaseUrl(std::string_view text) {
  DatabaseUrl url;
  if (text.rfind("sqlite:", 0) == 0) {
    url.dialect = SqlDialect::kSqlite;
    std::string_view path = text.substr(7);
    if (path.rfind("//", 0) == 0) path.remove_prefix(2);  // also accept sqlite://PATH
    if (path.empty()) return Status::InvalidArgument("database URL 'sqlite:' needs a file path, e.g. sqlite:insightos.db");
    url.sqlite_path = std::string(path);
    return url;
  }
  if (text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0) {
    url.dialect = SqlDialect::kPostgres;
    url.postgres_url = std::string(text);
    return url;
  }
  return Status::InvalidArgument("unsupported database URL '" + DatabaseUrl{SqlDialect::kPostgres, "", std::string(text)}.Redacted() +
                                 "': expected sqlite:PATH or postgresql://USER@HOST:PORT/DB");
}

std::string DatabaseUrl::Redacted() const {
  if (dialect == SqlDialect::kSqlite) return "sqlite:" + sqlite_path;
  // postgresql://user:password@host -> postgresql://user:***@host
  std::string out = postgres_url;
  std::size_t scheme = out.find("://");
  std::size_t at = out.find('@', scheme == std::string::npos ? 0 : scheme + 3);
  if (scheme == std::string::npos || at == std::string::npos) return out;
  std::size_t colon = out.find(':', scheme + 3);
  if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  return out;
}

std::string DefaultDatabaseUrl() {
  const char* env = std::getenv("DATABASE_URL");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string("sqlite:insightos.db");
}

}  // namespace insightos::storage
