#pragma once
// The warehouse role: execute SQL, describe relations, manage schemas. Implementations are
// thread-safe: the runtime calls one adapter from several workers.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/sql_dialect.h"
#include "adapter_sdk/types.h"
#include "base/error.h"

namespace rocky::sdk {

class WarehouseAdapter {
 public:
  virtual ~WarehouseAdapter() = default;

  virtual const SqlDialect& Dialect() const = 0;
  virtual Result<ExecResult> ExecuteStatement(const Statement& statement) = 0;
  /// Runs a query and reads every row.
  virtual Result<QueryResult> ExecuteQuery(std::string_view sql) = 0;
  /// Runs statements in order; `transactional` makes them one unit (all or nothing).
  virtual Result<std::vector<ExecResult>> ExecuteUnit(const std::vector<Statement>& statements,
                                                      bool transactional) = 0;
  /// Columns in table order; empty when the table does not exist.
  virtual Result<std::vector<ColumnInfo>> DescribeTable(const TableRef& ref) = 0;
  /// Every table of a schema with its columns. The default is ListTables, then DescribeTable
  /// for each table; a warehouse that can answers in one metadata query.
  virtual Result<std::map<std::string, std::vector<ColumnInfo>>> DescribeSchema(
      std::string_view catalog, std::string_view schema);
  /// DescribeSchema for several schemas of one catalog: schema → table → columns (a schema
  /// with no tables may be absent). The default asks each schema in turn; a remote warehouse
  /// answers them in one metadata query, which saves a round trip per schema.
  virtual Result<std::map<std::string, std::map<std::string, std::vector<ColumnInfo>>>>
  DescribeSchemas(std::string_view catalog, const std::vector<std::string>& schemas);
  virtual Result<bool> TableExists(const TableRef& ref);
  /// Base tables of a schema, sorted by name.
  virtual Result<std::vector<std::string>> ListTables(std::string_view catalog,
                                                      std::string_view schema) = 0;
  /// ListTables for several schemas of one catalog: schema → tables (a schema with none may
  /// be absent). The default asks each in turn; a remote warehouse answers in one query.
  virtual Result<std::map<std::string, std::vector<std::string>>> ListTablesOf(
      std::string_view catalog, const std::vector<std::string>& schemas);
  /// Whether the schema exists. The default asks `information_schema.schemata` (catalog_name,
  /// schema_name), which DuckDB answers; remote warehouses override it.
  virtual Result<bool> SchemaExists(std::string_view catalog, std::string_view schema);
  /// Fails when `catalog` cannot hold tables on this warehouse (DuckDB: not an attached
  /// database). The default accepts every catalog.
  virtual Result<void> CheckCatalog(std::string_view catalog) { return Ok(); }
  /// `SELECT 1` by default.
  virtual Result<void> Ping();
  virtual Result<std::string> Explain(std::string_view sql);
  /// Cancels statements in flight (best effort).
  virtual void CancelAll() {}
  virtual void Close() {}
};

}  // namespace rocky::sdk
