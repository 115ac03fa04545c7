// A bounded, closable queue of batches between the simulator's thread and the threads that
// deliver them (HTTP connections, a database writer): the producer blocks while `capacity`
// batches wait, so memory stays bounded and generation keeps pace with delivery.
#ifndef INSIGHTOS_BACKEND_SIMULATOR_BATCH_QUEUE_H_
#define INSIGHTOS_BACKEND_SIMULATOR_BATCH_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace insightos::simulator {

// Thread-safe: any number of producers and consumers.
template <typename Batch>
class BatchQueue {
 public:
  explicit BatchQueue(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Blocks while the queue is full. Returns false (dropping the batch) once the queue is closed.
  bool Push(Batch batch) {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [this] { return closed_ || batches_.size() < capacity_; });
    if (closed_) return false;
    batches_.push_back(std::move(batch));
    not_empty_.notify_one();
    return true;
  }

  // Blocks until a batch is available; nullopt once the queue is closed and drained.
  std::optional<Batch> Pop() {
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait(lock, [this] { return closed_ || !batches_.empty(); });
    if (batches_.empty()) return std::nullopt;
    Batch batch = std::move(batches_.front());
    batches_.pop_front();
    not_full_.notify_one();
    return batch;
  }

  // No more pushes; consumers drain what is queued, then Pop returns nullopt.
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  const std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<Batch> batches_;  // GUARDED_BY(mu_)
  bool closed_ = false;        // GUARDED_BY(mu_)
};

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_BATCH_QUEUE_H_
