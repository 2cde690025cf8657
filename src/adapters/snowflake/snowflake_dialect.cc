#include "adapters/snowflake/snowflake_dialect.h"

#include <fmt/format.h>

#include "adapter_sdk/type_mapper.h"
#include "base/strings.h"
#include "sql/dialect.h"
#include "sql/identifier.h"
#include "sql/lexer.h"
#include "sql/parser.h"

namespace rocky::adapters::snowflake {

namespace {

// A '…' literal for a dialect that reads backslash escapes inside strings.
std::string QuoteString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out.push_back(c);
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

// A normalized type's shape, NUMBER read as DECIMAL.
std::optional<sdk::TypeShape> ParseType(std::string_view text) {
  auto shape = sdk::ParseTypeShape(text);
  if (shape && shape->base == "NUMBER") shape->base = "DECIMAL";
  return shape;
}

}  // namespace

std::string SnowflakeDialect::Literal(sdk::LiteralKind kind, std::string_view value) const {
  switch (kind) {
    case sdk::LiteralKind::kTimestamp:
      return QuoteString(value) + "::TIMESTAMP_NTZ";
    case sdk::LiteralKind::kDate:
      return "DATE " + QuoteString(value);
    case sdk::LiteralKind::kNumber:
      return std::string(value);
    case sdk::LiteralKind::kString:
      return QuoteString(value);
  }
  return std::string(value);
}

std::optional<std::string> SnowflakeDialect::CreateCatalogSql(std::string_view catalog) const {
  if (!sql::IsValidIdentifier(catalog)) return std::nullopt;
  return fmt::format("CREATE DATABASE IF NOT EXISTS {}", catalog);
}

Result<std::string> SnowflakeDialect::DescribeTableSql(const sdk::TableRef& ref) const {
  auto t = FormatTableRef(ref);
  if (!t) return t;
  return "DESCRIBE TABLE " + *t;
}

bool SnowflakeDialect::CanAlter(std::string_view from_text, std::string_view to_text) const {
  auto from = ParseType(from_text);
  auto to = ParseType(to_text);
  if (!from || !to || from->base != to->base) return false;
  if (from->base == "DECIMAL") {
    if (from->params.size() > 2 || to->params.size() > 2) return false;
    auto precision = [](const sdk::TypeShape& t) { return t.params.empty() ? 38 : t.params[0]; };
    auto scale = [](const sdk::TypeShape& t) { return t.params.size() < 2 ? 0 : t.params[1]; };
    return scale(*from) == scale(*to) && precision(*to) >= precision(*from);
  }
  if (from->base == "VARCHAR") {
    if (from->params.size() > 1 || to->params.size() > 1) return false;
    if (to->params.empty()) return true;  // unbounded holds any length
    return from->params.size() == 1 && to->params[0] >= from->params[0];
  }
  return false;
}

Result<std::string> SnowflakeDialect::RowHashExpr(const std::vector<std::string>& columns) const {
  if (columns.empty()) return Fail(ErrorKind::kConfig, "a row hash needs at least one column");
  if (auto ok = sql::ValidateIdentifiers(columns); !ok) return std::unexpected(ok.error());
  std::vector<std::string> pairs;
  for (const auto& c : columns) pairs.push_back(fmt::format("'{0}', {0}", c));
  return fmt::format("MD5(TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL({})))", Join(pairs, ", "));
}

std::optional<std::string> SnowflakeDialect::TablesampleClause(double percent) const {
  return fmt::format("SAMPLE ({})", percent);
}

Result<std::string> SnowflakeDialect::MergeInto(
    const sdk::TableRef& target, std::string_view source_sql, const std::vector<std::string>& keys,
    const std::optional<std::vector<std::string>>& update_columns,
    const std::vector<std::string>& target_columns) const {
  return MergeIntoColumnLists(target, source_sql, keys, update_columns, target_columns);
}

Result<std::vector<sdk::Statement>> SnowflakeDialect::InsertOverwritePartition(
    const sdk::TableRef& target, std::string_view filter, std::string_view select) const {
  auto t = FormatTableRef(target);
  if (!t) return std::unexpected(t.error());
  std::string request = fmt::format(
      "BEGIN; DELETE FROM {0} WHERE {1}; INSERT INTO {0} {2}; COMMIT;", *t, filter, select);
  // The adapter sends this with MULTI_STATEMENT_COUNT = 4: the query and the filter must not
  // add, remove or swallow a statement.
  std::vector<sql::Token> tokens;
  std::vector<sql::LexIssue> issues;
  sql::Tokenize(request, sql::SnowflakeDialect(), tokens, issues);
  size_t semicolons = 0;
  for (const auto& tok : tokens)
    if (tok.kind == sql::TokenKind::kSemicolon) ++semicolons;
  if (!issues.empty() || semicolons != 4 ||
      sql::SplitStatements(request, sql::SnowflakeDialect()).size() != 4)
    return Fail(ErrorKind::kConfig,
                "cannot replace a partition of {} in one snowflake request: its query or filter "
                "holds a ';', an unterminated string or a trailing line comment",
                *t);
  return std::vector<sdk::Statement>{{"partition", target.FullName(), std::move(request), true}};
}

sdk::StrategySupport SnowflakeDialect::SupportsStrategy(std::string_view strategy) const {
  for (std::string_view s :
       {"full_refresh", "view", "materialized_view", "dynamic_table", "ephemeral", "incremental",
        "merge", "delete_insert", "time_interval", "microbatch"})
    if (strategy == s) return sdk::StrategySupport::kSupported;
  return sdk::StrategySupport::kUnsupported;
}

Result<std::string> SnowflakeDialect::CreateDynamicTable(const sdk::TableRef& target,
                                                         std::string_view target_lag,
                                                         std::string_view warehouse,
                                                         std::string_view select) const {
  auto t = FormatTableRef(target);
  if (!t) return t;
  if (auto ok = sql::ValidateIdentifier(warehouse); !ok) return std::unexpected(ok.error());
  std::string_view lag = Trim(target_lag);
  if (lag.empty()) return Fail(ErrorKind::kConfig, "the dynamic table {} needs a target_lag", *t);
  std::string lag_sql = EqualsIgnoreCase(lag, "DOWNSTREAM") ? "DOWNSTREAM" : QuoteString(lag);
  return fmt::format(
      "CREATE OR REPLACE DYNAMIC TABLE {}\n  TARGET_LAG = {}\n  WAREHOUSE = {}\nAS\n{}", *t,
      lag_sql, warehouse, select);
}

Result<sdk::FormattedCreate> SnowflakeDialect::CreateTableAsFormatted(
    const sdk::TableRef& target, const sdk::TableFormatSpec& spec, std::string_view select) const {
  if (spec.format != "table")
    return Fail(ErrorKind::kConfig, "format '{}' is not supported by {}", spec.format, Name());
  auto t = FormatTableRef(target);
  if (!t) return std::unexpected(t.error());
  if (auto ok = sql::ValidateIdentifiers(spec.cluster_by); !ok) return std::unexpected(ok.error());
  sdk::FormattedCreate out;
  out.sql = "CREATE OR REPLACE TABLE " + *t;
  if (!spec.cluster_by.empty())
    out.sql += fmt::format(" CLUSTER BY ({})", Join(spec.cluster_by, ", "));
  if (spec.comment) out.sql += " COMMENT = " + QuoteString(*spec.comment);
  out.sql += " AS\n";
  out.sql += select;
  if (!spec.partition_by.empty()) out.ignored_options.push_back("partition_by");
  if (!spec.table_properties.empty()) out.ignored_options.push_back("table_properties");
  return out;
}

const sdk::SqlDialect& SnowflakeSqlDialect() {
  static const SnowflakeDialect dialect;
  return dialect;
}

}  // namespace rocky::adapters::snowflake
