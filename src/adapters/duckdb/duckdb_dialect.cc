#include "adapters/duckdb/duckdb_dialect.h"

#include <fmt/format.h>

#include "adapter_sdk/type_mapper.h"
#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::adapters::duckdb {

std::optional<std::string> DuckDbDialect::CreateCatalogSql(std::string_view) const {
  return std::nullopt;
}

Result<std::string> DuckDbDialect::DescribeTableSql(const sdk::TableRef& ref) const {
  auto t = FormatTableRef(ref);
  if (!t) return t;
  return "DESCRIBE " + *t;
}

bool DuckDbDialect::CanAlter(std::string_view from, std::string_view to) const {
  return sdk::IsSafeWidening(from, to);
}

Result<std::string> DuckDbDialect::RowHashExpr(const std::vector<std::string>& columns) const {
  if (columns.empty()) return Fail(ErrorKind::kConfig, "a row hash needs at least one column");
  if (auto ok = sql::ValidateIdentifiers(columns); !ok) return std::unexpected(ok.error());
  return fmt::format("md5(CAST(ROW({}) AS VARCHAR))", Join(columns, ", "));
}

std::optional<std::string> DuckDbDialect::TablesampleClause(double percent) const {
  return fmt::format("USING SAMPLE {} PERCENT (bernoulli)", percent);
}

Result<std::vector<sdk::Statement>> DuckDbDialect::InsertOverwritePartition(
    const sdk::TableRef& target, std::string_view filter, std::string_view select) const {
  auto remove = DeleteWhere(target, filter);
  if (!remove) return std::unexpected(remove.error());
  auto insert = InsertInto(target, {}, select);
  if (!insert) return std::unexpected(insert.error());
  std::string name = target.FullName();
  return std::vector<sdk::Statement>{
      {"partition", name, "BEGIN TRANSACTION", true},
      {"partition", name, *remove, true},
      {"partition", name, *insert, false},
      {"partition", name, "COMMIT", true},
  };
}

sdk::StrategySupport DuckDbDialect::SupportsStrategy(std::string_view strategy) const {
  if (strategy == "materialized_view") return sdk::StrategySupport::kFallback;
  if (strategy == "dynamic_table") return sdk::StrategySupport::kUnsupported;
  return sdk::StrategySupport::kSupported;
}

}  // namespace rocky::adapters::duckdb
