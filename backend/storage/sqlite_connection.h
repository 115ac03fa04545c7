// SqlConnection over SQLiteCpp. Opens the file in WAL mode with synchronous=FULL so that a
// committed transaction survives a power cut (an acknowledged event is a durable event).
#ifndef INSIGHTOS_BACKEND_STORAGE_SQLITE_CONNECTION_H_
#define INSIGHTOS_BACKEND_STORAGE_SQLITE_CONNECTION_H_

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "backend/storage/sql_connection.h"

namespace insightos::storage {

class SqliteConnection final : public SqlConnection {
 public:
  // Creates the file (and its directory) if missing.
  explicit SqliteConnection(const std::string& path);

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }
  void Execute(std::string_view sql, const SqlParams& params = {}) override;
  std::int64_t ExecuteCount(std::string_view sql, const SqlParams& params = {}) override;
  void ExecuteScript(std::string_view sql) override;
  void Query(std::string_view sql, const SqlParams& params, const RowCallback& on_row) override;
  void Begin() override;
  void Commit() override;
  void Rollback() override;
  bool InTransaction() const override { return in_transaction_; }

  // For stores that keep their own prepared statements.
  SQLite::Database& database() { return db_; }

  // Binds $N placeholders (by name) from params[N-1].
  static void Bind(SQLite::Statement& statement, const SqlParams& params);

 private:
  // A reset statement from the cache, prepared on first use: jobs and the ingest path run
  // the same few statements many times.
  SQLite::Statement& Prepared(std::string_view sql);

  SQLite::Database db_;
  bool in_transaction_ = false;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  std::unordered_set<std::string> querying_;  // cached statements with rows being read
};

// Translates SQLiteCpp's exception into StorageError (constraint vs other).
[[noreturn]] void RethrowSqliteError(const std::exception& e, std::string_view context);

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_SQLITE_CONNECTION_H_
