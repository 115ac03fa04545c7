#include "backend/ingest/group_commit_writer.h"

#include <spdlog/spdlog.h>

#include <pthread.h>

#include <chrono>

#include "backend/storage/storage_error.h"

namespace insightos::ingest {

GroupCommitWriter::GroupCommitWriter(StoreFactory factory, GroupCommitOptions options, metrics::Metrics* metrics,
                                     Spool* spool)
    : factory_(std::move(factory)), options_(options), metrics_(metrics), spool_(spool) {
  for (int i = 0; i < std::max(1, options_.writer_threads); ++i) writers_.emplace_back([this] { WriterLoop(); });
  if (spool_ != nullptr) replayer_ = std::thread([this] { ReplayLoop(); });
}

GroupCommitWriter::~GroupCommitWriter() { Shutdown(); }

void GroupCommitWriter::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && writers_.empty()) return;
    stopping_ = true;
  }
  work_available_.notify_all();
  replay_wakeup_.notify_all();
  for (std::thread& t : writers_) {
    if (t.joinable()) t.join();
  }
  writers_.clear();
  if (replayer_.joinable()) replayer_.join();
}

std::size_t GroupCommitWriter::queued_events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queued_events_;
}

SubmitResult GroupCommitWriter::Submit(storage::IngestBatch batch) {
  if (batch.empty()) return {};
  Pending pending{&batch, {}};
  const std::size_t size = batch.events.size() + batch.rejected.size();
  std::future<SubmitResult> done = pending.done.get_future();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return {SubmitStatus::kShutDown, "the collector is shutting down"};
    if (queued_events_ > 0 && queued_events_ + size > options_.max_queued_events) {
      return {SubmitStatus::kSaturated, "the write queue is full"};
    }
    queued_events_ += size;
    queue_.push_back(&pending);
  }
  work_available_.notify_one();
  return done.get();
}

storage::WriteOutcome GroupCommitWriter::WriteWithRetries(storage::EventStore& store, storage::IngestParts parts) {
  // A deadlock or busy database rolls the transaction back whole, so it can simply run again.
  constexpr int kAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    try {
      return store.Write(parts);
    } catch (const storage::StorageError& e) {
      if (e.kind() != storage::StorageError::Kind::kTransient || attempt == kAttempts) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
    }
  }
}

SubmitResult GroupCommitWriter::SpoolBatch(storage::IngestParts parts) {
  Status appended = spool_->Append(parts);
  if (appended.ok()) {
    metrics_->spooled_batches.fetch_add(1, std::memory_order_relaxed);
    replay_wakeup_.notify_all();
    return {};
  }
  spdlog::error("spooling failed: {}", appended.message());
  if (appended.code() == StatusCode::kOutOfRange) return {SubmitStatus::kSaturated, appended.message()};
  return {SubmitStatus::kUnavailable, appended.message()};
}

SubmitResult GroupCommitWriter::Commit(std::unique_ptr<storage::EventStore>& store, storage::IngestParts parts,
                                       std::size_t events) {
  // While spooled data waits, new data queues behind it so nothing overtakes it.
  if (spool_ != nullptr && spool_->HasPending()) return SpoolBatch(parts);
  const auto started = std::chrono::steady_clock::now();
  try {
    if (!store) store = factory_();
    storage::WriteOutcome outcome = WriteWithRetries(*store, parts);
    metrics_->commits.fetch_add(1, std::memory_order_relaxed);
    metrics_->events_duplicate.fetch_add(static_cast<std::uint64_t>(outcome.duplicates), std::memory_order_relaxed);
    metrics_->commit_events.Observe(static_cast<double>(events));
    metrics_->commit_seconds.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return {};
  } catch (const std::exception& e) {
    // The transaction rolled back: nothing of this group was written. A fresh connection is
    // opened for the next group in case this one is broken. Only the first line of the
    // error is kept: database error details can quote row values (e-mails).
    store.reset();
    metrics_->commit_failures.fetch_add(1, std::memory_order_relaxed);
    std::string reason = e.what();
    reason = reason.substr(0, reason.find('\n'));
    const auto* storage_error = dynamic_cast<const storage::StorageError*>(&e);
    const bool outage = storage_error != nullptr && (storage_error->kind() == storage::StorageError::Kind::kUnavailable ||
                                                     storage_error->kind() == storage::StorageError::Kind::kTransient);
    spdlog::warn("group commit of {} events failed: {}", events, reason);
    if (!outage) return {SubmitStatus::kFailed, reason};
    if (spool_ != nullptr) return SpoolBatch(parts);
    return {SubmitStatus::kUnavailable, reason};
  }
}

