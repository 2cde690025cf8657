#include "adapters/databricks/databricks_warehouse.h"

#include "adapter_sdk/cell_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "base/log.h"
#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::adapters::databricks {

namespace {

using sdk::ParseIntCell;
using sdk::ParseDoubleCell;

// `<catalog>.information_schema` (or the current catalog's when the ref has none).
Result<std::string> InformationSchema(std::string_view catalog) {
  if (catalog.empty()) return std::string("information_schema");
  if (auto ok = sql::ValidateIdentifier(catalog); !ok) return std::unexpected(ok.error());
  return std::string(catalog) + ".information_schema";
}

}  // namespace

sdk::Value ConvertCell(const std::optional<std::string>& cell, const StatementColumn& column) {
  if (!cell) return std::monostate{};
  const std::string type = ToUpper(column.type_name);
  const std::string& text = *cell;
  if (type == "BOOLEAN") {
    if (EqualsIgnoreCase(text, "true")) return true;
    if (EqualsIgnoreCase(text, "false")) return false;
    return text;
  }
  if (type == "BYTE" || type == "SHORT" || type == "INT" || type == "LONG") {
    if (auto v = ParseIntCell(text)) return *v;
    return text;
  }
  if (type == "FLOAT" || type == "DOUBLE") {
    if (auto v = ParseDoubleCell(text)) return *v;
    return text;
  }
  if (type == "DECIMAL") {
    if (auto v = ParseIntCell(text)) return *v;
    if (auto v = ParseDoubleCell(text)) return *v;
    return text;
  }
  return text;
}

DatabricksWarehouse::DatabricksWarehouse(std::unique_ptr<DatabricksApi> api)
    : api_(std::move(api)), statements_(*api_) {}

Result<StatementResult> DatabricksWarehouse::Run(std::string_view sql, bool idempotent) {
  return statements_.Execute(sql, idempotent);
}

Result<sdk::ExecResult> DatabricksWarehouse::ExecuteStatement(const sdk::Statement& statement) {
  auto result = Run(statement.sql, statement.idempotent);
  if (!result) return std::unexpected(sdk::InStatement(std::move(result.error()), statement));
  sdk::ExecResult out;
  out.statement_id = result->statement_id;
  if (auto col = result->Column("num_affected_rows"); col && !result->rows.empty()) {
    const auto& cell = result->rows[0][*col];
    if (cell) out.rows_affected = ParseIntCell(*cell);
  }
  return out;
}

Result<sdk::QueryResult> DatabricksWarehouse::ExecuteQuery(std::string_view sql) {
  auto result = Run(sql, true);
  if (!result) return std::unexpected(std::move(result.error()));
  std::vector<std::string> names;
  for (const StatementColumn& c : result->columns) names.push_back(c.name);
  return sdk::TypedRows(std::move(names), result->rows,
                        [&](const std::optional<std::string>& cell, size_t i) {
                          return ConvertCell(cell, result->columns[i]);
                        });
}

Result<std::vector<sdk::ExecResult>> DatabricksWarehouse::ExecuteUnit(
    const std::vector<sdk::Statement>& statements, bool transactional) {
  if (transactional && statements.size() > 1)
    LogDebug("databricks: a unit of {} statements runs in order, not as one transaction",
             statements.size());
  std::vector<sdk::ExecResult> out;
  for (const sdk::Statement& s : statements) {
    auto done = ExecuteStatement(s);
    if (!done) return std::unexpected(std::move(done.error()));
    out.push_back(std::move(*done));
  }
  return out;
}

