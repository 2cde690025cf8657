#include "adapters/databricks/databricks_dialect.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::adapters::databricks {

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

// The options of `spec` that are set, in the order of models.md §5.
std::vector<std::string> SetOptions(const sdk::TableFormatSpec& spec) {
  std::vector<std::string> out;
  if (!spec.partition_by.empty()) out.push_back("partition_by");
  if (!spec.cluster_by.empty()) out.push_back("cluster_by");
  if (!spec.table_properties.empty()) out.push_back("table_properties");
  if (spec.comment) out.push_back("comment");
  return out;
}

}  // namespace

std::string DatabricksDialect::Literal(sdk::LiteralKind kind, std::string_view value) const {
  switch (kind) {
    case sdk::LiteralKind::kTimestamp:
      return "TIMESTAMP " + QuoteString(value);
    case sdk::LiteralKind::kDate:
      return "DATE " + QuoteString(value);
    case sdk::LiteralKind::kNumber:
      return std::string(value);
    case sdk::LiteralKind::kString:
      return QuoteString(value);
  }
  return std::string(value);
}

std::optional<std::string> DatabricksDialect::CreateCatalogSql(std::string_view catalog) const {
  if (!sql::IsValidIdentifier(catalog)) return std::nullopt;
  return fmt::format("CREATE CATALOG IF NOT EXISTS {}", catalog);
}

Result<std::string> DatabricksDialect::DescribeTableSql(const sdk::TableRef& ref) const {
  auto t = FormatTableRef(ref);
  if (!t) return t;
  return "DESCRIBE TABLE " + *t;
}

Result<std::string> DatabricksDialect::AddColumnSql(const sdk::TableRef& ref,
                                                    std::string_view column,
                                                    std::string_view type) const {
  auto t = FormatTableRef(ref);
  if (!t) return t;
  if (auto ok = sql::ValidateIdentifier(column); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateTypeString(type); !ok) return std::unexpected(ok.error());
  return fmt::format("ALTER TABLE {} ADD COLUMNS ({} {})", *t, column, type);
}

bool DatabricksDialect::CanAlter(std::string_view, std::string_view) const { return false; }

Result<std::string> DatabricksDialect::RowHashExpr(const std::vector<std::string>& columns) const {
  if (columns.empty()) return Fail(ErrorKind::kConfig, "a row hash needs at least one column");
  if (auto ok = sql::ValidateIdentifiers(columns); !ok) return std::unexpected(ok.error());
  return fmt::format("md5(to_json(struct({})))", Join(columns, ", "));
}

std::optional<std::string> DatabricksDialect::TablesampleClause(double percent) const {
  return fmt::format("TABLESAMPLE ({} PERCENT)", percent);
}

Result<std::vector<sdk::Statement>> DatabricksDialect::InsertOverwritePartition(
    const sdk::TableRef& target, std::string_view filter, std::string_view select) const {
  auto t = FormatTableRef(target);
  if (!t) return std::unexpected(t.error());
  return std::vector<sdk::Statement>{
      {"partition", target.FullName(),
       fmt::format("INSERT INTO {} REPLACE WHERE {}\n{}", *t, filter, select), true},
  };
}

sdk::StrategySupport DatabricksDialect::SupportsStrategy(std::string_view strategy) const {
  for (std::string_view s :
       {"full_refresh", "view", "materialized_view", "ephemeral", "incremental", "merge",
        "delete_insert", "time_interval", "microbatch"})
    if (strategy == s) return sdk::StrategySupport::kSupported;
  return sdk::StrategySupport::kUnsupported;  // dynamic_table, and names Rocky does not know
}

Result<sdk::FormattedCreate> DatabricksDialect::CreateTableAsFormatted(
    const sdk::TableRef& target, const sdk::TableFormatSpec& spec, std::string_view select) const {
  std::string_view using_format;
  if (spec.format == "delta_table") {
    using_format = "DELTA";
  } else if (spec.format == "iceberg_table") {
    using_format = "ICEBERG";
  } else if (spec.format != "table" && spec.format != "streaming_table") {
    return Fail(ErrorKind::kConfig, "format '{}' is not supported by {}", spec.format, Name());
  }
  auto t = FormatTableRef(target);
  if (!t) return std::unexpected(t.error());
  sdk::FormattedCreate out;
  if (spec.format == "streaming_table") {
    out.sql = fmt::format("CREATE OR REFRESH STREAMING TABLE {} AS\n{}", *t, select);
    out.ignored_options = SetOptions(spec);
    return out;
  }
  if (spec.format == "table" && SetOptions(spec).empty()) {
    auto plain = CreateTableAs(target, select);
    if (!plain) return std::unexpected(plain.error());
    out.sql = std::move(*plain);
    return out;
  }
  if (auto ok = sql::ValidateIdentifiers(spec.partition_by); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateIdentifiers(spec.cluster_by); !ok) return std::unexpected(ok.error());
  std::string sql = fmt::format("CREATE OR REPLACE TABLE {}\n", *t);
  if (!using_format.empty()) sql += fmt::format("USING {}\n", using_format);
  if (!spec.partition_by.empty())
    sql += fmt::format("PARTITIONED BY ({})\n", Join(spec.partition_by, ", "));
  if (!spec.cluster_by.empty())
    sql += fmt::format("CLUSTER BY ({})\n", Join(spec.cluster_by, ", "));
  if (spec.comment) sql += fmt::format("COMMENT {}\n", QuoteString(*spec.comment));
  if (!spec.table_properties.empty()) {
    std::vector<std::string> props;
    for (const auto& [key, value] : spec.table_properties) {
      if (key.empty())
        return Fail(ErrorKind::kConfig, "a table property of {} has an empty key", *t);
      props.push_back(fmt::format("{} = {}", QuoteString(key), QuoteString(value)));
    }
    sql += fmt::format("TBLPROPERTIES ({})\n", Join(props, ", "));
  }
  sql += "AS\n";
  sql += select;
  out.sql = std::move(sql);
  return out;
}

const sdk::SqlDialect& DatabricksSqlDialect() {
  static const DatabricksDialect dialect;
  return dialect;
}

}  // namespace rocky::adapters::databricks
