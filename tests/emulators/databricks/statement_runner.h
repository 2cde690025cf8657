#pragma once
// Runs Databricks SQL statements on the emulator's embedded DuckDB (through Rocky's DuckDB
// adapter) and shapes the outcome as the statement API reports it: typed columns and string
// cells, the DML counts (num_affected_rows, num_inserted_rows), or a FAILED error whose message
// carries a Databricks error class ("[TABLE_OR_VIEW_NOT_FOUND] …").
//
// Concurrency: one DuckDB connection, and one statement at a time (a mutex), so the session state
// set for a statement (USE catalog.schema) holds while it runs.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"
#include "emulators/common/embedded_duckdb.h"
#include "emulators/databricks/governance.h"
#include "emulators/databricks/type_mapping.h"

namespace rocky::emulator::databricks {

struct ResultColumn {
  std::string name;
  DatabricksType type;
};

struct StatementError {
  std::string error_code = "BAD_REQUEST";  // the ServiceErrorCode
  std::string message;                     // "[CLASS] …"
  std::string sql_state;
};

struct StatementOutcome {
  std::optional<StatementError> error;  // set: the statement FAILED
  bool has_result = false;              // false: DDL and the like (no columns, no rows)
  std::vector<ResultColumn> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::string history_type = "OTHER";  // statement_type for the query history
};

class StatementRunner {
 public:
  /// Opens the DuckDB database at `path` (a file, or ":memory:").
  static Result<std::unique_ptr<StatementRunner>> Open(const std::string& path);

  /// Runs one statement with the session's catalog and schema (empty: the defaults).
  StatementOutcome Run(std::string_view sql, const std::string& catalog, const std::string& schema);

  /// Runs DuckDB SQL as is (tests use it to count rows).
  Result<sdk::QueryResult> Query(std::string_view duckdb_sql);

  /// Whether a catalog (an attached DuckDB database) exists.
  bool CatalogExists(std::string_view catalog);

  /// Every statement Run was given, in order.
  std::vector<std::string> executed() const;
  Governance& governance() { return governance_; }
  const std::string& default_catalog() const { return duck_->default_catalog(); }

 private:
  explicit StatementRunner(std::unique_ptr<EmbeddedDuckDb> duck) : duck_(std::move(duck)) {}

  StatementOutcome RunLocked(std::string_view sql, const std::string& catalog,
                             const std::string& schema);
  StatementOutcome RunQuery(const std::string& sql);
  StatementOutcome RunDescribe(const std::string& sql);
  std::optional<std::string> CheckExists(std::string_view object_type,
                                         const std::vector<std::string>& parts);

  std::unique_ptr<EmbeddedDuckDb> duck_;
  Governance governance_;
  mutable std::mutex mu_;  // one statement at a time; guards executed_
  std::vector<std::string> executed_;
};

/// The FAILED error for a DuckDB error message.
StatementError MapDuckDbError(std::string_view message);

}  // namespace rocky::emulator::databricks
