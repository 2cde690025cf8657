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

// One line per result row. A plan in one column (Databricks' `plan`) is its text as is; a
// tabular plan (Snowflake's step, id, operation, …, partitionsTotal, bytesAssigned) writes each
// non-empty cell as `column=value`, so the figures keep their names for whoever reads the text.
Result<std::string> WarehouseAdapter::Explain(std::string_view sql) {
  auto r = ExecuteQuery("EXPLAIN " + std::string(sql));
  if (!r) return std::unexpected(r.error());
  const bool named = r->columns.size() > 1;
  std::string text;
  for (const auto& row : r->rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      std::string cell = ValueToString(row[i]);
      if (named && cell.empty()) continue;
      if (!line.empty()) line += named ? "  " : "\n";
      line += named && i < r->columns.size() ? r->columns[i] + "=" + cell : cell;
    }
    text += line;
    text += '\n';
  }
  return text;
}

}  // namespace rocky::sdk
