// One connection to the database, behind an interface with a SQLite and a PostgreSQL
// implementation. SQL text is shared between the two where the dialects agree: parameters
// are written $1, $2, ... (SQLite binds them by name), JSON is read with ->>, timestamps
// are BIGINT milliseconds. Dialect-specific statements check dialect().
//
// Not thread-safe: one connection per thread. Errors throw StorageError.
#ifndef INSIGHTOS_BACKEND_STORAGE_SQL_CONNECTION_H_
#define INSIGHTOS_BACKEND_STORAGE_SQL_CONNECTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "backend/storage/database_url.h"

namespace insightos::storage {

// A statement parameter: NULL, integer, real or text.
using SqlParam = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using SqlParams = std::vector<SqlParam>;

inline SqlParam NullableText(const std::string& s) { return s.empty() ? SqlParam(nullptr) : SqlParam(s); }
inline SqlParam NullableInt(const std::optional<std::int64_t>& v) { return v ? SqlParam(*v) : SqlParam(nullptr); }

// A result row, valid only during the row callback.
class SqlRow {
 public:
  virtual ~SqlRow() = default;
  virtual std::size_t size() const = 0;
  virtual bool IsNull(std::size_t column) const = 0;
  virtual std::int64_t GetInt(std::size_t column) const = 0;    // REQUIRES: !IsNull
  virtual double GetDouble(std::size_t column) const = 0;       // REQUIRES: !IsNull
  virtual std::string GetText(std::size_t column) const = 0;    // "" for NULL
  std::optional<std::int64_t> GetOptionalInt(std::size_t c) const { return IsNull(c) ? std::nullopt : std::optional(GetInt(c)); }
  std::optional<double> GetOptionalDouble(std::size_t c) const { return IsNull(c) ? std::nullopt : std::optional(GetDouble(c)); }
};

using RowCallback = std::function<void(const SqlRow&)>;

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual SqlDialect dialect() const = 0;

  // Runs one statement. Outside a transaction it commits on its own.
  virtual void Execute(std::string_view sql, const SqlParams& params = {}) = 0;
  // Runs one statement and returns the number of rows it changed.
  virtual std::int64_t ExecuteCount(std::string_view sql, const SqlParams& params = {}) = 0;
  // Runs several ';'-separated statements without parameters (schema migrations).
  virtual void ExecuteScript(std::string_view sql) = 0;
  // Calls on_row for every result row, streaming (large results are not held in memory).
  virtual void Query(std::string_view sql, const SqlParams& params, const RowCallback& on_row) = 0;

  virtual void Begin() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
  virtual bool InTransaction() const = 0;

  // Convenience: the first column of the first row, or nullopt when there is no row or it is NULL.
  std::optional<std::int64_t> QueryInt(std::string_view sql, const SqlParams& params = {});
  std::optional<std::string> QueryText(std::string_view sql, const SqlParams& params = {});
};

// Begins on construction; rolls back on destruction unless Commit() was called.
class SqlTransaction {
 public:
  explicit SqlTransaction(SqlConnection& connection) : connection_(connection) { connection_.Begin(); }
  ~SqlTransaction();
  SqlTransaction(const SqlTransaction&) = delete;
  SqlTransaction& operator=(const SqlTransaction&) = delete;
  void Commit();

 private:
  SqlConnection& connection_;
  bool done_ = false;
};

// Opens a connection; throws StorageError (kUnavailable when the server cannot be reached).
std::unique_ptr<SqlConnection> OpenConnection(const DatabaseUrl& url);

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_SQL_CONNECTION_H_
