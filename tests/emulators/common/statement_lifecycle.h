#pragma once
// The life cycle of a statement an emulator accepted, as the Databricks and Snowflake emulators
// share it. A statement is accepted PENDING. One that must wait (the emulator's pending polls, a
// hold matching its text, or what the service's request asked for) stays open for that many
// polls; then the next poll claims it for execution (exactly once: a claimed statement is
// `executing` until Finish) and it ends SUCCEEDED or FAILED. Cancel turns an open statement that
// is not executing into CANCELED; it then never runs. A waiting statement past its deadline is
// TIMED_OUT at its next poll and never runs (Snowflake's `timeout`; Databricks sets no deadline).
// Not thread-safe: the statement table (statement_table.h) guards it.

#include <cstdint>

namespace rocky::emulator {

enum class StatementState { kPending, kRunning, kSucceeded, kFailed, kCanceled, kTimedOut };
/// PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED, TIMED_OUT (the names of Databricks' statement
/// API; the Snowflake emulator uses them in its state endpoint).
const char* StateName(StatementState state);

/// The part of a statement record that follows the life cycle above; records derive from it.
struct StatementLifecycle {
  StatementState state = StatementState::kPending;
  int polls_before_run = 0;  // polls that still answer "not yet" before the statement runs
  int hold_polls = 0;        // polls held by a hold; -1 until cancelled
  bool executing = false;
  int64_t deadline_ms = 0;  // 0: none
  int64_t finished_ms = 0;  // 0 while not terminal

  /// PENDING or RUNNING.
  bool open() const;
  /// Whether it must wait for polls before it runs.
  bool waits() const { return polls_before_run > 0 || hold_polls != 0; }
  /// Claims it for execution now: RUNNING and executing.
  void Claim();
  /// One poll: RUNNING after it (or TIMED_OUT past the deadline); true when this poll claims it.
  bool Poll(int64_t now_ms);
  /// CANCELED when open and not executing; false otherwise (nothing changes).
  bool Cancel(int64_t now_ms);
  /// Ends a claimed statement: FAILED or SUCCEEDED.
  void Finish(bool failed, int64_t now_ms);
};

}  // namespace rocky::emulator
