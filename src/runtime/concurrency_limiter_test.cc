#include "runtime/concurrency_limiter.h"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace rocky::runtime {
namespace {

// One unit ends with `outcome` while every slot is taken (others end without a verdict).
void CompleteSaturated(ConcurrencyLimiter& l, UnitOutcome outcome) {
  std::vector<ConcurrencyLimiter::Slot> held;
  for (int i = l.limit(); i > 0; --i) held.push_back(*l.Acquire());
  l.Release(held.back(), outcome);
  held.pop_back();
  for (auto slot : held) l.Release(slot, UnitOutcome::kNotRun);
}

TEST(ConcurrencyLimiterTest, AimdHalvesOnRateLimitsAndGrowsEveryTenthSuccess) {
  ConcurrencyLimiter l(16, true);
  EXPECT_EQ(l.limit(), 16);
  auto run = [&](UnitOutcome o) { CompleteSaturated(l, o); };
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

TEST(ConcurrencyLimiterTest, SuccessesWithFreeSlotsDoNotGrowTheLimit) {
  ConcurrencyLimiter l(16, true);
  CompleteSaturated(l, UnitOutcome::kRateLimited);
  ASSERT_EQ(l.limit(), 8);
  for (int i = 0; i < 50; ++i) {  // one unit at a time: the limit is never what holds work back
    auto slot = l.Acquire();
    l.Release(*slot, UnitOutcome::kSuccess);
  }
  EXPECT_EQ(l.limit(), 8);
}

TEST(ConcurrencyLimiterTest, ARetriedRateLimitTakesAQuarterOffAndWaitsGiveTheSlotAway) {
  ConcurrencyLimiter l(16, true);
  std::vector<ConcurrencyLimiter::Slot> held;
  for (int i = 0; i < 16; ++i) held.push_back(*l.Acquire());
  l.RateLimited(held[0]);  // answered 429, the adapter will retry
  EXPECT_EQ(l.limit(), 12);
  l.RateLimited(held[1]);  // the same episode: no second decrease
  EXPECT_EQ(l.limit(), 12);
  EXPECT_EQ(l.rate_limits_detected(), 2);

  // held[0] waits out its back-off: its place is free, but 15 > 12 still run.
  l.Suspend(held[0]);
  std::atomic<bool> resumed{false};
  std::thread waiter([&] {
    held[0] = l.Resume(held[0]);
    resumed = true;
  });
  for (int i = 1; i <= 3; ++i) l.Release(held[i], UnitOutcome::kNotRun);  // 12 left
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(resumed);
  l.Release(held[4], UnitOutcome::kNotRun);  // 11 < 12: room
  waiter.join();
  EXPECT_TRUE(resumed);
  l.RateLimited(held[0]);  // resumed under the new generation: news again
  EXPECT_EQ(l.limit(), 9);
}

TEST(ConcurrencyLimiterTest, UnitsThrottledTogetherHalveTheLimitOnce) {
  ConcurrencyLimiter l(32, true);
  std::vector<ConcurrencyLimiter::Slot> burst;
  for (int i = 0; i < 32; ++i) burst.push_back(*l.Acquire());
  for (auto slot : burst) l.Release(slot, UnitOutcome::kRateLimited);
  EXPECT_EQ(l.limit(), 16);  // one signal, not 32 halvings down to 1
  EXPECT_EQ(l.rate_limits_detected(), 32);
  auto later = l.Acquire();  // started after the decrease: a new signal
  l.Release(*later, UnitOutcome::kRateLimited);
  EXPECT_EQ(l.limit(), 8);
  auto idle = l.Acquire();
  l.Release(*idle, UnitOutcome::kNotRun);
  EXPECT_EQ(l.limit(), 8);
}

TEST(ConcurrencyLimiterTest, NonAdaptiveKeepsTheLimit) {
  ConcurrencyLimiter l(4, false);
  auto slot = l.Acquire();
  ASSERT_TRUE(slot);
  l.Release(*slot, UnitOutcome::kRateLimited);
  EXPECT_EQ(l.limit(), 4);
  EXPECT_EQ(l.rate_limits_detected(), 0);
}

TEST(ConcurrencyLimiterTest, NeverMoreThanTheLimitInFlight) {
  ConcurrencyLimiter l(3, false);
  std::atomic<int> in_flight{0}, peak{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&] {
      auto slot = l.Acquire();
      ASSERT_TRUE(slot);
      int now = ++in_flight;
      int p = peak.load();
      while (now > p && !peak.compare_exchange_weak(p, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      --in_flight;
      l.Release(*slot, UnitOutcome::kSuccess);
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
