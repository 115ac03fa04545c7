// Group commit (SPEC §3): request threads hand their validated events to this writer and
// block; writer threads take everything queued, write it in one transaction, and only
// then release the requests. Under load many requests share one commit (and one fsync);
// idle, a lone request is written at once instead of waiting for company.
//
// Thread-safe. The queue is bounded: past max_queued_events Submit answers kSaturated
// immediately (the collector turns that into 503 + Retry-After) instead of growing memory.
#ifndef INSIGHTOS_BACKEND_INGEST_GROUP_COMMIT_WRITER_H_
#define INSIGHTOS_BACKEND_INGEST_GROUP_COMMIT_WRITER_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "backend/ingest/spool.h"
#include "backend/metrics/metrics.h"
#include "backend/storage/event_store.h"

namespace insightos::ingest {

struct GroupCommitOptions {
  std::size_t max_commit_events = 20000;   // events per transaction
  std::size_t max_queued_events = 200000;  // beyond this, Submit answers kSaturated
  int writer_threads = 1;                  // SQLite allows one writer; PostgreSQL can use more
};

enum class SubmitStatus {
  kCommitted,    // durable: in the database, or in the spool until the database is back
  kSaturated,    // the queue or the spool is full; nothing was written
  kUnavailable,  // the database could not be written and there is no spool; nothing was written
  kFailed,       // the database refused the data (a bug, not an outage); nothing was written
  kShutDown,     // the writer is stopping; nothing was written
};

struct SubmitResult {
  SubmitStatus status = SubmitStatus::kCommitted;
  std::string error;  // for logs; never shown to clients
};

class GroupCommitWriter {
 public:
  using StoreFactory = std::function<std::unique_ptr<storage::EventStore>()>;

  // The factory opens a store per writer thread (and again after a connection is lost);
  // it may throw StorageError. `metrics` and `spool` must outlive the writer. With a spool,
  // batches that cannot reach the database are spooled (and acknowledged), and a replay
  // thread writes them to the database once it answers again.
  GroupCommitWriter(StoreFactory factory, GroupCommitOptions options, metrics::Metrics* metrics,
                    Spool* spool = nullptr);
  ~GroupCommitWriter();  // Shutdown()
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Blocks until the batch is committed or has definitely not been written.
  SubmitResult Submit(storage::IngestBatch batch);

  // Stops accepting, writes what is queued, joins the writer threads. Idempotent.
  void Shutdown();

  std::size_t queued_events() const;

 private:
  // Lives in Submit()'s frame: the request thread owns (and afterwards frees) its rows; the
  // writer only reads them through pointers until it fulfils `done`.
  struct Pending {
    const storage::IngestBatch* batch;
    std::promise<SubmitResult> done;
  };

  void WriterLoop();
  void ReplayLoop();
  SubmitResult Commit(std::unique_ptr<storage::EventStore>& store, storage::IngestParts parts, std::size_t events);
  SubmitResult SpoolBatch(storage::IngestParts parts);
  static storage::WriteOutcome WriteWithRetries(storage::EventStore& store, storage::IngestParts parts);
  bool NothingQueued() const;
  // The store's Idle() upkeep (SQLite: WAL checkpoints), run when no request waits.
  static void IdleUpkeep(storage::EventStore& store);

  StoreFactory factory_;
  GroupCommitOptions options_;
  metrics::Metrics* metrics_;
  Spool* spool_;

  mutable std::mutex mu_;
  std::condition_variable work_available_;
  std::deque<Pending*> queue_;                  // GUARDED_BY(mu_)
  std::size_t queued_events_ = 0;               // GUARDED_BY(mu_)
  bool stopping_ = false;                       // GUARDED_BY(mu_)
  std::vector<std::thread> writers_;
  std::thread replayer_;
  std::condition_variable replay_wakeup_;  // waits on mu_
};

}  // namespace insightos::ingest

#endif  // INSIGHTOS_BACKEND_INGEST_GROUP_COMMIT_WRITER_H_
