#include "base/throttle.h"

namespace rocky {

namespace {
thread_local ThrottleListener* current = nullptr;
}  // namespace

ScopedThrottleListener::ScopedThrottleListener(ThrottleListener* listener) : previous_(current) {
  current = listener;
}

ScopedThrottleListener::~ScopedThrottleListener() { current = previous_; }

void NoteThrottled() {
  if (current) current->Throttled();
}

bool PacedRetry() {
  if (!current || !current->CanPace()) return false;
  current->WaitBegins();
  current->WaitEnds();
  return true;
}

BackoffWait::BackoffWait() : listener_(current) {
  if (listener_) listener_->WaitBegins();
}

BackoffWait::~BackoffWait() {
  if (listener_) listener_->WaitEnds();
}

}  // namespace rocky
