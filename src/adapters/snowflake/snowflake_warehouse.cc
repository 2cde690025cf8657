#include "adapters/snowflake/snowflake_warehouse.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "adapter_sdk/cell_text.h"
#include "base/strings.h"
#include "base/time.h"
#include "sql/identifier.h"

namespace rocky::adapters::snowflake {

namespace {

// `12345.678900000` (seconds) → whole seconds and microseconds; nullopt when unreadable.
std::optional<std::pair<int64_t, int64_t>> SecondsAndMicros(std::string_view text) {
  const size_t dot = text.find('.');
  auto seconds = sdk::ParseIntCell(text.substr(0, dot));
  if (!seconds) return std::nullopt;
  int64_t micros = 0;
  if (dot != std::string_view::npos) {
    std::string fraction(text.substr(dot + 1, 6));
    fraction.resize(6, '0');
    auto parsed = sdk::ParseIntCell(fraction);
    if (!parsed) return std::nullopt;
    micros = *seconds < 0 && *parsed > 0 ? -*parsed : *parsed;
  }
  return std::make_pair(*seconds, micros);
}

std::string FormatSeconds(std::string_view text, bool date_part) {
  auto parts = SecondsAndMicros(text);
  if (!parts) return std::string(text);
  const Timestamp t{std::chrono::microseconds(parts->first * 1000000 + parts->second)};
  std::string full = SqlTimestampText(t);  // YYYY-MM-DD HH:MM:SS[.ffffff]
  return date_part ? full : full.substr(11);
}

// `<db>.INFORMATION_SCHEMA` for a catalog name (checked), or the session database's.
Result<std::string> InformationSchema(std::string_view catalog) {
  if (catalog.empty()) return std::string("INFORMATION_SCHEMA");
  if (auto ok = sql::ValidateIdentifier(catalog); !ok) return std::unexpected(ok.error());
  return std::string(catalog) + ".INFORMATION_SCHEMA";
}

// NUMBER with precision and scale as `NUMBER(p,s)`; other types as named.
std::string TypeText(const std::vector<sdk::Value>& row, size_t type, size_t precision,
                     size_t scale) {
  std::string name = ToUpper(sdk::ValueToString(row.at(type)));
  if (name == "NUMBER" && !sdk::IsNull(row.at(precision)))
    return fmt::format("NUMBER({},{})", sdk::ValueToString(row.at(precision)),
                       sdk::IsNull(row.at(scale)) ? "0" : sdk::ValueToString(row.at(scale)));
  return name;
}

}  // namespace

sdk::Value ConvertSnowflakeCell(const std::optional<std::string>& cell,
                                const SnowflakeColumn& column) {
  if (!cell) return std::monostate{};
  const std::string& text = *cell;
  const std::string& type = column.type;
  if (type == "fixed") {
    if (column.scale == 0)
      if (auto v = sdk::ParseIntCell(text)) return *v;
    if (auto v = sdk::ParseDoubleCell(text)) return *v;
    return text;
  }
  if (type == "real" || type == "float" || type == "double") {
    if (auto v = sdk::ParseDoubleCell(text)) return *v;
    return text;
  }
  if (type == "boolean") {
    if (text == "true" || text == "1") return true;
    if (text == "false" || text == "0") return false;
    return text;
  }
  if (type == "date") {
    auto days = sdk::ParseIntCell(text);
    if (!days) return text;
    const Timestamp t{std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::days(*days))};
    return SqlTimestampText(t).substr(0, 10);
  }
  if (type == "timestamp_ntz" || type == "timestamp_ltz" || type == "timestamp_tz")
    return FormatSeconds(std::string_view(text).substr(0, text.find(' ')), true);
  if (type == "time") return FormatSeconds(text, false);
  return text;
}

SnowflakeWarehouse::SnowflakeWarehouse(std::unique_ptr<SnowflakeApi> api)
    : api_(std::move(api)), statements_(*api_) {}

Result<sdk::ExecResult> SnowflakeWarehouse::ExecuteStatement(const sdk::Statement& statement) {
  auto result = statements_.Execute(statement.sql);
  if (!result) return std::unexpected(sdk::InStatement(std::move(result.error()), statement));
  return sdk::ExecResult{result->rows_affected, result->handle};
}

Result<sdk::QueryResult> SnowflakeWarehouse::ExecuteQuery(std::string_view sql) {
  auto result = statements_.Execute(sql);
  if (!result) return std::unexpected(std::move(result.error()));
  std::vector<std::string> names;
  for (const SnowflakeColumn& c : result->columns) names.push_back(c.name);
  return sdk::TypedRows(std::move(names), result->rows,
                        [&](const std::optional<std::string>& cell, size_t i) {
                          return ConvertSnowflakeCell(cell, result->columns[i]);
                        });
}

Result<std::vector<sdk::ExecResult>> SnowflakeWarehouse::ExecuteUnit(
    const std::vector<sdk::Statement>& statements, bool transactional) {
  std::vector<std::string> sql;
  for (const auto& s : statements) sql.push_back(s.sql);
  auto results = statements_.ExecuteUnit(sql, transactional);
  if (!results) return std::unexpected(std::move(results.error()));
  std::vector<sdk::ExecResult> out;
  for (auto& r : *results) out.push_back({r.rows_affected, r.handle});
  return out;
}

const std::string* SnowflakeWarehouse::SchemaRows::SchemaOf(
    const std::vector<sdk::Value>& row) const {
  auto found = given.find(ToUpper(sdk::ValueToString(row.at(0))));
  return found == given.end() ? nullptr : &found->second;
}

