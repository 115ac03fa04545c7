// Token-bucket rate limiting per client address and per write key (SPEC §12 R4): each key
// may make `rate` requests a second on average and `burst` at once. Thread-safe; memory is
// bounded by evicting buckets that have been idle (full) for a while.
#ifndef INSIGHTOS_BACKEND_SERVER_RATE_LIMITER_H_
#define INSIGHTOS_BACKEND_SERVER_RATE_LIMITER_H_

#include <array>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace insightos::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // rate <= 0 disables the limiter (every request is allowed).
  RateLimiter(double rate_per_second, double burst);

  // Takes one token for `key`. When none is left returns false and sets *retry_after_seconds
  // to the whole seconds until one will be (at least 1).
  bool Allow(std::string_view key, int* retry_after_seconds, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;  // GUARDED_BY(mu)
  };
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kMaxBucketsPerShard = 65536;

  void EvictIdle(Shard& shard, Clock::time_point now);  // REQUIRES: shard.mu held

  double rate_;
  double burst_;
  std::array<Shard, kShards> shards_;
};

}  // namespace insightos::server

#endif  // INSIGHTOS_BACKEND_SERVER_RATE_LIMITER_H_
