#include "backend/ingest/group_commit_writer.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "backend/storage/storage_error.h"

namespace insightos::ingest {

GroupCommitWriter::GroupCommitWriter(StoreFactory factory, GroupCommitOptions options, metrics::Metrics* metrics)
    : factory_(std::move(factory)), options_(options), metrics_(metrics) {
  for (int i = 0; i < std::max(1, options_.writer_threads); ++i) writers_.emplace_back([this] { WriterLoop(); });
}

GroupCommitWriter::~GroupCommitWriter() { Shutdown(); }

void GroupCommitWriter::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && writers_.empty()) return;
    stopping_ = true;
  }
  work_available_.notify_all();
  for (std::thread& t : writers_) {
    if (t.joinable()) t.join();
  }
  writers_.clear();
}

std::size_t GroupCommitWriter::queued_events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queued_events_;
}

SubmitResult GroupCommitWriter::Submit(storage::IngestBatch batch) {
  if (batch.empty()) return {};
  auto pending = std::make_unique<Pending>();
  const std::size_t size = batch.events.size() + batch.rejected.size();
  pending->batch = std::move(batch);
  std::future<SubmitResult> done = pending->done.get_future();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return {SubmitStatus::kShutDown, "the collector is shutting down"};
    if (queued_events_ > 0 && queued_events_ + size > options_.max_queued_events) {
      return {SubmitStatus::kSaturated, "the write queue is full"};
    }
    queued_events_ += size;
    queue_.push_back(std::move(pending));
  }
  work_available_.notify_one();
  return done.get();
}

storage::WriteOutcome GroupCommitWriter::WriteWithRetries(storage::EventStore& store, const storage::IngestBatch& batch) {
  // A deadlock or busy database rolls the transaction back whole, so it can simply run again.
  constexpr int kAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    try {
      return store.Write(batch);
    } catch (const storage::StorageError& e) {
      if (e.kind() != storage::StorageError::Kind::kTransient || attempt == kAttempts) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
    }
  }
}

void GroupCommitWriter::WriterLoop() {
  std::unique_ptr<storage::EventStore> store;
  for (;;) {
    std::vector<std::unique_ptr<Pending>> group;
    std::size_t group_events = 0;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_available_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      // Take whole requests until the commit is full; a request is never split.
      while (!queue_.empty()) {
        const std::size_t size = queue_.front()->batch.events.size() + queue_.front()->batch.rejected.size();
        if (!group.empty() && group_events + size > options_.max_commit_events) break;
        group_events += size;
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      queued_events_ -= group_events;
    }

    storage::IngestBatch merged;
    for (auto& p : group) merged.Append(std::move(p->batch));

    SubmitResult result;
    const auto started = std::chrono::steady_clock::now();
    try {
      if (!store) store = factory_();
      storage::WriteOutcome outcome = WriteWithRetries(*store, merged);
      metrics_->commits.fetch_add(1, std::memory_order_relaxed);
      metrics_->events_duplicate.fetch_add(static_cast<std::uint64_t>(outcome.duplicates), std::memory_order_relaxed);
      metrics_->commit_events.Observe(static_cast<double>(group_events));
      metrics_->commit_seconds.Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    } catch (const std::exception& e) {
      // The transaction rolled back: nothing of this group was written. A fresh
      // connection is opened for the next group in case this one is broken.
      store.reset();
      metrics_->commit_failures.fetch_add(1, std::memory_order_relaxed);
      // Only the first line: database error details can quote row values (e.g. e-mails).
      std::string reason = e.what();
      reason = reason.substr(0, reason.find('\n'));
      result = {SubmitStatus::kUnavailable, reason};
      spdlog::warn("group commit of {} events failed: {}", group_events, reason);
    }
    for (auto& p : group) p->done.set_value(result);
  }
}

}  // namespace insightos::ingest