Result<SnowflakeWarehouse::SchemaRows> SnowflakeWarehouse::QuerySchemas(
    std::string_view catalog, const std::vector<std::string>& schemas, std::string_view select,
    std::string_view view, std::string_view rest) {
  auto info = InformationSchema(catalog);
  if (!info) return std::unexpected(info.error());
  SchemaRows out;
  std::vector<std::string> literals;
  for (const std::string& schema : schemas) {
    if (auto ok = sql::ValidateIdentifier(schema); !ok) return std::unexpected(ok.error());
    if (out.given.emplace(ToUpper(schema), schema).second)
      literals.push_back(Literal(ToUpper(schema)));
  }
  if (literals.empty()) return out;
  auto rows = ExecuteQuery(fmt::format("SELECT TABLE_SCHEMA, {} FROM {}.{} WHERE TABLE_SCHEMA IN "
                                       "({}){}",
                                       select, *info, view, Join(literals, ", "), rest));
  if (!rows) return std::unexpected(std::move(rows.error()));
  out.rows = std::move(*rows);
  return out;
}

Result<std::map<std::string, std::map<std::string, std::vector<sdk::ColumnInfo>>>>
SnowflakeWarehouse::DescribeSchemas(std::string_view catalog,
                                    const std::vector<std::string>& schemas) {
  auto result = QuerySchemas(
      catalog, schemas,
      "TABLE_NAME, COLUMN_NAME, DATA_TYPE, IS_NULLABLE, NUMERIC_PRECISION, NUMERIC_SCALE",
      "COLUMNS", " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION");
  if (!result) return std::unexpected(std::move(result.error()));
  std::map<std::string, std::map<std::string, std::vector<sdk::ColumnInfo>>> out;
  for (const auto& row : result->rows.rows)
    if (const std::string* schema = result->SchemaOf(row))
      out[*schema][sdk::ValueToString(row.at(1))].push_back(
          {sdk::ValueToString(row.at(2)), TypeText(row, 3, 5, 6),
           !EqualsIgnoreCase(sdk::ValueToString(row.at(4)), "NO")});
  return out;
}

Result<std::map<std::string, std::vector<sdk::ColumnInfo>>> SnowflakeWarehouse::DescribeSchema(
    std::string_view catalog, std::string_view schema) {
  auto all = DescribeSchemas(catalog, {std::string(schema)});
  if (!all) return std::unexpected(std::move(all.error()));
  auto found = all->find(std::string(schema));
  if (found == all->end()) return std::map<std::string, std::vector<sdk::ColumnInfo>>{};
  return std::move(found->second);
}

Result<std::vector<sdk::ColumnInfo>> SnowflakeWarehouse::DescribeTable(const sdk::TableRef& ref) {
  if (auto ok = sql::ValidateIdentifier(ref.table); !ok) return std::unexpected(ok.error());
  auto tables = DescribeSchema(ref.catalog, ref.schema);
  if (!tables) return std::unexpected(std::move(tables.error()));
  for (auto& [name, columns] : *tables)
    if (EqualsIgnoreCase(name, ref.table)) return std::move(columns);
  return std::vector<sdk::ColumnInfo>{};
}

Result<std::map<std::string, std::vector<std::string>>> SnowflakeWarehouse::ListTablesOf(
    std::string_view catalog, const std::vector<std::string>& schemas) {
  auto result = QuerySchemas(catalog, schemas, "TABLE_NAME", "TABLES",
                             " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME");
  if (!result) return std::unexpected(std::move(result.error()));
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& row : result->rows.rows)
    if (const std::string* schema = result->SchemaOf(row))
      out[*schema].push_back(sdk::ValueToString(row.at(1)));
  return out;
}

Result<std::vector<std::string>> SnowflakeWarehouse::ListTables(std::string_view catalog,
                                                                std::string_view schema) {
  auto all = ListTablesOf(catalog, {std::string(schema)});
  if (!all) return std::unexpected(std::move(all.error()));
  auto found = all->find(std::string(schema));
  std::vector<std::string> out = found == all->end() ? std::vector<std::string>{} : found->second;
  std::sort(out.begin(), out.end());
  return out;
}

Result<bool> SnowflakeWarehouse::SchemaExists(std::string_view catalog, std::string_view schema) {
  auto info = InformationSchema(catalog);
  if (!info) return std::unexpected(info.error());
  if (auto ok = sql::ValidateIdentifier(schema); !ok) return std::unexpected(ok.error());
  auto rows = ExecuteQuery(fmt::format("SELECT COUNT(*) FROM {}.SCHEMATA WHERE SCHEMA_NAME = {}",
                                       *info, Literal(ToUpper(schema))));
  if (!rows) return std::unexpected(std::move(rows.error()));
  return !rows->rows.empty() && sdk::ValueToString(rows->rows[0].at(0)) != "0";
}

Result<std::vector<sdk::TableCount>> SnowflakeWarehouse::BatchRowCounts(
    const std::vector<sdk::TableRef>& tables) {
  return sdk::BatchRowCountsWith(
      dialect_, [this](std::string_view sql, std::string_view) { return ExecuteQuery(sql); },
      tables);
}

Result<std::vector<sdk::TableFreshness>> SnowflakeWarehouse::BatchFreshness(
    const std::vector<sdk::TableRef>& tables, std::string_view column) {
  return sdk::BatchFreshnessWith(
      dialect_, [this](std::string_view sql, std::string_view) { return ExecuteQuery(sql); },
      tables, column, "VARCHAR");
}

}  // namespace rocky::adapters::snowflake
