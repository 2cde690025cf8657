#pragma once
// The statements the emulator accepted, their life cycle, and requestId de-duplication.
//
// Life cycle: a request is accepted PENDING. One that must wait (the emulator's pending_polls,
// a hold matching its text, or `async=true`) answers 202 to that many polls; then the next poll
// claims it for execution (exactly once: a claimed statement is `executing` until Finish) and it
// ends SUCCEEDED or FAILED. A request with nothing to wait for is claimed at once by the submit.
// Cancel turns a PENDING or RUNNING request that is not executing into CANCELED; it then never
// runs. A waiting request older than its `timeout` is TIMED_OUT at the next poll and never runs.
// The statements of a multi-statement request become records of their own (children) when it
// finishes.
//
// requestId: a submit with `retry=true` whose requestId was seen before returns the original
// request, in whatever state it is, and runs nothing. Without `retry=true` a repeated requestId
// is a new request (it is what Snowflake's documentation leaves to `retry`). Thread-safe.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/error.h"
#include "emulators/snowflake/statement_runner.h"

namespace rocky::emulator::snowflake {

enum class StatementState { kPending, kRunning, kSucceeded, kFailed, kCanceled, kTimedOut };
/// PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED, TIMED_OUT.
const char* StateName(StatementState state);

struct StatementRecord {
  std::string handle;
  std::string request_id;
  std::string text;  // as submitted
  SessionContext context;
  int multi_statement_count = 1;
  int timeout_secs = 0;  // 0: none
  bool nullable = true;  // false: NULL cells are the string "null"
  int64_t created_ms = 0;
  int64_t finished_ms = 0;  // 0 while not terminal
  StatementState state = StatementState::kPending;
  int polls_before_run = 0;  // polls that still answer 202
  int hold_polls = 0;        // polls held by a hold; -1 until cancelled
  bool executing = false;
  size_t partition_rows = 1000;
  bool multi = false;
  std::string parent;                 // children: the multi-statement request
  std::vector<std::string> children;  // a multi-statement request's statements, once run
  /// Set when terminal by execution. Shared because snapshots handed to request handlers outlive
  /// the lock; the outcome never changes once set.
  std::shared_ptr<const StatementOutcome> outcome;
};

struct SubmitRequest {
  std::string request_id;  // "" = none
  bool retry = false;
  bool async = false;
  std::string text;
  SessionContext context;
  int multi_statement_count = 1;
  int timeout_secs = 0;
  bool nullable = true;
  int pending_polls = 0;
  size_t partition_rows = 1000;
};

class StatementStore {
 public:
  /// Accepts a request, or finds the original of a `retry=true` resubmission (`duplicate`).
  /// `execute_now` tells the caller to run it and call Finish.
  StatementRecord Submit(const SubmitRequest& request, bool& execute_now, bool& duplicate);
  /// A poll: the snapshot after it; `execute_now` as for Submit. nullopt for an unknown handle.
  std::optional<StatementRecord> Poll(const std::string& handle, bool& execute_now);
  /// Records the outcome of a claimed request.
  void Finish(const std::string& handle, RequestOutcome outcome);
  std::optional<StatementRecord> Get(const std::string& handle) const;

  enum class CancelResult { kUnknown, kCanceled, kAlreadyDone };
  CancelResult Cancel(const std::string& handle);
  /// Handles cancelled by Cancel, in order.
  std::vector<std::string> cancelled() const;

  /// Holds the next `count` requests whose text matches `match` (regex_search) for `polls` polls
  /// (-1: until cancelled). Fails on a bad regex.
  Result<void> AddHold(const std::string& match, int polls, int count);
  void ClearHolds();

  /// Every record, in the order they were made.
  std::vector<StatementRecord> Snapshot() const;

 private:
  struct Hold {
    std::regex pattern;
    int polls = -1;
    int count = 1;
  };
  mutable std::mutex mu_;
  std::vector<std::string> order_;
  std::unordered_map<std::string, StatementRecord> statements_;
  std::unordered_map<std::string, std::string> by_request_id_;
  std::vector<Hold> holds_;
  std::vector<std::string> cancelled_;
};

/// A fresh statement handle shaped like Snowflake's (a UUID).
std::string NewStatementHandle();

}  // namespace rocky::emulator::snowflake
