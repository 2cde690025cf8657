#include "adapter_sdk/sql_dialect.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::sdk {

Result<std::string> SqlDialect::FormatTableRef(const TableRef& ref) const {
  if (!ref.catalog.empty()) {
    if (auto ok = sql::ValidateIdentifier(ref.catalog); !ok) return std::unexpected(ok.error());
  }
  if (auto ok = sql::ValidateIdentifier(ref.schema); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateIdentifier(ref.table); !ok) return std::unexpected(ok.error());
  return ref.FullName();
}

Result<std::string> SqlDialect::CreateTableAs(const TableRef& target,
                                              std::string_view select) const {
  auto t = FormatTableRef(target);
  if (!t) return t;
  return fmt::format("CREATE OR REPLACE TABLE {} AS\n{}", *t, select);
}

Result<std::string> SqlDialect::InsertInto(const TableRef& target,
                                           const std::vector<std::string>& columns,
                                           std::string_view select) const {
  auto t = FormatTableRef(target);
  if (!t) return t;
  for (const auto& c : columns)
    if (auto ok = sql::ValidateIdentifier(c); !ok) return std::unexpected(ok.error());
  if (columns.empty()) return fmt::format("INSERT INTO {}\n{}", *t, select);
  return fmt::format("INSERT INTO {} ({})\n{}", *t, Join(columns, ", "), select);
}

Result<std::string> SqlDialect::SelectClause(const std::vector<std::string>& columns,
                                             const std::vector<MetadataColumn>& metadata) const {
  std::vector<std::string> items;
  if (columns.empty()) items.push_back("*");
  for (const auto& c : columns) {
    if (auto ok = sql::ValidateIdentifier(c); !ok) return std::unexpected(ok.error());
    items.push_back(c);
  }
  for (const auto& m : metadata) {
    if (auto ok = sql::ValidateIdentifier(m.name); !ok) return std::unexpected(ok.error());
    if (auto ok = sql::ValidateTypeString(m.type); !ok) return std::unexpected(ok.error());
    items.push_back(fmt::format("CAST({} AS {}) AS {}", m.value, TypeSql(m.type), m.name));
  }
  return "SELECT " + Join(items, ", ");
}

std::string SqlDialect::Literal(LiteralKind kind, std::string_view value) const {
  switch (kind) {
    case LiteralKind::kTimestamp: return fmt::format("TIMESTAMP '{}'", SqlQuote(value));
    case LiteralKind::kDate: return fmt::format("DATE '{}'", SqlQuote(value));
    case LiteralKind::kNumber: return std::string(value);
    case LiteralKind::kString: return fmt::format("'{}'", SqlQuote(value));
  }
  return std::string(value);
}

Result<std::string> SqlDialect::WatermarkWhere(std::string_view timestamp_column,
                                               std::optional<std::string_view> literal,
                                               LiteralKind kind) const {
  if (auto ok = sql::ValidateIdentifier(timestamp_column); !ok) return std::unexpected(ok.error());
  std::string lit;
  if (literal) {
    lit = std::string(*literal);
  } else {
    switch (kind) {
      case LiteralKind::kTimestamp: lit = Literal(kind, "1970-01-01 00:00:00"); break;
      case LiteralKind::kDate: lit = Literal(kind, "1970-01-01"); break;
      case LiteralKind::kNumber: lit = "0"; break;
      case LiteralKind::kString: lit = Literal(kind, "1970-01-01 00:00:00"); break;
    }
  }
  return fmt::format("{} > {}", timestamp_column, lit);
}

Result<std::string> SqlDialect::DropTableSql(const TableRef& ref) const {
  auto t = FormatTableRef(ref);
  if (!t) return t;
  return "DROP TABLE IF EXISTS " + *t;
}

Result<std::string> SqlDialect::AlterColumnTypeSql(const TableRef& ref, std::string_view column,
                                                   std::string_view type) const {
  auto t = FormatTableRef(ref);
  if (!t) return t;
  if (auto ok = sql::ValidateIdentifier(column); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateTypeString(type); !ok) return std::unexpected(ok.error());
  return fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DATA TYPE {}", *t, column, TypeSql(type));
}

Result<std::string> SqlDialect::AddColumnSql(const TableRef& ref, std::string_view column,
                                             std::string_view type) const {
  auto t = FormatTableRef(ref);
  if (!t) return t;
  if (auto ok = sql::ValidateIdentifier(column); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateTypeString(type); !ok) return std::unexpected(ok.error());
  return fmt::format("ALTER TABLE {} ADD COLUMN {} {}", *t, column, TypeSql(type));
}

Result<std::string> SqlDialect::DeleteWhere(const TableRef& ref, std::string_view filter) const {
  auto t = FormatTableRef(ref);
  if (!t) return t;
  return fmt::format("DELETE FROM {} WHERE {}", *t, filter);
}

Result<std::optional<std::string>> SqlDialect::CreateSchemaSql(std::string_view catalog,
                                                               std::string_view schema) const {
  if (!catalog.empty())
    if (auto ok = sql::ValidateIdentifier(catalog); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateIdentifier(schema); !ok) return std::unexpected(ok.error());
  if (catalog.empty()) return fmt::format("CREATE SCHEMA IF NOT EXISTS {}", schema);
  return fmt::format("CREATE SCHEMA IF NOT EXISTS {}.{}", catalog, schema);
}

