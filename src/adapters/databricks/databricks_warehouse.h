#pragma once
// The Databricks warehouse role (adapters.md §1, §3) over the Statement Execution client:
// statements with DML row counts, queries with cells typed by `type_name`, and metadata through
// `<catalog>.information_schema`, as Databricks SQL answers it. Thread-safe.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/batch_checks.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "adapters/databricks/databricks_dialect.h"
#include "adapters/databricks/statement_client.h"

namespace rocky::adapters::databricks {

/// A cell of a JSON_ARRAY result as a Value by its column's `type_name`: BOOLEAN → bool;
/// BYTE/SHORT/INT/LONG → int64; FLOAT/DOUBLE → double; DECIMAL with scale 0 → int64 when it
/// fits, else double; everything else (STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ, complex types,
/// names this build does not know) stays the string the API sent. NULL → monostate.
sdk::Value ConvertCell(const std::optional<std::string>& cell, const StatementColumn& column);

class DatabricksWarehouse final : public sdk::WarehouseAdapter, public sdk::BatchCheckAdapter {
 public:
  explicit DatabricksWarehouse(std::unique_ptr<DatabricksApi> api);

  const sdk::SqlDialect& Dialect() const override { return dialect_; }
  /// `rows_affected` from the `num_affected_rows` column of DML results.
  Result<sdk::ExecResult> ExecuteStatement(const sdk::Statement& statement) override;
  Result<sdk::QueryResult> ExecuteQuery(std::string_view sql) override;
  /// Databricks has no multi-statement transactions: statements run in order and the first
  /// failure stops the unit (`transactional` cannot be honoured and says so in the debug log).
  Result<std::vector<sdk::ExecResult>> ExecuteUnit(const std::vector<sdk::Statement>& statements,
                                                   bool transactional) override;
  /// From `<catalog>.information_schema.columns` (`full_data_type`, `is_nullable`), in
  /// ordinal order; empty when the table does not exist.
  Result<std::vector<sdk::ColumnInfo>> DescribeTable(const sdk::TableRef& ref) override;
  Result<std::map<std::string, std::vector<sdk::ColumnInfo>>> DescribeSchema(
      std::string_view catalog, std::string_view schema) override;
  /// One `information_schema.columns` query for the schemas (`table_schema IN (…)`). Results
  /// key schemas as given.
  Result<std::map<std::string, std::map<std::string, std::vector<sdk::ColumnInfo>>>>
  DescribeSchemas(std::string_view catalog, const std::vector<std::string>& schemas) override;
  Result<bool> TableExists(const sdk::TableRef& ref) override;
  /// Tables that are not views, sorted.
  Result<std::vector<std::string>> ListTables(std::string_view catalog,
                                              std::string_view schema) override;
  Result<std::map<std::string, std::vector<std::string>>> ListTablesOf(
      std::string_view catalog, const std::vector<std::string>& schemas) override;
  Result<bool> SchemaExists(std::string_view catalog, std::string_view schema) override;
  Result<void> Ping() override;
  void CancelAll() override { statements_.CancelAll(); }

  // sdk::BatchCheckAdapter: ≤ 200 tables per UNION ALL, chunks in sequence (adapters.md §3).
  Result<std::vector<sdk::TableCount>> BatchRowCounts(
      const std::vector<sdk::TableRef>& tables) override;
  Result<std::vector<sdk::TableFreshness>> BatchFreshness(const std::vector<sdk::TableRef>& tables,
                                                          std::string_view column) override;

  /// `personal access token` or `OAuth M2M (client_id …)`, for `rocky doctor`.
  std::string CredentialSource() const { return api_->CredentialSource(); }
  /// The client this warehouse runs on, shared with the governance role.
  DatabricksApi& api() { return *api_; }
  StatementClient& statements() { return statements_; }

 private:
  /// Rows of `SELECT table_schema, <select_from> WHERE table_schema IN (<schemas>)<rest>`, where
  /// `select_from` names the view as `{}.columns` (the catalog's information_schema fills `{}`).
  struct SchemaRows {
    std::map<std::string, std::string> given;  // lower-case schema → as the caller gave it
    sdk::QueryResult rows;
    /// The caller's spelling of a row's schema (column 0), or null.
    const std::string* SchemaOf(const std::vector<sdk::Value>& row) const;
  };
  Result<SchemaRows> QuerySchemas(std::string_view catalog, const std::vector<std::string>& schemas,
                                  std::string_view select_from, std::string_view rest);

  Result<StatementResult> Run(std::string_view sql, bool idempotent);
  /// A string literal as Databricks SQL reads it.
  std::string Literal(std::string_view s) const {
    return dialect_.Literal(sdk::LiteralKind::kString, s);
  }

  std::unique_ptr<DatabricksApi> api_;
  StatementClient statements_;
  DatabricksDialect dialect_;
};

}  // namespace rocky::adapters::databricks
