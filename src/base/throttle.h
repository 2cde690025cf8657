#pragma once
// Rate-limit signals for adaptive concurrency (runtime.md §3). A remote adapter calls on the
// thread making the call:
//   NoteThrottled()        when the service answers 429 (or 503, overloaded), even if its own
//                          retry then succeeds, so the concurrency limit shrinks at once;
//   BackoffWait            around the sleep before a retry, so the unit's slot serves another
//                          unit meanwhile (a unit waiting out a back-off has nothing in flight);
//   PacedRetry()           after a 429 that names no Retry-After: instead of sleeping, wait
//                          until the (just lowered) limit has room again, which paces the retry
//                          to what the service takes now. False when there is no limiter to
//                          wait on, or it cannot go lower: then sleep as usual.
// The runner installs a ThrottleListener on each worker thread for the unit it runs; without
// one, both are no-ops. Adapter calls are synchronous on the unit's thread.

namespace rocky {

class ThrottleListener {
 public:
  virtual ~ThrottleListener() = default;
  virtual void Throttled() = 0;
  virtual void WaitBegins() = 0;
  virtual void WaitEnds() = 0;
  /// Whether waiting for room under the limit can stand in for a back-off sleep.
  virtual bool CanPace() = 0;
};

/// Installs `listener` for this thread until destroyed (then restores the previous one).
class ScopedThrottleListener {
 public:
  explicit ScopedThrottleListener(ThrottleListener* listener);
  ~ScopedThrottleListener();
  ScopedThrottleListener(const ScopedThrottleListener&) = delete;
  ScopedThrottleListener& operator=(const ScopedThrottleListener&) = delete;

 private:
  ThrottleListener* previous_;
};

void NoteThrottled();
bool PacedRetry();

/// Marks a back-off sleep: WaitBegins on construction, WaitEnds on destruction.
class BackoffWait {
 public:
  BackoffWait();
  ~BackoffWait();
  BackoffWait(const BackoffWait&) = delete;
  BackoffWait& operator=(const BackoffWait&) = delete;

 private:
  ThrottleListener* listener_;
};

}  // namespace rocky
