#include "adapters/http/retry_policy.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "base/strings.h"
#include "base/throttle.h"

namespace rocky::adapters::http {

std::chrono::milliseconds RetryPolicy::Backoff(int64_t attempt, std::mt19937_64* rng) const {
  const double base = static_cast<double>(initial_backoff.count()) *
                      std::pow(multiplier, static_cast<double>(std::max<int64_t>(0, attempt - 1)));
  double delay = std::min(base, static_cast<double>(max_backoff.count()));
  if (jitter && rng) {
    std::uniform_real_distribution<double> spread(0.75, 1.25);
    delay *= spread(*rng);
  }
  return std::chrono::milliseconds(static_cast<int64_t>(std::max(0.0, delay)));
}

std::chrono::milliseconds RetryPolicy::Delay(
    int64_t attempt, std::mt19937_64* rng,
    std::optional<std::chrono::milliseconds> retry_after) const {
  const auto delay = Backoff(attempt, rng);
  if (!retry_after) return delay;
  return std::min<std::chrono::milliseconds>(std::max(delay, *retry_after),
                                             std::chrono::seconds(300));
}

bool PacedAfterTransient(int status, const HttpResponse& response, CircuitBreaker& breaker,
                         int& paced, std::optional<std::chrono::milliseconds>& retry_after) {
  if (status == 429 || status == 503) NoteThrottled();
  if (status != 429) breaker.RecordTransientFailure();
  retry_after = RetryAfter(response);
  if (status == 429 && !retry_after && paced < kMaxPacedRetries && PacedRetry()) {
    ++paced;
    return true;
  }
  return false;
}

RetrySleeper::RetrySleeper(const RetryPolicy& policy, Sleep sleep)
    : policy_(policy), sleep_(std::move(sleep)) {}

void RetrySleeper::Wait(int64_t attempt, std::optional<std::chrono::milliseconds> at_least) {
  std::chrono::milliseconds delay;
  {
    std::lock_guard lock(mu_);
    delay = policy_.Delay(attempt, &rng_, at_least);
  }
  BackoffWait waiting;
  sleep_(delay);
}

namespace {

// `Sun, 06 Nov 1994 08:49:37 GMT` (the IMF-fixdate form every server sends today).
std::optional<std::chrono::system_clock::time_point> ParseHttpDate(const std::string& text) {
  std::tm tm{};
  const char* end = ::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(::timegm(&tm));
}

}  // namespace

std::optional<std::chrono::milliseconds> RetryAfter(const HttpResponse& response,
                                                    std::chrono::system_clock::time_point now) {
  const std::string* header = response.FindHeader("Retry-After");
  if (!header) return std::nullopt;
  const std::string value(Trim(*header));
  if (!value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
        return c >= '0' && c <= '9';
      })) {
    if (value.size() > 9) return std::nullopt;
    return std::chrono::seconds(std::stoll(value));
  }
  auto date = ParseHttpDate(value);
  if (!date) return std::nullopt;
  auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(*date - now);
  return std::max(delay, std::chrono::milliseconds(0));
}

CircuitBreaker::CircuitBreaker(std::string name, int64_t threshold, std::chrono::seconds cooldown,
                               Clock clock)
    : name_(std::move(name)), threshold_(threshold), cooldown_(cooldown), clock_(std::move(clock)) {}

std::chrono::steady_clock::time_point CircuitBreaker::Now() const {
  return clock_ ? clock_() : std::chrono::steady_clock::now();
}

Result<void> CircuitBreaker::Allow() {
  std::lock_guard lock(mu_);
  if (!open_) return Ok();
  const auto now = Now();
  if (now - opened_at_ >= cooldown_ && !probing_) {
    probing_ = true;  // half-open: this call is the probe
    return Ok();
  }
  const auto left =
      std::chrono::duration_cast<std::chrono::seconds>(opened_at_ + cooldown_ - now).count();
  return Fail(ErrorKind::kAdapter,
              "circuit breaker open for {} after {} consecutive transient failures; next attempt "
              "in {}s",
              name_, failures_, std::max<int64_t>(left, 0));
}

void CircuitBreaker::RecordSuccess() {
  std::lock_guard lock(mu_);
  failures_ = 0;
  open_ = false;
  probing_ = false;
}

void CircuitBreaker::RecordTransientFailure() {
  std::lock_guard lock(mu_);
  ++failures_;
  if (threshold_ <= 0) return;
  if (probing_ || failures_ >= threshold_) {
    open_ = true;
    probing_ = false;
    opened_at_ = Now();
  }
}

bool CircuitBreaker::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

}  // namespace rocky::adapters::http
