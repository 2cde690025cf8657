#pragma once
// Runs the SQL of a Snowflake SQL API request on the emulator's embedded DuckDB and shapes the
// outcome as the API reports it: typed columns (rowType) and jsonv2 cells, the DML counts and
// stats, a status row for DDL, or an error with a Snowflake code and SQLSTATE.
//
// A request holds one statement, or with MULTI_STATEMENT_COUNT ≠ 1 several separated by `;`
// (their number must be the count, unless it is 0). They run in order in one session: USE and
// ALTER SESSION carry over to the statements after them, and BEGIN … COMMIT is a DuckDB
// transaction. The first failure stops the request; a transaction still open then (or at the
// end of the request) is rolled back, so a failed `BEGIN; …; COMMIT;` leaves nothing behind.
// Transaction control, USE and ALTER SESSION are accepted only in multi-statement requests.
//
// Concurrency: one DuckDB connection and one request at a time (a mutex), so the session state
// of a request holds while it runs.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"
#include "emulators/common/embedded_duckdb.h"
#include "emulators/snowflake/governance.h"
#include "emulators/snowflake/sql_errors.h"
#include "emulators/snowflake/sql_translator.h"
#include "emulators/snowflake/type_mapping.h"

namespace rocky::emulator::snowflake {

/// The context fields and parameters of a submit.
struct SessionContext {
  std::string database;  // "" = the emulator's default database
  std::string schema;    // "" = PUBLIC when the database has it
  std::string warehouse;
  std::string role;
  std::string timezone;  // "" = UTC
  std::string query_tag;
};

struct ResultColumn {
  std::string name;
  SnowflakeType type;
  bool nullable = true;
};

struct DmlStats {
  std::optional<int64_t> inserted;
  std::optional<int64_t> updated;
  std::optional<int64_t> deleted;
  std::optional<int64_t> duplicates;
};

struct StatementOutcome {
  std::string text;  // the statement as submitted
  std::optional<StatementError> error;
  std::vector<ResultColumn> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::optional<DmlStats> stats;
};

struct RequestOutcome {
  bool multi = false;
  /// A single statement's outcome; for a multi-statement request, its summary ("Multiple
  /// statements executed successfully.") or the error of the statement that failed.
  StatementOutcome result;
  /// Multi-statement requests: the statements that ran, in order (the failed one last).
  std::vector<StatementOutcome> children;
};

class StatementRunner {
 public:
  /// Opens the DuckDB database at `path` (a file, or ":memory:") and gives its default database
  /// a PUBLIC schema. `tags` exist from the start.
  static Result<std::unique_ptr<StatementRunner>> Open(const std::string& path,
                                                       std::vector<std::string> tags = {});

  /// Runs the statement text of one request.
  RequestOutcome Run(std::string_view text, const SessionContext& context,
                     int multi_statement_count);

  /// Runs DuckDB SQL as is (tests use it to seed data and count rows).
  Result<sdk::QueryResult> Query(std::string_view duckdb_sql);

  /// Every statement that was executed (each statement of a multi-statement request on its
  /// own), in order, failed ones included.
  std::vector<std::string> executed() const;
  Governance& governance() { return governance_; }
  const Governance& governance() const { return governance_; }
  /// The dynamic tables created, in order.
  std::vector<DynamicTable> dynamic_tables() const;
  const std::string& default_database() const { return duck_->default_catalog(); }

 private:
  struct Session {
    SessionContext context;
    std::string database;  // where the session is
    bool in_transaction = false;
    std::map<std::string, std::string> parameters;  // ALTER SESSION
  };

  StatementRunner(std::unique_ptr<EmbeddedDuckDb> duck, std::vector<std::string> tags)
      : duck_(std::move(duck)), governance_(std::move(tags)) {}

  std::optional<StatementError> EnterSession(Session& session);
  Result<void> SetTimeZone(const std::string& timezone);
  StatementOutcome RunOne(const SqlStatement& st, std::string_view sql, Session& session,
                          bool multi);
  StatementOutcome RunSessionStatement(const Translation& t, Session& session);
  StatementOutcome RunGovernance(const SqlStatement& st, std::string_view sql,
                                 const Session& session);
  StatementOutcome RunDdl(const Translation& t, const SqlStatement& st, std::string_view sql);
  StatementOutcome RunQuery(const std::string& duckdb_sql, const SqlStatement& st,
                            std::string_view sql);
  StatementOutcome RunDescribe(const Translation& t, const SqlStatement& st, std::string_view sql);
  StatementOutcome RunDml(const Translation& t, const SqlStatement& st, std::string_view sql);
  StatementError DuckDbError(std::string_view message, const SqlStatement& st,
                             std::string_view sql);

  std::expected<std::string, StatementError> Resolve(std::string_view type,
                                                     const std::vector<std::string>& parts);
  std::vector<std::string> List(std::string_view container_type, std::string_view container,
                                bool views);
  std::string CurrentName(std::string_view function);

  std::unique_ptr<EmbeddedDuckDb> duck_;
  Governance governance_;
  mutable std::mutex mu_;  // one request at a time; guards what follows
  std::vector<std::string> executed_;
  std::vector<DynamicTable> dynamic_tables_;
  std::string timezone_ = "UTC";  // DuckDB's TimeZone setting
};

/// Result builders shared by the runner's parts.
/// The outcome of a statement that failed with `error`.
StatementOutcome Failed(StatementError error);
/// One TEXT column `name` with one row per value.
StatementOutcome TextResult(std::string_view name, const std::vector<std::string>& values);
/// The DML result of `kind` with its row counts and stats.
StatementOutcome DmlResult(StatementKind kind, int64_t affected, int64_t inserted = 0);
/// Snowflake's name for a DuckDB result column: expressions upper-cased, count_star() as
/// COUNT(*); plain names (as the catalog or an alias spells them) kept.
std::string ColumnName(std::string_view duckdb_name);

}  // namespace rocky::emulator::snowflake
