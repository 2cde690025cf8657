#pragma once
// The warehouse role of a process adapter (adapters.md §6): every operation is one JSON-RPC
// call; the SQL text comes from the dialect the manifest names. Thread-safe: calls are
// serialized by the client.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/sql_dialect.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "adapters/process/process_client.h"

namespace rocky::adapters::process {

class ProcessWarehouse final : public sdk::WarehouseAdapter {
 public:
  /// `client` and `dialect` outlive the warehouse.
  ProcessWarehouse(ProcessAdapterClient& client, const sdk::SqlDialect& dialect)
      : client_(client), dialect_(dialect) {}

  const sdk::SqlDialect& Dialect() const override { return dialect_; }
  /// `execute_statement {sql}`; `rows_affected` when the result carries it.
  Result<sdk::ExecResult> ExecuteStatement(const sdk::Statement& statement) override;
  /// `execute_query {sql}` → {columns, rows}, cells typed from JSON.
  Result<sdk::QueryResult> ExecuteQuery(std::string_view sql) override;
  /// The statements in order, one `execute_statement` each; the first failure stops the unit.
  /// The protocol has no transactions, so `transactional` cannot be honoured (a debug log says
  /// so when it matters).
  Result<std::vector<sdk::ExecResult>> ExecuteUnit(const std::vector<sdk::Statement>& statements,
                                                   bool transactional) override;
  /// `describe_table {catalog, schema, table}`; empty when the table does not exist.
  Result<std::vector<sdk::ColumnInfo>> DescribeTable(const sdk::TableRef& ref) override;
  // DescribeSchema: the SDK's, `list_tables` then `describe_table` for each table (the
  // protocol has no schema-wide describe).
  /// `table_exists` → {exists}.
  Result<bool> TableExists(const sdk::TableRef& ref) override;
  /// `list_tables {catalog, schema}` → {tables}, sorted.
  Result<std::vector<std::string>> ListTables(std::string_view catalog,
                                              std::string_view schema) override;
  /// `information_schema.schemata` through `execute_query` (ANSI); when the adapter cannot
  /// answer that, whether `list_tables` names any table of the schema.
  Result<bool> SchemaExists(std::string_view catalog, std::string_view schema) override;
  /// Healthy while the child runs and follows the protocol (it answered `initialize`): the
  /// protocol has no ping, and `connect` must not depend on the adapter's SQL (adapters.md §6).
  Result<void> Ping() override;
  /// Stops the call in flight by killing the adapter process (the protocol has no cancel);
  /// nothing happens when the adapter is idle.
  void CancelAll() override;

 private:
  ProcessAdapterClient& client_;
  const sdk::SqlDialect& dialect_;
};

}  // namespace rocky::adapters::process
