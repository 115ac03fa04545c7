// EventStore for SQLite: one transaction per batch with a prepared INSERT OR IGNORE, so a
// (source, messageId) already stored is skipped by the table's unique key.
//
// WAL checkpoints never delay a commit's acknowledgement unless the log has outgrown its
// limit: the writer copies the log back when it is idle (no request waits on it), and a
// background connection does it while the writer is saturated (SqliteCheckpointer).
// Measured with bench/ingest_bench (docs/collector.md): checkpoints inside every commit, as
// SQLite does by default, cost 15-25% of the peak rate; checkpoints only in the background
// raised the p99 at half peak from 23-36 ms to 39-60 ms (over 50 in four of five runs),
// their I/O running alongside every commit's sync.
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
  void Idle() override;  // checkpoints the log if it holds at least kIdleCheckpointFrames

  // Binds an event row to a statement whose parameters $1..$23 follow EventColumns().
  static void BindEventRow(SQLite::Statement& statement, const EventRow& row);

 private:
  void InsertEvents(const IngestBatch& batch, WriteOutcome* outcome, std::vector<const EventRow*>* fresh);
  void InsertRejected(const IngestBatch& batch);

  // SQLite's own automatic checkpoint threshold.
  static constexpr int kIdleCheckpointFrames = 1000;

  void Checkpoint();

  SqliteConnection connection_;
  SqliteCheckpointer checkpointer_;
  int frames_in_log_ = 0;  // after this connection's last commit (SQLite's WAL hook)
  std::unique_ptr<SQLite::Statement> insert_event_;
  std::unique_ptr<SQLite::Statement> insert_rejected_;
};

// "INSERT OR IGNORE INTO events (...) VALUES ($1, ..., $23)".
std::string SqliteInsertEventSql();

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_SQLITE_EVENT_STORE_H_
