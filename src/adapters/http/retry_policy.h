#pragma once
// How remote adapters retry (config.md §3 `[adapter.NAME.retry]`): exponential backoff with
// jitter, `Retry-After` honoured, and a circuit breaker that stops hammering a service that keeps
// failing. Which failures are transient, and whether a retry is safe, is the adapter's call.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "base/error.h"
#include "base/http.h"

namespace rocky::adapters::http {

struct RetryPolicy {
  int64_t max_retries = 3;  // retries after the first attempt
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{30000};
  double multiplier = 2.0;
  bool jitter = true;  // ±25 % uniform

  /// The delay before retry `attempt` (1 = the first retry): initial × multiplier^(attempt−1),
  /// capped at max_backoff, then jittered. `rng` may be null when jitter is off.
  std::chrono::milliseconds Backoff(int64_t attempt, std::mt19937_64* rng) const;
  /// Backoff, or `retry_after` when the server asked for longer, capped at 300 s (runtime.md §4).
  std::chrono::milliseconds Delay(int64_t attempt, std::mt19937_64* rng,
                                  std::optional<std::chrono::milliseconds> retry_after) const;
};

/// Waits between retries: the policy's delay for the attempt, or a longer Retry-After (capped
/// at 300 s), slept as a BackoffWait (base/throttle.h) so adaptive concurrency gives the unit's
/// slot away meanwhile. Thread-safe.
class RetrySleeper {
 public:
  using Sleep = std::function<void(std::chrono::milliseconds)>;
  RetrySleeper(const RetryPolicy& policy, Sleep sleep);
  void Wait(int64_t attempt, std::optional<std::chrono::milliseconds> at_least = std::nullopt);

 private:
  const RetryPolicy& policy_;
  Sleep sleep_;
  std::mutex mu_;  // guards rng_
  std::mt19937_64 rng_{std::random_device{}()};
};

/// `Retry-After` of a response as a delay: delta-seconds or an HTTP-date (RFC 9110), counted
/// from `now`; nullopt when absent or unreadable. Negative dates give zero.
std::optional<std::chrono::milliseconds> RetryAfter(
    const HttpResponse& response,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

/// Consecutive transient failures (`threshold`, 0 = never) open the breaker: calls fail at once
/// for `cooldown`, then one probe goes through (half-open); its success closes the breaker, its
/// failure opens it again. Thread-safe.
class CircuitBreaker {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  CircuitBreaker(std::string name, int64_t threshold, std::chrono::seconds cooldown,
                 Clock clock = nullptr);

  /// Ok when a call may go out. Otherwise an error (retryable = false):
  /// `circuit breaker open for NAME after N consecutive transient failures; next attempt in Ns`.
  Result<void> Allow();
  void RecordSuccess();
  void RecordTransientFailure();
  bool open() const;

 private:
  std::chrono::steady_clock::time_point Now() const;

  std::string name_;
  int64_t threshold_;
  std::chrono::seconds cooldown_;
  Clock clock_;
  mutable std::mutex mu_;
  int64_t failures_ = 0;
  bool open_ = false;
  bool probing_ = false;
  std::chrono::steady_clock::time_point opened_at_{};
};

/// The shared handling of a transient HTTP answer (429, 502, 503, 504) by the REST adapters:
/// 429 and 503 tell adaptive concurrency to back off (base/throttle.h); every status but 429 (a
/// healthy service asking for less, not an outage) counts toward `breaker`; `retry_after` gets
/// the answer's Retry-After. A 429 naming none is paced by the lowered concurrency limit rather
/// than slept (at most kMaxPacedRetries per call, counted in `paced`): then it returns true and
/// the caller retries at once without counting an attempt. Otherwise the caller backs off.
inline constexpr int kMaxPacedRetries = 10;
bool PacedAfterTransient(int status, const HttpResponse& response, CircuitBreaker& breaker,
                         int& paced, std::optional<std::chrono::milliseconds>& retry_after);

}  // namespace rocky::adapters::http
