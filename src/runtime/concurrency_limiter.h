#pragma once
// The limiter replication tasks (and the models of one DAG layer) run under (runtime.md §3):
// at most `limit` units in flight; with adaptive concurrency (AIMD) the limit starts at max,
// grows by 2 (below max/2) or 1 every 10th success, and halves (min 1) on a rate-limit failure.
// Lowering the limit never preempts running units. A rate-limit answer that the adapter retried
// (RateLimited) takes a quarter off instead of half. Only successes while every slot is taken
// grow the limit. A unit that started before the last decrease
// does not halve the limit again: a burst of throttled units that ran together is one congestion
// signal, not one per unit (as TCP halves once per window), so the limit does not collapse to 1.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>

namespace rocky::runtime {

enum class UnitOutcome {
  kSuccess,
  kRateLimited,  // failed on a rate limit, or throttled (429/503) on the way to its result
  kFailed,
  kNotRun,       // the slot was taken but no unit ran: AIMD ignores it
};

/// True when an error text (upper-cased) names a rate limit: 429, UC_REQUEST_LIMIT_EXCEEDED,
/// RATE LIMIT or TOO MANY REQUESTS.
bool IsRateLimitError(std::string_view message);

class ConcurrencyLimiter {
 public:
  ConcurrencyLimiter(int max, bool adaptive);

  /// A slot in flight; remembers the limit's generation when it was taken.
  struct Slot {
    uint64_t generation = 0;
  };

  /// Blocks until a slot is free under the current limit. nullopt when Close() was called.
  std::optional<Slot> Acquire();
  /// Frees a slot and feeds the outcome to AIMD.
  void Release(Slot slot, UnitOutcome outcome);
  /// A rate-limit answer met by the unit holding `slot` as it happens, which its adapter then
  /// retries: the limit drops by a quarter (once per generation; a unit that *fails* on a rate
  /// limit halves it). The unit's final outcome should then not be kSuccess, which would grow it.
  void RateLimited(Slot slot);
  /// The unit holding `slot` waits out a back-off with nothing in flight: its place serves
  /// another unit until Resume, which waits for room under the limit (or for Close) and takes
  /// it back. The slot keeps its generation.
  void Suspend(Slot slot);
  /// Returns the slot back under the current generation: a rate limit met after this is news.
  Slot Resume(Slot slot);
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
  void RateLimitedLocked(Slot slot, bool failed);

  int rate_limits_ = 0;
  uint64_t generation_ = 0;  // bumped by every decrease
  bool closed_ = false;
};

}  // namespace rocky::runtime
