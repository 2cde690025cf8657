#pragma once
// The statements the Databricks emulator accepted and the query history over them. They follow
// the life cycle of statement_lifecycle.h: one that must wait (the emulator's pending_polls, or a
// hold matching its text) answers RUNNING to that many polls. A statement submitted with a
// wait_timeout and nothing to wait for is claimed at once by the submit; one that would wait with
// on_wait_timeout = CANCEL is CANCELED at once. Thread-safe.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "emulators/common/statement_table.h"
#include "emulators/databricks/statement_runner.h"

namespace rocky::emulator::databricks {

/// The query history status: QUEUED, RUNNING, FINISHED, FAILED, CANCELED.
const char* HistoryStatusName(StatementState state);

struct StatementRecord : StatementLifecycle {
  std::string id;
  std::string warehouse_id;
  std::string text;  // as submitted (a leading marker comment included)
  std::string catalog;
  std::string schema;
  std::string history_type = "OTHER";
  int64_t submitted_ms = 0;
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

class StatementStore : public StatementTable<StatementRecord> {
 public:
  /// Accepts a statement; `execute_now` tells the caller to run it and call Finish.
  StatementRecord Submit(const SubmitRequest& request, bool& execute_now);
  void Finish(const std::string& id, StatementOutcome outcome);
  HistoryPage History(const HistoryFilter& filter) const;
};

/// A fresh statement id shaped like Databricks' (a UUID).
std::string NewStatementId();

}  // namespace rocky::emulator::databricks
