#include "backend/server/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace insightos::server {

RateLimiter::RateLimiter(double rate_per_second, double burst) : rate_(rate_per_second), burst_(std::max(1.0, burst)) {}

void RateLimiter::EvictIdle(Shard& shard, Clock::time_point now) {
  // A bucket that would have refilled completely carries no state worth keeping.
  const auto full_after = std::chrono::duration<double>(burst_ / rate_);
  for (auto it = shard.buckets.begin(); it != shard.buckets.end();) {
    if (now - it->second.updated > full_after) it = shard.buckets.erase(it);
    else ++it;
  }
}

bool RateLimiter::Allow(std::string_view key, int* retry_after_seconds, Clock::time_point now) {
  if (rate_ <= 0) return true;
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  std::lock_guard<std::mutex> lock(shard.mu);
  auto it = shard.buckets.find(std::string(key));
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= kMaxBucketsPerShard) EvictIdle(shard, now);
    it = shard.buckets.emplace(std::string(key), Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  const double elapsed = std::chrono::duration<double>(now - b.updated).count();
  b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * rate_);
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  *retry_after_seconds = std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_)));
  return false;
}

}  // namespace insightos::server
