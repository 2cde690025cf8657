#include "runtime/concurrency_limiter.h"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace rocky::runtime {
namespace {

TEST(ConcurrencyLimiterTest, AimdHalvesOnRateLimitsAndGrowsEveryTenthSuccess) {
  ConcurrencyLimiter l(16, true);
  EXPECT_EQ(l.limit(), 16);
  auto run = [&](UnitOutcome o) {
    ASSERT_TRUE(l.Acquire());
    l.Release(o);
  };
  run(UnitOutcome::kRateLimited);
  EXPECT_EQ(l.limit(), 8);
  run(UnitOutcome::kRateLimited);
  run(UnitOutcome::kRateLimited);
  run(UnitOutcome::kRateLimited);
  run(UnitOutcome::kRateLimited);
  EXPECT_EQ(l.limit(), 1);  // never below 1
  run(UnitOutcome::kFailed);
  EXPECT_EQ(l.limit(), 1);  // other failures leave it alone
  for (int i = 0; i < 9; ++i) run(UnitOutcome::kSuccess);
  EXPECT_EQ(l.limit(), 1);
  run(UnitOutcome::kSuccess);  // 10th success: below max/2 → +2
  EXPECT_EQ(l.limit(), 3);
  for (int i = 0; i < 20; ++i) run(UnitOutcome::kSuccess);
  EXPECT_EQ(l.limit(), 7);
  for (int i = 0; i < 10; ++i) run(UnitOutcome::kSuccess);
  EXPECT_EQ(l.limit(), 9);  // 7 < 8 → +2
  for (int i = 0; i < 10; ++i) run(UnitOutcome::kSuccess);
  EXPECT_EQ(l.limit(), 10);  // 9 ≥ 8 → +1
  for (int i = 0; i < 100; ++i) run(UnitOutcome::kSuccess);
  EXPECT_EQ(l.limit(), 16);  // capped at max
  EXPECT_EQ(l.rate_limits_detected(), 5);
}

TEST(ConcurrencyLimiterTest, NonAdaptiveKeepsTheLimit) {
  ConcurrencyLimiter l(4, false);
  ASSERT_TRUE(l.Acquire());
  l.Release(UnitOutcome::kRateLimited);
  EXPECT_EQ(l.limit(), 4);
  EXPECT_EQ(l.rate_limits_detected(), 0);
}

TEST(ConcurrencyLimiterTest, NeverMoreThanTheLimitInFlight) {
  ConcurrencyLimiter l(3, false);
  std::atomic<int> in_flight{0}, peak{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&] {
      ASSERT_TRUE(l.Acquire());
      int now = ++in_flight;
      int p = peak.load();
      while (now > p && !peak.compare_exchange_weak(p, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      --in_flight;
      l.Release(UnitOutcome::kSuccess);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(peak.load(), 3);
  EXPECT_GE(peak.load(), 2);
}

TEST(ConcurrencyLimiterTest, CloseReleasesWaiters) {
  ConcurrencyLimiter l(1, false);
  ASSERT_TRUE(l.Acquire());
  std::thread waiter([&] { EXPECT_FALSE(l.Acquire()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  l.Close();
  waiter.join();
}

TEST(ConcurrencyLimiterTest, RateLimitMarkers) {
  EXPECT_TRUE(IsRateLimitError("HTTP 429 Too Many Requests"));
  EXPECT_TRUE(IsRateLimitError("uc_request_limit_exceeded: slow down"));
  EXPECT_TRUE(IsRateLimitError("rate limit reached"));
  EXPECT_FALSE(IsRateLimitError("syntax error at or near SELECT"));
}

}  // namespace
}  // namespace rocky::runtime