Result<std::vector<sdk::ColumnInfo>> DatabricksWarehouse::DescribeTable(const sdk::TableRef& ref) {
  auto info = InformationSchema(ref.catalog);
  if (!info) return std::unexpected(info.error());
  if (auto ok = sql::ValidateIdentifier(ref.schema); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateIdentifier(ref.table); !ok) return std::unexpected(ok.error());
  auto rows = ExecuteQuery(fmt::format(
      "SELECT column_name, full_data_type, is_nullable FROM {}.columns WHERE table_schema = {} "
      "AND table_name = {} ORDER BY ordinal_position",
      *info, Literal(ToLower(ref.schema)), Literal(ToLower(ref.table))));
  if (!rows) return std::unexpected(std::move(rows.error()).With("while describing " + ref.FullName()));
  std::vector<sdk::ColumnInfo> out;
  for (const auto& row : rows->rows)
    out.push_back({sdk::ValueToString(row.at(0)), ToUpper(sdk::ValueToString(row.at(1))),
                   !EqualsIgnoreCase(sdk::ValueToString(row.at(2)), "NO")});
  return out;
}

Result<std::map<std::string, std::vector<sdk::ColumnInfo>>> DatabricksWarehouse::DescribeSchema(
    std::string_view catalog, std::string_view schema) {
  auto info = InformationSchema(catalog);
  if (!info) return std::unexpected(info.error());
  if (auto ok = sql::ValidateIdentifier(schema); !ok) return std::unexpected(ok.error());
  auto rows = ExecuteQuery(fmt::format(
      "SELECT table_name, column_name, full_data_type, is_nullable FROM {}.columns WHERE "
      "table_schema = {} ORDER BY table_name, ordinal_position",
      *info, Literal(ToLower(schema))));
  if (!rows) return std::unexpected(std::move(rows.error()));
  std::map<std::string, std::vector<sdk::ColumnInfo>> out;
  for (const auto& row : rows->rows)
    out[sdk::ValueToString(row.at(0))].push_back(
        {sdk::ValueToString(row.at(1)), ToUpper(sdk::ValueToString(row.at(2))),
         !EqualsIgnoreCase(sdk::ValueToString(row.at(3)), "NO")});
  return out;
}

Result<DatabricksWarehouse::SchemaRows> DatabricksWarehouse::QuerySchemas(
    std::string_view catalog, const std::vector<std::string>& schemas,
    std::string_view select_from, std::string_view rest) {
  auto info = InformationSchema(catalog);
  if (!info) return std::unexpected(info.error());
  SchemaRows out;
  std::vector<std::string> literals;
  for (const std::string& schema : schemas) {
    if (auto ok = sql::ValidateIdentifier(schema); !ok) return std::unexpected(ok.error());
    if (out.given.emplace(ToLower(schema), schema).second)
      literals.push_back(Literal(ToLower(schema)));
  }
  if (literals.empty()) return out;
  auto rows = ExecuteQuery(fmt::format("SELECT table_schema, {} WHERE table_schema IN ({}){}",
                                       fmt::format(fmt::runtime(select_from), *info),
                                       Join(literals, ", "), rest));
  if (!rows) return std::unexpected(std::move(rows.error()));
  out.rows = std::move(*rows);
  return out;
}

const std::string* DatabricksWarehouse::SchemaRows::SchemaOf(
    const std::vector<sdk::Value>& row) const {
  auto found = given.find(ToLower(sdk::ValueToString(row.at(0))));
  return found == given.end() ? nullptr : &found->second;
}

Result<std::map<std::string, std::map<std::string, std::vector<sdk::ColumnInfo>>>>
DatabricksWarehouse::DescribeSchemas(std::string_view catalog,
                                     const std::vector<std::string>& schemas) {
  auto result = QuerySchemas(
      catalog, schemas, "table_name, column_name, full_data_type, is_nullable FROM {}.columns",
      " ORDER BY table_schema, table_name, ordinal_position");
  if (!result) return std::unexpected(std::move(result.error()));
  std::map<std::string, std::map<std::string, std::vector<sdk::ColumnInfo>>> out;
  for (const auto& row : result->rows.rows)
    if (const std::string* schema = result->SchemaOf(row))
      out[*schema][sdk::ValueToString(row.at(1))].push_back(
          {sdk::ValueToString(row.at(2)), ToUpper(sdk::ValueToString(row.at(3))),
           !EqualsIgnoreCase(sdk::ValueToString(row.at(4)), "NO")});
  return out;
}

