#include "adapter_sdk/warehouse_adapter.h"

#include "base/strings.h"

namespace rocky::sdk {

Result<bool> WarehouseAdapter::TableExists(const TableRef& ref) {
  auto cols = DescribeTable(ref);
  if (!cols) return std::unexpected(cols.error());
  return !cols->empty();
}

Result<std::map<std::string, std::vector<ColumnInfo>>> WarehouseAdapter::DescribeSchema(
    std::string_view catalog, std::string_view schema) {
  auto tables = ListTables(catalog, schema);
  if (!tables) return std::unexpected(std::move(tables.error()));
  std::map<std::string, std::vector<ColumnInfo>> out;
  for (const std::string& table : *tables) {
    auto columns = DescribeTable({std::string(catalog), std::string(schema), table});
    if (!columns) return std::unexpected(std::move(columns.error()));
    out[table] = std::move(*columns);
  }
  return out;
}

Result<std::map<std::string, std::map<std::string, std::vector<ColumnInfo>>>>
WarehouseAdapter::DescribeSchemas(std::string_view catalog,
                                  const std::vector<std::string>& schemas) {
  std::map<std::string, std::map<std::string, std::vector<ColumnInfo>>> out;
  for (const std::string& schema : schemas) {
    auto tables = DescribeSchema(catalog, schema);
    if (!tables) return std::unexpected(tables.error());
    out[schema] = std::move(*tables);
  }
  return out;
}

Result<std::map<std::string, std::vector<std::string>>> WarehouseAdapter::ListTablesOf(
    std::string_view catalog, const std::vector<std::string>& schemas) {
  std::map<std::string, std::vector<std::string>> out;
  for (const std::string& schema : schemas) {
    auto tables = ListTables(catalog, schema);
    if (!tables) return std::unexpected(tables.error());
    out[schema] = std::move(*tables);
  }
  return out;
}

Result<bool> WarehouseAdapter::SchemaExists(std::string_view catalog, std::string_view schema) {
  std::string sql = "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '" +
                    SqlQuote(schema) + "'";
  if (!catalog.empty()) sql += " AND catalog_name = '" + SqlQuote(catalog) + "'";
  auto r = ExecuteQuery(sql);
  if (!r) return std::unexpected(r.error());
  if (r->rows.empty() || r->rows[0].empty()) return false;
  return ValueToString(r->rows[0][0]) != "0";
}

Result<void> WarehouseAdapter::Ping() {
  auto r = ExecuteQuery("SELECT 1");
  if (!r) return std::unexpected(r.error());
  return Ok();
}

Result<std::string> WarehouseAdapter::Explain(std::string_view sql) {
  auto r = ExecuteQuery("EXPLAIN " + std::string(sql));
  if (!r) return std::unexpected(r.error());
  std::string text;
  for (const auto& row : r->rows) {
    for (const auto& cell : row) {
      text += ValueToString(cell);
      text += '\n';
    }
  }
  return text;
}

}  // namespace rocky::sdk
