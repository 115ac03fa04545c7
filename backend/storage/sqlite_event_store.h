// EventStore for SQLite: one transaction per batch with a prepared INSERT OR IGNORE, so a
// (source, messageId) already stored is skipped by the table's unique key.
#ifndef INSIGHTOS_BACKEND_STORAGE_SQLITE_EVENT_STORE_H_
#define INSIGHTOS_BACKEND_STORAGE_SQLITE_EVENT_STORE_H_

#include <memory>

#include "backend/storage/event_store.h"
#include "backend/storage/sqlite_checkpointer.h"
#include "backend/storage/sqlite_connection.h"

namespace insightos::storage {

class SqliteEventStore final : public EventStore {
 public:
  explicit SqliteEventStore(const std::string& path);
  using EventStore::Write;
  WriteOutcome Write(IngestParts parts) override;

  // Binds an event row to a statement whose parameters $1..$23 follow EventColumns().
  static void BindEventRow(SQLite::Statement& statement, const EventRow& row);

 private:
  void InsertEvents(const IngestBatch& batch, WriteOutcome* outcome, std::vector<const EventRow*>* fresh);
  void InsertRejected(const IngestBatch& batch);

  SqliteConnection connection_;
  SqliteCheckpointer checkpointer_;
  bool writer_checkpoints_ = true;  // SQLite's automatic checkpoints on this connection
  std::unique_ptr<SQLite::Statement> insert_event_;
  std::unique_ptr<SQLite::Statement> insert_rejected_;
};

// "INSERT OR IGNORE INTO events (...) VALUES ($1, ..., $23)".
std::string SqliteInsertEventSql();

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_SQLITE_EVENT_STORE_H_
