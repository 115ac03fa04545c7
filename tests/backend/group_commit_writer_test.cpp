// The group-commit writer's scheduling, against a store that records what it is asked to
// do: requests queued behind a commit share the next one, and the store's idle upkeep
// (SQLite's WAL checkpoints) runs only once no request is waiting. The databases' own
// behaviour is covered by the storage contract and collector tests.
#include "backend/ingest/group_commit_writer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "backend/storage/storage_error.h"

namespace insightos::ingest {
namespace {

// What the writer asked of its store, in order, and a gate that holds the first write.
struct StoreLog {
  std::mutex mu;
  std::condition_variable changed;
  std::vector<std::string> calls;
  bool first_write_may_finish = false;
  bool idle_throws = false;
  int stores_opened = 0;
  GroupCommitWriter* writer = nullptr;
};

class RecordingStore final : public storage::EventStore {
 public:
  explicit RecordingStore(StoreLog* log) : log_(log) {}
  using storage::EventStore::Write;
  storage::WriteOutcome Write(storage::IngestParts parts) override {
    std::unique_lock<std::mutex> lock(log_->mu);
    log_->calls.push_back("write " + std::to_string(parts.size()) + " requests");
    log_->changed.notify_all();
    log_->changed.wait(lock, [&] { return log_->first_write_may_finish; });
    storage::WriteOutcome outcome;
    for (const storage::IngestBatch* b : parts) outcome.inserted += static_cast<std::int64_t>(b->events.size());
    return outcome;
  }
  void Idle() override {
    const std::size_t queued = log_->writer->queued_events();
    std::lock_guard<std::mutex> lock(log_->mu);
    log_->calls.push_back("idle with " + std::to_string(queued) + " events queued");
    log_->changed.notify_all();
    if (log_->idle_throws) throw storage::StorageError(storage::StorageError::Kind::kUnavailable, "disk full");
  }

 private:
  StoreLog* log_;
};

storage::IngestBatch OneEvent(const std::string& id) {
  storage::IngestBatch batch;
  storage::EventRow row;
  row.source = "test";
  row.message_id = id;
  batch.events.push_back(row);
  return batch;
}

class GroupCommitWriterTest : public ::testing::Test {
 protected:
  GroupCommitWriterTest()
      : writer_(
            [this] {
              std::lock_guard<std::mutex> lock(log_.mu);
              ++log_.stores_opened;
              return std::make_unique<RecordingStore>(&log_);
            },
            GroupCommitOptions{}, &metrics_) {
    log_.writer = &writer_;
  }

  void WaitFor(const std::function<bool()>& condition) {
    std::unique_lock<std::mutex> lock(log_.mu);
    ASSERT_TRUE(log_.changed.wait_for(lock, std::chrono::seconds(20), condition));
  }

  StoreLog log_;
  metrics::Metrics metrics_;
  GroupCommitWriter writer_;
};

TEST_F(GroupCommitWriterTest, IdleUpkeepWaitsUntilNoRequestIsQueued) {
  std::vector<std::thread> requests;
  std::vector<SubmitStatus> statuses(6, SubmitStatus::kFailed);
  requests.emplace_back([&] { statuses[0] = writer_.Submit(OneEvent("m0")).status; });
  WaitFor([&] { return log_.calls.size() == 1; });  // the writer holds the first request
  for (int i = 1; i < 6; ++i) {
    requests.emplace_back([&, i] { statuses[i] = writer_.Submit(OneEvent("m" + std::to_string(i))).status; });
  }
  while (writer_.queued_events() < 5) std::this_thread::yield();
  {
    std::lock_guard<std::mutex> lock(log_.mu);
    log_.first_write_may_finish = true;
    log_.changed.notify_all();
  }
  for (std::thread& t : requests) t.join();
  WaitFor([&] { return log_.calls.size() == 3; });

  std::lock_guard<std::mutex> lock(log_.mu);
  EXPECT_EQ(log_.calls, (std::vector<std::string>{"write 1 requests", "write 5 requests", "idle with 0 events queued"}))
      << "no upkeep between the two commits while five requests waited";
  for (SubmitStatus s : statuses) EXPECT_EQ(s, SubmitStatus::kCommitted);
}

TEST_F(GroupCommitWriterTest, FailedUpkeepDoesNotFailTheRequests) {
  {
    std::lock_guard<std::mutex> lock(log_.mu);
    log_.first_write_may_finish = true;
    log_.idle_throws = true;
  }
  EXPECT_EQ(writer_.Submit(OneEvent("a")).status, SubmitStatus::kCommitted);
  WaitFor([&] { return log_.calls.size() == 2; });  // the write, then the failing upkeep
  EXPECT_EQ(writer_.Submit(OneEvent("b")).status, SubmitStatus::kCommitted);
  std::lock_guard<std::mutex> lock(log_.mu);
  EXPECT_EQ(log_.calls.at(2), "write 1 requests");
  EXPECT_EQ(log_.stores_opened, 1) << "a failed upkeep is no reason to reopen the database connection";
}

}  // namespace
}  // namespace insightos::ingest
