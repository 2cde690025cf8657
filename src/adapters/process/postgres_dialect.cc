#include "adapters/process/postgres_dialect.h"

#include <fmt/format.h>

#include "adapter_sdk/type_mapper.h"
#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::adapters::process {

Result<std::string> PostgresDialect::CreateTableAs(const sdk::TableRef& target,
                                                   std::string_view select) const {
  auto t = FormatTableRef(target);
  if (!t) return t;
  return fmt::format("DROP TABLE IF EXISTS {0};\nCREATE TABLE {0} AS\n{1}", *t, select);
}

Result<std::optional<std::string>> PostgresDialect::CreateSchemaSql(std::string_view catalog,
                                                                    std::string_view schema) const {
  if (!catalog.empty())
    if (auto ok = sql::ValidateIdentifier(catalog); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateIdentifier(schema); !ok) return std::unexpected(ok.error());
  return fmt::format("CREATE SCHEMA IF NOT EXISTS {}", schema);
}

Result<std::string> PostgresDialect::DescribeTableSql(const sdk::TableRef& ref) const {
  if (auto t = FormatTableRef(ref); !t) return t;
  // Bare identifiers: PostgreSQL stores them folded to lower case.
  return fmt::format(
      "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE "
      "table_schema = '{}' AND table_name = '{}' ORDER BY ordinal_position",
      ToLower(ref.schema), ToLower(ref.table));
}

bool PostgresDialect::CanAlter(std::string_view from, std::string_view to) const {
  return sdk::IsSafeWidening(from, to);
}

std::optional<std::string> PostgresDialect::TablesampleClause(double percent) const {
  return fmt::format("TABLESAMPLE BERNOULLI ({})", percent);
}

Result<std::string> PostgresDialect::MergeInto(
    const sdk::TableRef& target, std::string_view source_sql, const std::vector<std::string>& keys,
    const std::optional<std::vector<std::string>>& update_columns,
    const std::vector<std::string>& target_columns) const {
  return MergeIntoColumnLists(target, source_sql, keys, update_columns, target_columns);
}

Result<std::vector<sdk::Statement>> PostgresDialect::InsertOverwritePartition(
    const sdk::TableRef& target, std::string_view filter, std::string_view select) const {
  auto remove = DeleteWhere(target, filter);
  if (!remove) return std::unexpected(remove.error());
  auto insert = InsertInto(target, {}, select);
  if (!insert) return std::unexpected(insert.error());
  return std::vector<sdk::Statement>{
      {"partition", target.FullName(), *remove + ";\n" + *insert, true}};
}

Result<std::string> PostgresDialect::CreateMaterializedView(const sdk::TableRef& target,
                                                            std::string_view select) const {
  auto t = FormatTableRef(target);
  if (!t) return t;
  return fmt::format("DROP MATERIALIZED VIEW IF EXISTS {0};\nCREATE MATERIALIZED VIEW {0} AS\n{1}",
                     *t, select);
}

sdk::StrategySupport PostgresDialect::SupportsStrategy(std::string_view strategy) const {
  for (std::string_view s :
       {"full_refresh", "view", "materialized_view", "ephemeral", "incremental", "merge",
        "delete_insert", "time_interval", "microbatch"})
    if (strategy == s) return sdk::StrategySupport::kSupported;
  return sdk::StrategySupport::kUnsupported;
}

std::string PostgresDialect::TypeSql(std::string_view type) const {
  auto shape = sdk::ParseTypeShape(type);
  if (!shape) return std::string(type);
  struct Rename {
    std::string_view rocky, postgres;
  };
  static constexpr Rename kRenames[] = {
      {"DOUBLE", "DOUBLE PRECISION"}, {"FLOAT", "REAL"}, {"TINYINT", "SMALLINT"}, {"BLOB", "BYTEA"},
      {"HUGEINT", "NUMERIC(38, 0)"},
  };
  std::string base = shape->base;
  for (const auto& r : kRenames)
    if (shape->params.empty() && base == r.rocky) return std::string(r.postgres);
  if (shape->params.empty()) return base;
  std::vector<std::string> params;
  for (int p : shape->params) params.push_back(std::to_string(p));
  return fmt::format("{}({})", base, Join(params, ", "));
}

const sdk::SqlDialect& PostgresSqlDialect() {
  static const PostgresDialect dialect;
  return dialect;
}

}  // namespace rocky::adapters::process
