#include "runtime/concurrency_limiter.h"

#include <algorithm>

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

bool ConcurrencyLimiter::Acquire() {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return closed_ || in_flight_ < limit_; });
  if (closed_) return false;
  ++in_flight_;
  return true;
}

void ConcurrencyLimiter::Release(UnitOutcome outcome) {
  {
    std::lock_guard lock(mutex_);
    --in_flight_;
    if (adaptive_) {
      if (outcome == UnitOutcome::kSuccess) {
        if (++successes_ % 10 == 0 && limit_ < max_)
          limit_ = std::min(max_, limit_ + (limit_ < max_ / 2 ? 2 : 1));
      } else if (outcome == UnitOutcome::kRateLimited) {
        successes_ = 0;
        ++rate_limits_;
        limit_ = std::max(limit_ / 2, 1);
      }
    }
  }
  cv_.notify_all();
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
