// Moves SQLite's WAL checkpoints off the ingest writer's thread. By default the connection
// that commits also copies the write-ahead log back into the database file every 1000
// pages, inside the commit, so the only writer spends much of its time on checkpoint I/O.
// With this, the writer only appends to the log and a second connection checkpoints in the
// background (PASSIVE: it never blocks the writer). If the log still outgrows the limit the
// writer is asked to checkpoint itself, so it stays bounded.
#ifndef INSIGHTOS_BACKEND_STORAGE_SQLITE_CHECKPOINTER_H_
#define INSIGHTOS_BACKEND_STORAGE_SQLITE_CHECKPOINTER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace insightos::storage {

class SqliteCheckpointer {
 public:
  explicit SqliteCheckpointer(std::string path);
  ~SqliteCheckpointer();  // stops the thread (after a last checkpoint)

  // True when the log is over the limit: the writer should checkpoint in its own commit.
  bool WriterShouldCheckpoint() const { return wal_too_big_.load(std::memory_order_relaxed); }

 private:
  void Run();

  std::string path_;
  std::atomic<bool> wal_too_big_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_SQLITE_CHECKPOINTER_H_
