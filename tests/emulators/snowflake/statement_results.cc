// The result shapes of the statement runner: query results with their rowType, DESCRIBE TABLE,
// DML counts and stats, status rows.
#include <fmt/format.h>

#include <cctype>

#include "base/strings.h"
#include "emulators/snowflake/statement_runner.h"

namespace rocky::emulator::snowflake {

namespace {

std::optional<int64_t> CountOf(const sdk::QueryResult& result) {
  if (result.rows.size() != 1 || result.rows[0].empty()) return std::nullopt;
  if (const auto* n = std::get_if<int64_t>(&result.rows[0][0])) return *n;
  return std::nullopt;
}

}  // namespace

StatementOutcome Failed(StatementError error) {
  StatementOutcome out;
  out.error = std::move(error);
  return out;
}

StatementOutcome TextResult(std::string_view name, const std::vector<std::string>& values) {
  StatementOutcome out;
  out.columns.push_back({std::string(name), TextType(), true});
  for (const auto& v : values) out.rows.push_back({v});
  return out;
}

StatementOutcome DmlResult(StatementKind kind, int64_t affected, int64_t inserted) {
  StatementOutcome out;
  DmlStats stats;
  std::vector<std::pair<std::string, int64_t>> counts;
  switch (kind) {
    case StatementKind::kInsert:
      counts = {{"number of rows inserted", affected}};
      stats.inserted = affected;
      break;
    case StatementKind::kUpdate:
      counts = {{"number of rows updated", affected}, {"number of multi-joined rows updated", 0}};
      stats.updated = affected;
      stats.duplicates = 0;
      break;
    case StatementKind::kDelete:
      counts = {{"number of rows deleted", affected}};
      stats.deleted = affected;
      break;
    default:  // MERGE
      counts = {{"number of rows inserted", inserted},
                {"number of rows updated", affected - inserted}};
      stats.inserted = inserted;
      stats.updated = affected - inserted;
      break;
  }
  std::vector<std::optional<std::string>> row;
  for (auto& [name, value] : counts) {
    out.columns.push_back({name, FixedType(), false});
    row.push_back(std::to_string(value));
  }
  out.rows.push_back(std::move(row));
  out.stats = stats;
  return out;
}

std::string ColumnName(std::string_view name) {
  if (name == "count_star()") return "COUNT(*)";
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '$') return ToUpper(name);
  return std::string(name);
}

StatementOutcome StatementRunner::RunQuery(const std::string& duckdb_sql, const SqlStatement& st,
                                           std::string_view sql) {
  std::vector<ResultColumn> columns;
  std::string to_run = duckdb_sql;
  if (auto described = duck_->Describe(duckdb_sql)) {
    std::vector<std::string> reads;
    bool wrap = false;
    for (const auto& d : *described) {
      ResultColumn column{ColumnName(d.name), MapDuckDbType(d.duckdb_type), true};
      reads.push_back(ReadExpression(column.type.encoding, columns.size() + 1));
      wrap = wrap || column.type.encoding != CellEncoding::kNative;
      columns.push_back(std::move(column));
    }
    if (wrap)
      to_run = fmt::format("SELECT {} FROM (\n{}\n) AS _emulator_q", Join(reads, ", "), duckdb_sql);
  }
  auto result = duck_->Query(to_run);
  if (!result) return Failed(DuckDbError(result.error().message, st, sql));
  if (columns.size() != result->columns.size()) {  // not describable: type by the values
    columns.clear();
    for (size_t c = 0; c < result->columns.size(); ++c) {
      ResultColumn column{ColumnName(result->columns[c]), TextType(), true};
      for (const auto& row : result->rows) {
        if (sdk::IsNull(row[c])) continue;
        if (std::holds_alternative<bool>(row[c])) column.type = MapDuckDbType("BOOLEAN");
        if (std::holds_alternative<int64_t>(row[c])) column.type = FixedType();
        if (std::holds_alternative<double>(row[c])) column.type = MapDuckDbType("DOUBLE");
        break;
      }
      columns.push_back(std::move(column));
    }
  }
  StatementOutcome out;
  out.rows.reserve(result->rows.size());
  for (const auto& row : result->rows) {
    std::vector<std::optional<std::string>> cells;
    cells.reserve(columns.size());
    for (size_t c = 0; c < columns.size(); ++c)
      cells.push_back(RenderCell(row[c], columns[c].type));
    out.rows.push_back(std::move(cells));
  }
  out.columns = std::move(columns);
  return out;
}

StatementOutcome StatementRunner::RunDescribe(const Translation& t, const SqlStatement& st,
                                              std::string_view sql) {
  auto result = duck_->Query(t.duckdb[0]);
  if (!result) return Failed(DuckDbError(result.error().message, st, sql));
  StatementOutcome out;
  for (std::string_view name :
       {"name", "type", "kind", "null?", "default", "primary key", "unique key", "check",
        "expression", "comment", "policy name", "privacy domain"})
    out.columns.push_back({std::string(name), TextType(), true});
  // DuckDB: column_name, column_type, null, key, default, extra
  for (const auto& row : result->rows) {
    auto text = [&](size_t i) -> std::optional<std::string> {
      if (i >= row.size() || sdk::IsNull(row[i])) return std::nullopt;
      return sdk::ValueToString(row[i]);
    };
    out.rows.push_back({text(0), MapDuckDbType(sdk::ValueToString(row[1])).sql_text, "COLUMN",
                        text(2).value_or("YES") == "NO" ? "N" : "Y", text(4),
                        text(3).value_or("") == "PRI" ? "Y" : "N", "N", std::nullopt, std::nullopt,
                        std::nullopt, std::nullopt, std::nullopt});
  }
  return out;
}

StatementOutcome StatementRunner::RunDml(const Translation& t, const SqlStatement& st,
                                         std::string_view sql) {
  std::optional<int64_t> before;
  if (t.kind == StatementKind::kMerge && !t.target.empty()) {
    auto counted = duck_->Query("SELECT count(*) FROM " + t.target);
    if (!counted) return Failed(DuckDbError(counted.error().message, st, sql));
    before = CountOf(*counted);
  }
  int64_t affected = 0;
  if (t.duckdb.size() == 1) {
    auto done = duck_->Execute(t.duckdb[0]);
    if (!done) return Failed(DuckDbError(done.error().message, st, sql));
    affected = done->rows_affected.value_or(0);
  } else {
    auto done = duck_->ExecuteUnit(t.duckdb, /*transactional=*/true);
    if (!done) return Failed(DuckDbError(done.error().message, st, sql));
    affected = done->back().rows_affected.value_or(0);
  }
  int64_t inserted = 0;
  if (before) {
    auto counted = duck_->Query("SELECT count(*) FROM " + t.target);
    if (counted && CountOf(*counted)) inserted = *CountOf(*counted) - *before;
  }
  return DmlResult(t.kind, affected, inserted);
}

}  // namespace rocky::emulator::snowflake
