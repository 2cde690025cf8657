#pragma once
// The limiter replication tasks (and the models of one DAG layer) run under (runtime.md §3):
// at most `limit` units in flight; with adaptive concurrency (AIMD) the limit starts at max,
// grows by 2 (below max/2) or 1 every 10th success, and halves (min 1) on a rate-limit failure.
// Lowering the limit never preempts running units.

#include <condition_variable>
#include <mutex>
#include <string_view>

namespace rocky::runtime {

enum class UnitOutcome { kSuccess, kRateLimited, kFailed };

/// True when an error text (upper-cased) names a rate limit: 429, UC_REQUEST_LIMIT_EXCEEDED,
/// RATE LIMIT or TOO MANY REQUESTS.
bool IsRateLimitError(std::string_view message);

class ConcurrencyLimiter {
 public:
  ConcurrencyLimiter(int max, bool adaptive);

  /// Blocks until a slot is free under the current limit. Returns false when Close() was called.
  bool Acquire();
  /// Frees a slot and feeds the outcome to AIMD.
  void Release(UnitOutcome outcome);
  /// Wakes every waiter; later Acquire() calls return false.
  void Close();

  int limit() const;
  int rate_limits_detected() const;
  bool adaptive() const { return adaptive_; }

 private:
  const int max_;
  const bool adaptive_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  int limit_;
  int in_flight_ = 0;
  int successes_ = 0;
  int rate_limits_ = 0;
  bool closed_ = false;
};

}  // namespace rocky::runtime
