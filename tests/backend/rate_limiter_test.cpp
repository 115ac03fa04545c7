#include "backend/server/rate_limiter.h"

#include <gtest/gtest.h>

namespace insightos::server {
namespace {

using Clock = RateLimiter::Clock;

TEST(RateLimiter, BurstThenSteadyRate) {
  RateLimiter limiter(10, 20);  // 10/s, bursts of 20
  const Clock::time_point t0 = Clock::now();
  int retry = 0;
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(limiter.Allow("1.2.3.4", &retry, t0)) << i;
  EXPECT_FALSE(limiter.Allow("1.2.3.4", &retry, t0));
  EXPECT_EQ(retry, 1);
  // Another key has its own bucket.
  EXPECT_TRUE(limiter.Allow("5.6.7.8", &retry, t0));
  // 100 ms later one token has come back, and only one.
  const Clock::time_point later = t0 + std::chrono::milliseconds(100);
  EXPECT_TRUE(limiter.Allow("1.2.3.4", &retry, later));
  EXPECT_FALSE(limiter.Allow("1.2.3.4", &retry, later));
  // Refill never exceeds the burst.
  const Clock::time_point much_later = t0 + std::chrono::hours(1);
  int allowed = 0;
  while (limiter.Allow("1.2.3.4", &retry, much_later)) ++allowed;
  EXPECT_EQ(allowed, 20);
}

TEST(RateLimiter, RetryAfterReflectsTheRate) {
  RateLimiter slow(0.1, 1);  // one request every 10 s
  int retry = 0;
  const Clock::time_point t0 = Clock::now();
  EXPECT_TRUE(slow.Allow("k", &retry, t0));
  EXPECT_FALSE(slow.Allow("k", &retry, t0));
  EXPECT_EQ(retry, 10);
}

TEST(RateLimiter, ZeroRateMeansNoLimit) {
  RateLimiter off(0, 0);
  int retry = 0;
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(off.Allow("k", &retry));
}

}  // namespace
}  // namespace insightos::server
