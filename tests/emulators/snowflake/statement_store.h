#pragma once
// The statements the Snowflake emulator accepted, and requestId de-duplication. They follow the
// life cycle of statement_lifecycle.h: one that must wait (the emulator's pending_polls, a hold
// matching its text, or `async=true`) answers 202 to that many polls; a request with nothing to
// wait for is claimed at once by the submit. A waiting request older than its `timeout` is
// TIMED_OUT at the next poll and never runs. The statements of a multi-statement request become
// records of their own (children) when it finishes.
//
// requestId: a submit with `retry=true` whose requestId was seen before returns the original
// request, in whatever state it is, and runs nothing. Without `retry=true` a repeated requestId
// is a new request (it is what Snowflake's documentation leaves to `retry`). Thread-safe.

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "emulators/common/statement_table.h"
#include "emulators/snowflake/statement_runner.h"

namespace rocky::emulator::snowflake {

struct StatementRecord : StatementLifecycle {
  std::string handle;
  std::string request_id;
  std::string text;  // as submitted
  SessionContext context;
  int multi_statement_count = 1;
  int timeout_secs = 0;  // 0: none
  bool nullable = true;  // false: NULL cells are the string "null"
  int64_t created_ms = 0;
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

class StatementStore : public StatementTable<StatementRecord> {
 public:
  /// Accepts a request, or finds the original of a `retry=true` resubmission (`duplicate`).
  /// `execute_now` tells the caller to run it and call Finish.
  StatementRecord Submit(const SubmitRequest& request, bool& execute_now, bool& duplicate);
  /// Records the outcome of a claimed request.
  void Finish(const std::string& handle, RequestOutcome outcome);

 private:
  std::unordered_map<std::string, std::string> by_request_id_;  // guarded by mu_
};

/// A fresh statement handle shaped like Snowflake's (a UUID).
std::string NewStatementHandle();

}  // namespace rocky::emulator::snowflake
