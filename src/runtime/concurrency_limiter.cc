#include "runtime/concurrency_limiter.h"

#include <algorithm>

#include "base/log.h"
#include "base/strings.h"

namespace rocky::runtime {

bool IsRateLimitError(std::string_view message) {
  std::string up = ToUpper(message);
  for (const char* marker : {"429", "UC_REQUEST_LIMIT_EXCEEDED", "RATE LIMIT", "TOO MANY REQUESTS"})
    if (up.find(marker) != std::string::npos) return true;
  return false;
}

ConcurrencyLimiter::ConcurrencyLimiter(int max, bool adaptive)
    : max_(std::max(1, max)), adaptive_(adaptive), limit_(std::max(1, max)) {}

std::optional<ConcurrencyLimiter::Slot> ConcurrencyLimiter::Acquire() {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return closed_ || in_flight_ < limit_; });
  if (closed_) return std::nullopt;
  ++in_flight_;
  return Slot{generation_};
}

void ConcurrencyLimiter::Release(Slot slot, UnitOutcome outcome) {
  bool grew = false;
  {
    std::lock_guard lock(mutex_);
    // Only a success while every slot was taken shows the limit could be higher: when fewer
    // units run (waiting out back-offs, or the queue running dry) successes prove nothing, and
    // growing on them would let the limit climb far past what the service takes.
    const bool saturated = in_flight_ >= limit_;
    --in_flight_;
    if (adaptive_) {
      if (outcome == UnitOutcome::kSuccess && saturated) {
        if (++successes_ % 10 == 0 && limit_ < max_) {
          limit_ = std::min(max_, limit_ + (limit_ < max_ / 2 ? 2 : 1));
          grew = true;
          LogDebug("adaptive concurrency: limit {}", limit_);
        }
      } else if (outcome == UnitOutcome::kRateLimited) {
        RateLimitedLocked(slot, /*failed=*/true);
      }
    }
  }
  // One slot freed wakes one waiter; a grown limit may have room for several.
  if (grew) cv_.notify_all();
  else cv_.notify_one();
}

void ConcurrencyLimiter::RateLimitedLocked(Slot slot, bool failed) {
  if (!adaptive_) return;
  successes_ = 0;
  ++rate_limits_;
  if (slot.generation != generation_) return;  // started before the last decrease
  // A unit that failed on a rate limit halves the limit (runtime.md §3). A rate-limit answer
  // the adapter then retried is a softer signal, the service's edge rather than an overload:
  // a quarter off, so the limit stays near what the service takes instead of swinging down
  // to half of it each time it probes one above.
  const int lowered = failed ? limit_ / 2 : limit_ - std::max(1, limit_ / 4);
  LogDebug("adaptive concurrency: rate limited, limit {} -> {}", limit_, std::max(lowered, 1));
  limit_ = std::max(lowered, 1);
  ++generation_;
}

void ConcurrencyLimiter::RateLimited(Slot slot) {
  std::lock_guard lock(mutex_);
  RateLimitedLocked(slot, /*failed=*/false);
}

void ConcurrencyLimiter::Suspend(Slot) {
  {
    std::lock_guard lock(mutex_);
    --in_flight_;
  }
  cv_.notify_one();
}

ConcurrencyLimiter::Slot ConcurrencyLimiter::Resume(Slot) {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return closed_ || in_flight_ < limit_; });
  ++in_flight_;  // also when closed: the unit is under way and must finish
  return Slot{generation_};
}

void ConcurrencyLimiter::Close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  cv_.notify_all();
}

int ConcurrencyLimiter::limit() const {
  std::lock_guard lock(mutex_);
  return limit_;
}

int ConcurrencyLimiter::rate_limits_detected() const {
  std::lock_guard lock(mutex_);
  return rate_limits_;
}

}  // namespace rocky::runtime
