// Moves SQLite's WAL checkpoints off the ingest writer's thread. By default the connection
// that commits also copies the write-ahead log back into the database file every 1000
// pages, inside the commit, so the only writer spends much of its time on checkpoint I/O.
// With this, a second connection checkpoints in the background (PASSIVE: it never blocks the
// writer), which is what runs while the writer is saturated; an idle writer checkpoints
// between commits itself (SqliteEventStore::Idle). If the log still outgrows the limit the
// writer is asked to checkpoint after each commit, before acknowledging it, so the log stays
// bounded.
//
// The log is measured in frames in use, as each checkpoint reports them, not by the file's
// size: SQLite reuses the file from its start once a checkpoint has caught up, but never
// shrinks it, so a size test stayed true for good after the first busy spell and left the
// writer checkpointing in every commit.
#ifndef INSIGHTOS_BACKEND_STORAGE_SQLITE_CHECKPOINTER_H_
#define INSIGHTOS_BACKEND_STORAGE_SQLITE_CHECKPOINTER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "backend/storage/sqlite_connection.h"

namespace insightos::storage {

// A PASSIVE checkpoint on `connection`: copies what it can of the log back without waiting
// for anyone. Returns the frames in the log, or nullopt when another connection's checkpoint
// was running; throws StorageError if SQLite fails.
std::optional<int> PassiveCheckpoint(SqliteConnection& connection);

class SqliteCheckpointer {
 public:
  static constexpr std::uintmax_t kDefaultWalLimitBytes = 256u << 20;

  explicit SqliteCheckpointer(std::string path, std::uintmax_t wal_limit_bytes = kDefaultWalLimitBytes);
  ~SqliteCheckpointer();  // stops the thread (after a last checkpoint)

  // True when the log is over the limit: the writer should checkpoint after its own commits.
  bool WriterShouldCheckpoint() const { return wal_too_big_.load(std::memory_order_relaxed); }

 private:
  void Run();

  std::string path_;
  std::uintmax_t wal_limit_bytes_;
  std::atomic<bool> wal_too_big_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_SQLITE_CHECKPOINTER_H_
