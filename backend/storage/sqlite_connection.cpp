#include "backend/storage/sqlite_connection.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <filesystem>

#include "backend/storage/storage_error.h"

namespace insightos::storage {

namespace {

SQLite::Database OpenDatabase(const std::string& path) {
  try {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    // NOMUTEX: a connection is only ever used by one thread, so SQLite's per-call mutex is waste.
    return SQLite::Database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                            /*busy timeout ms=*/10000);
  } catch (const std::exception& e) {
    throw StorageError(StorageError::Kind::kUnavailable, "cannot open SQLite database '" + path + "': " + e.what());
  }
}

class SqliteRow final : public SqlRow {
 public:
  explicit SqliteRow(SQLite::Statement& s) : s_(s) {}
  std::size_t size() const override { return static_cast<std::size_t>(s_.getColumnCount()); }
  bool IsNull(std::size_t c) const override { return s_.isColumnNull(static_cast<int>(c)); }
  std::int64_t GetInt(std::size_t c) const override { return s_.getColumn(static_cast<int>(c)).getInt64(); }
  double GetDouble(std::size_t c) const override { return s_.getColumn(static_cast<int>(c)).getDouble(); }
  std::string GetText(std::size_t c) const override {
    return IsNull(c) ? std::string() : s_.getColumn(static_cast<int>(c)).getString();
  }

 private:
  SQLite::Statement& s_;
};

}  // namespace

void RethrowSqliteError(const std::exception& e, std::string_view context) {
  auto kind = StorageError::Kind::kOther;
  if (const auto* se = dynamic_cast<const SQLite::Exception*>(&e)) {
    int code = se->getErrorCode();
    if (code == SQLITE_CONSTRAINT) kind = StorageError::Kind::kConstraint;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) kind = StorageError::Kind::kTransient;
    if (code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN) kind = StorageError::Kind::kUnavailable;
  }
  throw StorageError(kind, std::string(context) + ": " + e.what());
}

SqliteConnection::SqliteConnection(const std::string& path) : db_(OpenDatabase(path)) {
  try {
    db_.exec("PRAGMA journal_mode=WAL");
    db_.exec("PRAGMA synchronous=FULL");
    db_.exec("PRAGMA foreign_keys=ON");
    // 64 MB of page cache per connection keeps the event indexes' hot pages in memory
    // instead of re-reading them from the OS on every insert (the default is 2 MB).
    db_.exec("PRAGMA cache_size=-65536");
    // Reads through a memory map instead of read() copies: the jobs and the dashboard scan
    // large event tables that sit in the OS page cache, and copying every page cost more
    // than the queries themselves (measured: the dashboard's funnel read 3.2 s -> 2.0 s at
    // 1M events). Writes still go through the WAL as before. 2 GB is SQLite's default ceiling.
    // The collector's ingest connection turns it off again (sqlite_event_store.cpp).
    db_.exec("PRAGMA mmap_size=2147418112");
  } catch (const std::exception& e) {
    RethrowSqliteError(e, "configuring SQLite database '" + path + "'");
  }
}

void SqliteConnection::Bind(SQLite::Statement& statement, const SqlParams& params) {
  // Placeholders are written $1..$N for both databases; SQLite treats them as names.
  int bound = 0;
  for (std::size_t n = 1; n <= params.size(); ++n) {
    const std::string name = "$" + std::to_string(n);
    const int index = statement.getIndex(name.c_str());
    if (index == 0) continue;  // this statement does not use $n
    ++bound;
    const SqlParam& p = params[n - 1];
    if (std::holds_alternative<std::nullptr_t>(p)) statement.bind(index);
    else if (const auto* v = std::get_if<std::int64_t>(&p)) statement.bind(index, *v);
    else if (const auto* d = std::get_if<double>(&p)) statement.bind(index, *d);
    else statement.bind(index, std::get<std::string>(p));
  }
  if (bound != statement.getBindParameterCount()) {
    throw StorageError(StorageError::Kind::kOther, "SQL statement has parameters without values (write them $1..$" +
                                                       std::to_string(params.size()) + ")");
  }
}

void SqliteConnection::Execute(std::string_view sql, const SqlParams& params) { ExecuteCount(sql, params); }

SQLite::Statement& SqliteConnection::Prepared(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) {
    if (statements_.size() > 256) statements_.clear();  // a bound on ad-hoc SQL, not a real LRU
    it = statements_.emplace(std::string(sql), std::make_unique<SQLite::Statement>(db_, std::string(sql))).first;
  } else {
    it->second->reset();
    it->second->clearBindings();
  }
  return *it->second;
}

std::int64_t SqliteConnection::ExecuteCount(std::string_view sql, const SqlParams& params) {
  try {
    SQLite::Statement& statement = Prepared(sql);
    Bind(statement, params);
    const int changed = statement.exec();
    statement.reset();
    return changed;
  } catch (const StorageError&) {
    throw;
  } catch (const std::exception& e) {
    RethrowSqliteError(e, "SQLite statement failed");
  }
}

void SqliteConnection::ExecuteScript(std::string_view sql) {
  try {
    db_.exec(std::string(sql));
  } catch (const std::exception& e) {
    RethrowSqliteError(e, "SQLite script failed");
  }
}

void SqliteConnection::Query(std::string_view sql, const SqlParams& params, const RowCallback& on_row) {
  try {
    // A callback may run another query; the same SQL nested inside itself gets its own statement.
    const bool nested = querying_.count(std::string(sql)) > 0;
    std::unique_ptr<SQLite::Statement> own;
    SQLite::Statement& statement = nested ? *(own = std::make_unique<SQLite::Statement>(db_, std::string(sql))) : Prepared(sql);
    if (!nested) querying_.insert(std::string(sql));
    struct Release {
      std::unordered_set<std::string>* set;
      std::string key;
      bool active;
      ~Release() { if (active) set->erase(key); }
    } release{&querying_, std::string(sql), !nested};
    Bind(statement, params);
    SqliteRow row(statement);
    while (statement.executeStep()) on_row(row);
    statement.reset();  // release the read cursor now, not at the next use
  } catch (const StorageError&) {
    throw;
  } catch (const std::exception& e) {
    RethrowSqliteError(e, "SQLite query failed");
  }
}

void SqliteConnection::Begin() {
  ExecuteScript("BEGIN IMMEDIATE");
  in_transaction_ = true;
}

void SqliteConnection::Commit() {
  ExecuteScript("COMMIT");
  in_transaction_ = false;
}

void SqliteConnection::Rollback() {
  in_transaction_ = false;
  ExecuteScript("ROLLBACK");
}

}  // namespace insightos::storage