void GroupCommitWriter::ReplayLoop() {
  pthread_setname_np(pthread_self(), "spool-replay");
  std::unique_ptr<storage::EventStore> store;
  std::chrono::milliseconds wait{200};
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      replay_wakeup_.wait_for(lock, wait, [this] { return stopping_; });
      if (stopping_) return;
    }
    if (!spool_->HasPending()) continue;
    try {
      if (!store) store = factory_();
      const std::uint64_t replayed = spool_->Replay([&](const storage::IngestBatch& batch) {
        try {
          const storage::IngestBatch* one = &batch;
          storage::WriteOutcome outcome = WriteWithRetries(*store, storage::IngestParts(&one, 1));
          metrics_->events_duplicate.fetch_add(static_cast<std::uint64_t>(outcome.duplicates), std::memory_order_relaxed);
        } catch (const storage::StorageError& e) {
          if (e.kind() != storage::StorageError::Kind::kOther) throw;  // an outage: retry later
          // The database refuses this batch for good: set it aside so it cannot block the rest.
          spool_->Quarantine(batch, e.what());
        }
      });
      metrics_->replayed_batches.fetch_add(replayed, std::memory_order_relaxed);
      if (replayed > 0) spdlog::info("replayed {} spooled batches into the database", replayed);
      wait = std::chrono::milliseconds(200);
    } catch (const std::exception& e) {
      store.reset();
      std::string reason = e.what();
      spdlog::warn("spool replay paused: {}", reason.substr(0, reason.find('\n')));
      wait = std::min(std::chrono::milliseconds(5000), wait * 2);  // the database is still down: back off
    }
  }
}

void GroupCommitWriter::WriterLoop() {
  pthread_setname_np(pthread_self(), "ingest-writer");  // visible in top -H, perf and gdb
  std::unique_ptr<storage::EventStore> store;
  for (;;) {
    std::vector<Pending*> group;
    std::size_t group_events = 0;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_available_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      // Take whole requests until the commit is full; a request is never split.
      while (!queue_.empty()) {
        const std::size_t size = queue_.front()->batch->events.size() + queue_.front()->batch->rejected.size();
        if (!group.empty() && group_events + size > options_.max_commit_events) break;
        group_events += size;
        group.push_back(queue_.front());
        queue_.pop_front();
      }
      queued_events_ -= group_events;
    }

    std::vector<const storage::IngestBatch*> parts;
    parts.reserve(group.size());
    for (Pending* p : group) parts.push_back(p->batch);
    SubmitResult result = Commit(store, parts, group_events);
    // After this the request threads own their rows again and free them in parallel.
    for (Pending* p : group) p->done.set_value(result);
    if (store && NothingQueued()) IdleUpkeep(*store);
  }
}

bool GroupCommitWriter::NothingQueued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.empty();
}

void GroupCommitWriter::IdleUpkeep(storage::EventStore& store) {
  try {
    store.Idle();
  } catch (const std::exception& e) {
    // Upkeep touches nothing already written; the next commit reports a real problem.
    std::string reason = e.what();
    spdlog::warn("writer upkeep failed: {}", reason.substr(0, reason.find('\n')));
  }
}

}  // namespace insightos::ingest
