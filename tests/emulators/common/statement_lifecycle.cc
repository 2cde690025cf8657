#include "emulators/common/statement_lifecycle.h"

namespace rocky::emulator {

const char* StateName(StatementState state) {
  switch (state) {
    case StatementState::kPending:
      return "PENDING";
    case StatementState::kRunning:
      return "RUNNING";
    case StatementState::kSucceeded:
      return "SUCCEEDED";
    case StatementState::kFailed:
      return "FAILED";
    case StatementState::kCanceled:
      return "CANCELED";
    case StatementState::kTimedOut:
      return "TIMED_OUT";
  }
  return "PENDING";
}

bool StatementLifecycle::open() const {
  return state == StatementState::kPending || state == StatementState::kRunning;
}

void StatementLifecycle::Claim() {
  executing = true;
  state = StatementState::kRunning;
}

bool StatementLifecycle::Poll(int64_t now_ms) {
  if (!open() || executing) return false;
  if (deadline_ms > 0 && now_ms >= deadline_ms) {
    state = StatementState::kTimedOut;
    finished_ms = now_ms;
    return false;
  }
  state = StatementState::kRunning;
  if (hold_polls != 0) {
    if (hold_polls > 0) --hold_polls;
  } else if (polls_before_run > 0) {
    --polls_before_run;
  } else {
    Claim();
    return true;
  }
  return false;
}

bool StatementLifecycle::Cancel(int64_t now_ms) {
  if (!open() || executing) return false;
  state = StatementState::kCanceled;
  finished_ms = now_ms;
  return true;
}

void StatementLifecycle::Finish(bool failed, int64_t now_ms) {
  executing = false;
  finished_ms = now_ms;
  state = failed ? StatementState::kFailed : StatementState::kSucceeded;
}

}  // namespace rocky::emulator
