#pragma once
// Runs SQL through the Statement Execution API (adapters.md §3) to a terminal state, exactly
// once: submit with wait_timeout + CONTINUE; poll on the spec's schedule until the statement
// timeout, then cancel; read every chunk. A non-idempotent statement carries a marker comment
// `/* rocky:<uuid> */`; when its submit fails ambiguously (a timeout or a dropped connection
// after sending, a gateway error), the query history is searched for the marker (twice, 5 s
// apart) and a found statement is adopted instead of being sent again.

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/databricks/databricks_api.h"

namespace rocky::adapters::databricks {

struct StatementColumn {
  std::string name;
  std::string type_name;  // BOOLEAN, INT, LONG, DECIMAL, STRING, TIMESTAMP, …
  std::string type_text;  // the full type as SQL spells it: decimal(10,2), timestamp_ntz
};

struct StatementResult {
  std::string statement_id;
  std::vector<StatementColumn> columns;
  /// Cells as the API sends them: strings, or nullopt for NULL.
  std::vector<std::vector<std::optional<std::string>>> rows;

  /// The column's index by name (case-insensitive), or nullopt.
  std::optional<size_t> Column(std::string_view name) const;
};

/// The poll delays of adapters.md §3: 100, 200, 500, 1000, 2000, 2000, 4000, then 5000 ms.
std::chrono::milliseconds PollDelay(size_t poll);

/// FAILED messages that mean "try again" (adapters.md §3, upper-cased substrings).
bool IsTransientFailure(std::string_view message);

class StatementClient {
 public:
  explicit StatementClient(DatabricksApi& api) : api_(api) {}

  /// Runs `sql` and reads its whole result. Errors (kAdapter): `statement <id> failed: <msg>`,
  /// `statement <id> timed out after Ns (cancelled)`, `statement <id> was canceled`,
  /// `statement <id> result is truncated`, or the API error.
  Result<StatementResult> Execute(std::string_view sql, bool idempotent);

  /// Cancels every statement in flight (SIGINT); they then fail as canceled.
  void CancelAll();

 private:
  /// `sent_at`: when the submit that was accepted went out (or the statement was adopted from
  /// the query history): the statement timeout counts from there, not from a failed attempt.
  Result<Json> Submit(const std::string& text, bool idempotent, const std::string& marker,
                      std::chrono::steady_clock::time_point& sent_at);
  Result<std::optional<std::string>> FindInHistory(const std::string& marker, int64_t since_ms);
  Result<Json> WaitForTerminal(Json response, std::chrono::steady_clock::time_point submitted);
  Result<StatementResult> ReadResult(const Json& response);
  void Cancel(const std::string& id);

  DatabricksApi& api_;
  std::mutex mu_;
  std::set<std::string> in_flight_;
};

}  // namespace rocky::adapters::databricks