Result<std::map<std::string, std::vector<std::string>>> DatabricksWarehouse::ListTablesOf(
    std::string_view catalog, const std::vector<std::string>& schemas) {
  auto result = QuerySchemas(catalog, schemas, "table_name FROM {}.tables",
                             " AND table_type NOT IN ('VIEW', 'MATERIALIZED_VIEW') ORDER BY "
                             "table_schema, table_name");
  if (!result) return std::unexpected(std::move(result.error()));
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& row : result->rows.rows)
    if (const std::string* schema = result->SchemaOf(row))
      out[*schema].push_back(sdk::ValueToString(row.at(1)));
  return out;
}

Result<bool> DatabricksWarehouse::TableExists(const sdk::TableRef& ref) {
  auto info = InformationSchema(ref.catalog);
  if (!info) return std::unexpected(info.error());
  if (auto ok = sql::ValidateIdentifier(ref.schema); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateIdentifier(ref.table); !ok) return std::unexpected(ok.error());
  auto rows = ExecuteQuery(fmt::format(
      "SELECT COUNT(*) FROM {}.tables WHERE table_schema = {} AND table_name = {}", *info,
      Literal(ToLower(ref.schema)), Literal(ToLower(ref.table))));
  if (!rows) return std::unexpected(std::move(rows.error()));
  return !rows->rows.empty() && sdk::ValueToString(rows->rows[0].at(0)) != "0";
}

Result<std::vector<std::string>> DatabricksWarehouse::ListTables(std::string_view catalog,
                                                                 std::string_view schema) {
  auto info = InformationSchema(catalog);
  if (!info) return std::unexpected(info.error());
  if (auto ok = sql::ValidateIdentifier(schema); !ok) return std::unexpected(ok.error());
  // Databricks table types: MANAGED, EXTERNAL, VIEW, MATERIALIZED_VIEW, STREAMING_TABLE, …
  auto rows = ExecuteQuery(fmt::format(
      "SELECT table_name FROM {}.tables WHERE table_schema = {} AND table_type NOT IN ('VIEW', "
      "'MATERIALIZED_VIEW') ORDER BY table_name",
      *info, Literal(ToLower(schema))));
  if (!rows) return std::unexpected(std::move(rows.error()));
  std::vector<std::string> out;
  for (const auto& row : rows->rows) out.push_back(sdk::ValueToString(row.at(0)));
  std::sort(out.begin(), out.end());
  return out;
}

Result<bool> DatabricksWarehouse::SchemaExists(std::string_view catalog, std::string_view schema) {
  auto info = InformationSchema(catalog);
  if (!info) return std::unexpected(info.error());
  if (auto ok = sql::ValidateIdentifier(schema); !ok) return std::unexpected(ok.error());
  auto rows = ExecuteQuery(fmt::format(
      "SELECT COUNT(*) FROM {}.schemata WHERE schema_name = {}", *info, Literal(ToLower(schema))));
  if (!rows) return std::unexpected(std::move(rows.error()));
  return !rows->rows.empty() && sdk::ValueToString(rows->rows[0].at(0)) != "0";
}

Result<std::vector<sdk::TableCount>> DatabricksWarehouse::BatchRowCounts(
    const std::vector<sdk::TableRef>& tables) {
  return sdk::BatchRowCountsWith(
      dialect_, [this](std::string_view sql, std::string_view) { return ExecuteQuery(sql); },
      tables);
}

Result<std::vector<sdk::TableFreshness>> DatabricksWarehouse::BatchFreshness(
    const std::vector<sdk::TableRef>& tables, std::string_view column) {
  return sdk::BatchFreshnessWith(
      dialect_, [this](std::string_view sql, std::string_view) { return ExecuteQuery(sql); },
      tables, column, "STRING");
}

Result<void> DatabricksWarehouse::Ping() {
  auto done = Run("SELECT 1", true);
  if (!done) return std::unexpected(std::move(done.error()));
  return Ok();
}

}  // namespace rocky::adapters::databricks
