#include "adapters/duckdb/duckdb_warehouse.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::adapters::duckdb {

namespace {

std::string Quote(std::string_view text) { return fmt::format("'{}'", SqlQuote(text)); }

std::string TextCell(const sdk::Value& v) { return sdk::ValueToString(v); }

sdk::ColumnInfo ColumnFrom(const std::vector<sdk::Value>& row, size_t first) {
  return {TextCell(row[first]), TextCell(row[first + 1]), TextCell(row[first + 2]) == "YES"};
}

Result<void> ValidateSchemaRef(std::string_view catalog, std::string_view schema) {
  if (!catalog.empty())
    if (auto ok = sql::ValidateIdentifier(catalog); !ok) return ok;
  return sql::ValidateIdentifier(schema);
}

std::string SchemaName(std::string_view catalog, std::string_view schema) {
  return catalog.empty() ? std::string(schema) : fmt::format("{}.{}", catalog, schema);
}

}  // namespace

DuckDbWarehouseAdapter::DuckDbWarehouseAdapter(std::shared_ptr<DuckDbDatabase> database)
    : database_(std::move(database)) {}

std::string DuckDbWarehouseAdapter::CatalogPredicate(std::string_view column,
                                                     std::string_view catalog) {
  if (catalog.empty()) return fmt::format("{} = current_database()", column);
  return fmt::format("lower({}) = lower({})", column, Quote(catalog));
}

Result<sdk::ExecResult> DuckDbWarehouseAdapter::ExecuteStatement(const sdk::Statement& statement) {
  return database_->Execute(statement);
}

Result<sdk::QueryResult> DuckDbWarehouseAdapter::ExecuteQuery(std::string_view sql) {
  return database_->Query(sql);
}

Result<std::vector<sdk::ExecResult>> DuckDbWarehouseAdapter::ExecuteUnit(
    const std::vector<sdk::Statement>& statements, bool transactional) {
  return database_->ExecuteUnit(statements, transactional);
}

Result<std::vector<sdk::ColumnInfo>> DuckDbWarehouseAdapter::DescribeTable(
    const sdk::TableRef& ref) {
  auto name = dialect_.FormatTableRef(ref);
  if (!name) return std::unexpected(name.error());
  std::string sql = fmt::format(
      "SELECT column_name, data_type, is_nullable\nFROM information_schema.columns\n"
      "WHERE {} AND lower(table_schema) = lower({}) AND lower(table_name) = lower({})\n"
      "ORDER BY ordinal_position",
      CatalogPredicate("table_catalog", ref.catalog), Quote(ref.schema), Quote(ref.table));
  auto result = database_->Query(sql, "describe_table");
  if (!result) return Fail(std::move(result.error()).With("while describing table " + *name));
  std::vector<sdk::ColumnInfo> columns;
  for (const auto& row : result->rows) columns.push_back(ColumnFrom(row, 0));
  return columns;
}

Result<std::map<std::string, std::vector<sdk::ColumnInfo>>> DuckDbWarehouseAdapter::DescribeSchema(
    std::string_view catalog, std::string_view schema) {
  if (auto ok = ValidateSchemaRef(catalog, schema); !ok) return std::unexpected(ok.error());
  std::string sql = fmt::format(
      "SELECT table_name, column_name, data_type, is_nullable\nFROM information_schema.columns\n"
      "WHERE {} AND lower(table_schema) = lower({})\nORDER BY table_name, ordinal_position",
      CatalogPredicate("table_catalog", catalog), Quote(schema));
  auto result = database_->Query(sql, "describe_schema");
  if (!result)
    return Fail(std::move(result.error())
                    .With("while describing the tables of schema " + SchemaName(catalog, schema)));
  std::map<std::string, std::vector<sdk::ColumnInfo>> tables;
  for (const auto& row : result->rows) tables[TextCell(row[0])].push_back(ColumnFrom(row, 1));
  return tables;
}

Result<std::vector<std::string>> DuckDbWarehouseAdapter::ListTables(std::string_view catalog,
                                                                    std::string_view schema) {
  if (auto ok = ValidateSchemaRef(catalog, schema); !ok) return std::unexpected(ok.error());
  std::string sql = fmt::format(
      "SELECT table_name\nFROM information_schema.tables\n"
      "WHERE {} AND lower(table_schema) = lower({}) AND table_type = 'BASE TABLE'\n"
      "ORDER BY table_name",
      CatalogPredicate("table_catalog", catalog), Quote(schema));
  auto result = database_->Query(sql, "list_tables");
  if (!result)
    return Fail(std::move(result.error())
                    .With("while listing the tables of schema " + SchemaName(catalog, schema)));
  std::vector<std::string> names;
  for (const auto& row : result->rows) names.push_back(TextCell(row[0]));
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> DuckDbWarehouseAdapter::Explain(std::string_view sql) {
  auto result = database_->Query("EXPLAIN " + std::string(sql), "explain");
  if (!result) return Fail(std::move(result.error()).With("while explaining a query"));
  std::string text;
  for (const auto& row : result->rows) {
    if (row.empty()) continue;
    text += sdk::ValueToString(row.back());
    if (text.empty() || text.back() != '\n') text += '\n';
  }
  return text;
}

void DuckDbWarehouseAdapter::CancelAll() { database_->CancelAll(); }

Result<std::vector<sdk::TableCount>> DuckDbWarehouseAdapter::BatchRowCounts(
    const std::vector<sdk::TableRef>& tables) {
  return sdk::BatchRowCountsWith(dialect_, BatchQuery(), tables);
}

Result<std::vector<sdk::TableFreshness>> DuckDbWarehouseAdapter::BatchFreshness(
    const std::vector<sdk::TableRef>& tables, std::string_view column) {
  return sdk::BatchFreshnessWith(dialect_, BatchQuery(), tables, column, "VARCHAR");
}

sdk::BatchQuery DuckDbWarehouseAdapter::BatchQuery() {
  return [this](std::string_view sql, std::string_view purpose) {
    return database_->Query(sql, purpose);
  };
}

Result<void> DuckDbWarehouseAdapter::CheckCatalog(std::string_view catalog) {
  if (catalog.empty()) return Ok();
  auto r = ExecuteQuery("SELECT COUNT(*) FROM duckdb_databases() WHERE database_name = '" +
                        SqlQuote(catalog) + "'");
  if (!r) return std::unexpected(r.error());
  if (!r->rows.empty() && !r->rows[0].empty() && sdk::ValueToString(r->rows[0][0]) != "0")
    return Ok();
  return Fail(ErrorKind::kConfig, "catalog '{}' is not attached (DuckDB catalog is '{}')", catalog,
              catalog_name());
}

}  // namespace rocky::adapters::duckdb
