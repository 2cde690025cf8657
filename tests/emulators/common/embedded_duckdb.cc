#include "emulators/common/embedded_duckdb.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "emulators/common/sql_tokens.h"

namespace rocky::emulator {

namespace {

constexpr std::string_view kPurpose = "emulator";

sdk::Statement Plain(std::string_view sql) { return {"emulator", "", std::string(sql), true}; }

}  // namespace

Result<std::unique_ptr<EmbeddedDuckDb>> EmbeddedDuckDb::Open(const std::string& path) {
  adapters::duckdb::DuckDbOptions options;
  options.max_connections = 1;
  auto database = adapters::duckdb::DuckDbDatabase::Open(path, options);
  if (!database) return std::unexpected(database.error());
  if (auto single = (*database)->Query("SET threads = 1", kPurpose); !single)
    return std::unexpected(single.error());
  return std::unique_ptr<EmbeddedDuckDb>(new EmbeddedDuckDb(std::move(*database)));
}

Result<sdk::QueryResult> EmbeddedDuckDb::Query(std::string_view sql) {
  return database_->Query(sql, kPurpose);
}

Result<sdk::ExecResult> EmbeddedDuckDb::Execute(std::string_view sql) {
  return database_->Execute(Plain(sql));
}

Result<std::vector<sdk::ExecResult>> EmbeddedDuckDb::ExecuteUnit(
    const std::vector<std::string>& statements, bool transactional) {
  std::vector<sdk::Statement> unit;
  for (const auto& s : statements) unit.push_back(Plain(s));
  return database_->ExecuteUnit(unit, transactional);
}

bool EmbeddedDuckDb::Exists(const std::string& count_sql) {
  auto result = database_->Query(count_sql, kPurpose);
  return result && result->rows.size() == 1 &&
         std::holds_alternative<int64_t>(result->rows[0][0]) &&
         std::get<int64_t>(result->rows[0][0]) > 0;
}

bool EmbeddedDuckDb::CatalogExists(std::string_view catalog) {
  return Exists(
      fmt::format("SELECT count(*) FROM duckdb_databases() WHERE lower(database_name) = lower({})",
                  QuoteLiteral(catalog)));
}

std::optional<std::vector<DescribedColumn>> EmbeddedDuckDb::Describe(std::string_view query) {
  auto described = database_->Query("DESCRIBE " + std::string(query), kPurpose);
  if (!described) return std::nullopt;
  std::vector<DescribedColumn> out;
  for (const auto& row : described->rows)
    out.push_back({sdk::ValueToString(row[0]), sdk::ValueToString(row[1])});
  return out;
}

Result<void> EmbeddedDuckDb::Use(const std::string& target) {
  if (target == current_use_) return Ok();
  if (auto used = database_->Execute(Plain("USE " + target)); !used) {
    current_use_.clear();
    return std::unexpected(used.error());
  }
  current_use_ = target;
  return Ok();
}

}  // namespace rocky::emulator
