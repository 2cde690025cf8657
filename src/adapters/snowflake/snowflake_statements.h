#pragma once
// Runs SQL through the Snowflake SQL API v2 (adapters.md §4) to a terminal state, exactly once:
// every submit carries a `requestId`; when it fails in a way that may have reached the server (a
// read timeout, a dropped connection, 504), it is sent again with the same requestId and
// `retry=true`, which Snowflake answers with the first submission's statement instead of running
// it twice. 202 → polls on the spec's schedule until the statement timeout, then cancel; every
// partition is read and concatenated in order; 422 is the statement's failure.
// Multi-statement requests (`MULTI_STATEMENT_COUNT`) run transactional units in one request.

#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/snowflake/snowflake_api.h"

namespace rocky::adapters::snowflake {

struct SnowflakeColumn {
  std::string name;
  std::string type;  // lower-case rowType type: fixed, real, text, boolean, date, timestamp_ntz…
  int64_t scale = 0;
  bool nullable = true;
};

struct SnowflakeResult {
  std::string handle;
  std::vector<SnowflakeColumn> columns;
  /// Cells as the API sends them (jsonv2): strings, or nullopt for NULL.
  std::vector<std::vector<std::optional<std::string>>> rows;
  /// The sum of `stats` counts, when the answer has stats (DML).
  std::optional<int64_t> rows_affected;
  /// A multi-statement request's children, in order.
  std::vector<std::string> child_handles;

  std::optional<size_t> Column(std::string_view name) const;
};

/// The poll delays of adapters.md §4: 100, 200, 500, 1000, then 2000 ms.
std::chrono::milliseconds SnowflakePollDelay(size_t poll);

/// Failure messages that mean "try again" (upper-cased: THROTTL, TEMPORARILY_UNAVAILABLE,
/// TIMEOUT).
bool IsTransientSnowflakeFailure(std::string_view message);

class SnowflakeStatements {
 public:
  explicit SnowflakeStatements(SnowflakeApi& api) : api_(api) {}

  /// Runs `sql` (`count` > 1: that many `;`-separated statements in one request) and reads the
  /// whole result. Errors (kAdapter): `statement <handle> failed: <message> (code C, SQLSTATE
  /// S)`, `statement <handle> timed out after Ns (cancelled)`, or the API error.
  Result<SnowflakeResult> Execute(std::string_view sql, int count = 1);

  /// Runs `statements` as one request; `transactional` wraps them as
  /// `ALTER SESSION SET TRANSACTION_ABORT_ON_ERROR = TRUE; BEGIN; …; COMMIT;` so a failure
  /// leaves nothing behind. Returns the results of `statements` (not of the wrapping).
  Result<std::vector<SnowflakeResult>> ExecuteUnit(const std::vector<std::string>& statements,
                                                  bool transactional);

  /// Cancels every statement in flight (SIGINT); they then fail as canceled.
  void CancelAll();

 private:
  Result<SnowflakeAnswer> Submit(std::string_view sql, int count,
                                 std::chrono::steady_clock::time_point& accepted_at);
  Result<SnowflakeAnswer> WaitForTerminal(SnowflakeAnswer answer,
                                          std::chrono::steady_clock::time_point accepted_at);
  Result<SnowflakeResult> ReadResult(const Json& body);
  Result<SnowflakeResult> FetchChild(const std::string& handle);
  void Cancel(const std::string& handle);

  SnowflakeApi& api_;
  std::mutex mu_;
  std::set<std::string> in_flight_;
};

}  // namespace rocky::adapters::snowflake
