#pragma once
// The statements the emulator accepted, their life cycle, and the query history over them.
//
// Life cycle: a statement is accepted PENDING. One that must wait (the emulator's pending_polls,
// or a hold matching its text) answers RUNNING to that many polls; then the next poll claims it
// for execution (exactly once: a claimed statement is `executing` until Finish) and it ends
// SUCCEEDED or FAILED. A statement submitted with a wait_timeout and nothing to wait for is
// claimed at once by the submit. Cancel turns a PENDING or RUNNING statement that is not
// executing into CANCELED; it is then never executed. Thread-safe.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/error.h"
#include "emulators/databricks/statement_runner.h"

namespace rocky::emulator::databricks {

enum class StatementState { kPending, kRunning, kSucceeded, kFailed, kCanceled };
/// PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED.
const char* StateName(StatementState state);
/// The query history status: QUEUED, RUNNING, FINISHED, FAILED, CANCELED.
const char* HistoryStatusName(StatementState state);

struct StatementRecord {
  std::string id;
  std::string warehouse_id;
  std::string text;  // as submitted (a leading marker comment included)
  std::string catalog;
  std::string schema;
  std::string history_type = "OTHER";
  int64_t submitted_ms = 0;
  int64_t finished_ms = 0;  // 0 while not terminal
  StatementState state = StatementState::kPending;
  int polls_before_run = 0;  // polls that still answer RUNNING
  int hold_polls = 0;        // polls held by a hold; -1 until cancelled
  bool executing = false;
  size_t chunk_rows = 1000;
  std::optional<int64_t> row_limit;
  /// Set when terminal by execution. Shared because snapshots of a record handed to request
  /// handlers outlive the lock; the outcome never changes once set.
  std::shared_ptr<const StatementOutcome> outcome;
};

struct SubmitRequest {
  std::string warehouse_id;
  std::string text;
  std::string catalog;
  std::string schema;
  std::string history_type = "OTHER";
  int wait_timeout_secs = 10;
  bool cancel_on_timeout = false;  // on_wait_timeout = CANCEL
  int pending_polls = 0;
  size_t chunk_rows = 1000;
  std::optional<int64_t> row_limit;
};

struct HistoryFilter {
  std::vector<std::string> warehouse_ids;
  std::vector<std::string> statement_ids;
  std::vector<std::string> statuses;  // history status names
  std::optional<int64_t> start_time_ms;
  std::optional<int64_t> end_time_ms;
  size_t max_results = 100;
  size_t offset = 0;  // from the page token
};

struct HistoryPage {
  std::vector<StatementRecord> queries;  // newest first
  std::optional<size_t> next_offset;
};

class StatementStore {
 public:
  /// Accepts a statement; `execute_now` tells the caller to run it and call Finish.
  StatementRecord Submit(const SubmitRequest& request, bool& execute_now);
  /// A poll: the statement's snapshot after this poll; `execute_now` as for Submit. nullopt for
  /// an unknown id.
  std::optional<StatementRecord> Poll(const std::string& id, bool& execute_now);
  void Finish(const std::string& id, StatementOutcome outcome);
  std::optional<StatementRecord> Get(const std::string& id) const;

  enum class CancelResult { kUnknown, kCanceled, kAlreadyDone };
  CancelResult Cancel(const std::string& id);
  /// Ids cancelled by Cancel, in order.
  std::vector<std::string> cancelled() const;

  /// Holds the next `count` statements whose text matches `match` (regex_search) for `polls`
  /// polls (-1: until cancelled). Fails on a bad regex.
  Result<void> AddHold(const std::string& match, int polls, int count);
  void ClearHolds();

  HistoryPage History(const HistoryFilter& filter) const;

 private:
  struct Hold {
    std::regex pattern;
    int polls = -1;
    int count = 1;
  };
  mutable std::mutex mu_;
  std::vector<std::string> order_;  // ids by submission
  std::unordered_map<std::string, StatementRecord> statements_;
  std::vector<Hold> holds_;
  std::vector<std::string> cancelled_;
};

/// A fresh statement id shaped like Databricks' (a UUID).
std::string NewStatementId();

}  // namespace rocky::emulator::databricks
