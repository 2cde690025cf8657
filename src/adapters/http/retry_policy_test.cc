#include "adapters/http/retry_policy.h"

#include <gtest/gtest.h>

namespace rocky::adapters::http {
namespace {

using namespace std::chrono_literals;

TEST(RetryPolicyTest, ExponentialBackoffIsCappedAndJittered) {
  RetryPolicy p{.max_retries = 5, .initial_backoff = 1000ms, .max_backoff = 5000ms,
                .multiplier = 2.0, .jitter = false};
  EXPECT_EQ(p.Backoff(1, nullptr), 1000ms);
  EXPECT_EQ(p.Backoff(2, nullptr), 2000ms);
  EXPECT_EQ(p.Backoff(3, nullptr), 4000ms);
  EXPECT_EQ(p.Backoff(4, nullptr), 5000ms);  // capped

  p.jitter = true;
  std::mt19937_64 rng(7);
  bool below = false, above = false;
  for (int i = 0; i < 200; ++i) {
    auto d = p.Backoff(2, &rng);
    EXPECT_GE(d, 1500ms);
    EXPECT_LE(d, 2500ms);
    below |= d < 2000ms;
    above |= d > 2000ms;
  }
  EXPECT_TRUE(below && above) << "±25 % both ways";
}

TEST(RetryPolicyTest, RetryAfterSecondsOrHttpDate) {
  HttpResponse r;
  EXPECT_EQ(RetryAfter(r), std::nullopt);
  r.headers = {{"retry-after", " 3 "}};
  EXPECT_EQ(RetryAfter(r), 3000ms);
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // 06 Nov 1994 08:49:37
  r.headers = {{"Retry-After", "Sun, 06 Nov 1994 08:49:47 GMT"}};
  EXPECT_EQ(RetryAfter(r, now), 10000ms);
  r.headers = {{"Retry-After", "Sun, 06 Nov 1994 08:49:00 GMT"}};
  EXPECT_EQ(RetryAfter(r, now), 0ms);
  r.headers = {{"Retry-After", "soon"}};
  EXPECT_EQ(RetryAfter(r, now), std::nullopt);
}

TEST(CircuitBreakerTest, OpensAfterThresholdThenProbesAfterCooldown) {
  auto now = std::chrono::steady_clock::time_point{};
  CircuitBreaker b("adapter 'dbx'", 3, 30s, [&] { return now; });
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(b.Allow());
    b.RecordTransientFailure();
  }
  EXPECT_FALSE(b.open());
  b.RecordTransientFailure();
  EXPECT_TRUE(b.open());
  auto refused = b.Allow();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "circuit breaker open for adapter 'dbx' after 3 consecutive transient failures; "
            "next attempt in 30s");
  EXPECT_FALSE(refused.error().retryable);

  now += 31s;
  EXPECT_TRUE(b.Allow());   // the half-open probe
  EXPECT_FALSE(b.Allow());  // only one at a time
  b.RecordTransientFailure();
  EXPECT_TRUE(b.open());    // the probe failed: open again
  now += 31s;
  EXPECT_TRUE(b.Allow());
  b.RecordSuccess();
  EXPECT_FALSE(b.open());
  EXPECT_TRUE(b.Allow());

  CircuitBreaker off("x", 0, 30s);
  for (int i = 0; i < 10; ++i) off.RecordTransientFailure();
  EXPECT_TRUE(off.Allow());
}

}  // namespace
}  // namespace rocky::adapters::http
