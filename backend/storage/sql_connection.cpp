#include "backend/storage/sql_connection.h"

#include "backend/storage/postgres_connection.h"
#include "backend/storage/sqlite_connection.h"

namespace insightos::storage {

std::optional<std::int64_t> SqlConnection::QueryInt(std::string_view sql, const SqlParams& params) {
  std::optional<std::int64_t> out;
  bool first = true;
  Query(sql, params, [&](const SqlRow& row) {
    if (first && !row.IsNull(0)) out = row.GetInt(0);
    first = false;
  });
  return out;
}

std::optional<std::string> SqlConnection::QueryText(std::string_view sql, const SqlParams& params) {
  std::optional<std::string> out;
  bool first = true;
  Query(sql, params, [&](const SqlRow& row) {
    if (first && !row.IsNull(0)) out = row.GetText(0);
    first = false;
  });
  return out;
}

SqlTransaction::~SqlTransaction() {
  if (done_) return;
  try {
    connection_.Rollback();
  } catch (...) {
    // A destructor must not throw; the connection is reset by its owner if it is broken.
  }
}

void SqlTransaction::Commit() {
  connection_.Commit();
  done_ = true;
}

std::unique_ptr<SqlConnection> OpenConnection(const DatabaseUrl& url) {
  if (url.dialect == SqlDialect::kSqlite) return std::make_unique<SqliteConnection>(url.sqlite_path);
  return std::make_unique<PostgresConnection>(url.postgres_url);
}

}  // namespace insightos::storage