Result<std::string> SqlDialect::MergeInto(const TableRef& target, std::string_view source_sql,
                                          const std::vector<std::string>& keys,
                                          const std::optional<std::vector<std::string>>& update_columns,
                                          const std::vector<std::string>&) const {
  auto t = FormatTableRef(target);
  if (!t) return t;
  if (keys.empty()) return Fail(ErrorKind::kConfig, "a merge into {} needs a unique key", *t);
  if (auto ok = sql::ValidateIdentifiers(keys); !ok) return std::unexpected(ok.error());
  std::vector<std::string> on;
  for (const auto& k : keys) on.push_back(fmt::format("t.{0} = s.{0}", k));
  std::string sql = fmt::format("MERGE INTO {} AS t\nUSING (\n{}\n) AS s\nON {}\n", *t, source_sql,
                                Join(on, " AND "));
  if (!update_columns) {
    sql += "WHEN MATCHED THEN UPDATE SET *\n";
  } else if (!update_columns->empty()) {
    if (auto ok = sql::ValidateIdentifiers(*update_columns); !ok)
      return std::unexpected(ok.error());
    std::vector<std::string> sets;
    for (const auto& c : *update_columns) sets.push_back(fmt::format("{0} = s.{0}", c));
    sql += fmt::format("WHEN MATCHED THEN UPDATE SET {}\n", Join(sets, ", "));
  }
  sql += "WHEN NOT MATCHED THEN INSERT *";
  return sql;
}

Result<std::string> SqlDialect::MergeIntoColumnLists(
    const TableRef& target, std::string_view source_sql, const std::vector<std::string>& keys,
    const std::optional<std::vector<std::string>>& update_columns,
    const std::vector<std::string>& target_columns) const {
  auto t = FormatTableRef(target);
  if (!t) return t;
  if (keys.empty()) return Fail(ErrorKind::kConfig, "a merge into {} needs a unique key", *t);
  if (target_columns.empty())
    return Fail(ErrorKind::kInternal,
                "a merge into {} on {} needs the columns of {} (describe it first): {} has no "
                "INSERT * or UPDATE SET *",
                *t, Name(), *t, Name());
  if (auto ok = sql::ValidateIdentifiers(keys); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateIdentifiers(target_columns); !ok) return std::unexpected(ok.error());
  std::vector<std::string> updated;
  if (update_columns) {
    if (auto ok = sql::ValidateIdentifiers(*update_columns); !ok)
      return std::unexpected(ok.error());
    updated = *update_columns;
  } else {
    for (const auto& c : target_columns) {
      bool is_key = false;
      for (const auto& k : keys) is_key = is_key || EqualsIgnoreCase(c, k);
      if (!is_key) updated.push_back(c);
    }
  }
  std::vector<std::string> on, sets, sources;
  for (const auto& k : keys) on.push_back(fmt::format("t.{0} = s.{0}", k));
  for (const auto& c : updated) sets.push_back(fmt::format("{0} = s.{0}", c));
  for (const auto& c : target_columns) sources.push_back("s." + c);
  std::string sql = fmt::format("MERGE INTO {} AS t\nUSING (\n{}\n) AS s\nON {}\n", *t, source_sql,
                                Join(on, " AND "));
  if (!sets.empty()) sql += fmt::format("WHEN MATCHED THEN UPDATE SET {}\n", Join(sets, ", "));
  sql += fmt::format("WHEN NOT MATCHED THEN INSERT ({}) VALUES ({})", Join(target_columns, ", "),
                     Join(sources, ", "));
  return sql;
}

Result<std::string> SqlDialect::CreateView(const TableRef& target, std::string_view select) const {
  auto t = FormatTableRef(target);
  if (!t) return t;
  return fmt::format("CREATE OR REPLACE VIEW {} AS\n{}", *t, select);
}

Result<std::string> SqlDialect::CreateMaterializedView(const TableRef& target,
                                                       std::string_view select) const {
  if (SupportsStrategy("materialized_view") == StrategySupport::kFallback)
    return CreateView(target, select);
  if (SupportsStrategy("materialized_view") == StrategySupport::kUnsupported)
    return Fail(ErrorKind::kConfig, "strategy 'materialized_view' is not supported by {}", Name());
  auto t = FormatTableRef(target);
  if (!t) return t;
  return fmt::format("CREATE OR REPLACE MATERIALIZED VIEW {} AS\n{}", *t, select);
}

Result<std::string> SqlDialect::CreateDynamicTable(const TableRef&, std::string_view,
                                                   std::string_view, std::string_view) const {
  return Fail(ErrorKind::kConfig, "strategy 'dynamic_table' is not supported by {}", Name());
}

Result<FormattedCreate> SqlDialect::CreateTableAsFormatted(const TableRef& target,
                                                           const TableFormatSpec& spec,
                                                           std::string_view select) const {
  if (spec.format != "table")
    return Fail(ErrorKind::kConfig, "format '{}' is not supported by {}", spec.format, Name());
  FormattedCreate out;
  auto sql = CreateTableAs(target, select);
  if (!sql) return std::unexpected(sql.error());
  out.sql = std::move(*sql);
  if (!spec.partition_by.empty()) out.ignored_options.push_back("partition_by");
  if (!spec.cluster_by.empty()) out.ignored_options.push_back("cluster_by");
  if (!spec.table_properties.empty()) out.ignored_options.push_back("table_properties");
  if (spec.comment) out.ignored_options.push_back("comment");
  return out;
}

}  // namespace rocky::sdk
