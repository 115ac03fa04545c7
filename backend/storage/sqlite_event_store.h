// EventStore for SQLite: one transaction per batch with a prepared INSERT OR IGNORE, so a
// (source, messageId) already stored is skipped by the table's unique key.
#ifndef INSIGHTOS_BACKEND_STORAGE_SQLITE_EVENT_STORE_H_
#define INSIGHTOS_BACKEND_STORAGE_SQLITE_EVENT_STORE_H_

#include <memory>

#include "backend/storage/event_store.h"
#include "backend/storage/sqlite_connection.h"

namespace insightos::storage {

class SqliteEventStore final : public EventStore {
 public:
  explicit SqliteEventStore(const std::string& path);
  WriteOutcome Write(const IngestBatch& batch) override;

  // Binds an event row to a statement whose parameters $1..$22 follow EventColumns().
  static void BindEventRow(SQLite::Statement& statement, const EventRow& row);

 private:
  SqliteConnection connection_;
  std::unique_ptr<SQLite::Statement> insert_event_;
  std::unique_ptr<SQLite::Statement> insert_rejected_;
};

// "INSERT OR IGNORE INTO events (...) VALUES ($1, ..., $22)".
std::string SqliteInsertEventSql();

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_SQLITE_EVENT_STORE_H_
