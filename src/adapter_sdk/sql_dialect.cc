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
    items.push_back(fmt::format("CAST({} AS {}) AS {}", m.value, m.type, m.name));
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
  return fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DATA TYPE {}", *t, column, type);
}

Result<std::string> SqlDialect::AddColumnSql(const TableRef& ref, std::string_view column,
                                             std::string_view type) const {
  auto t = FormatTableRef(ref);
  if (!t) return t;
  if (auto ok = sql::ValidateIdentifier(column); !ok) return std::unexpected(ok.error());
  if (auto ok = sql::ValidateTypeString(type); !ok) return std::unexpected(ok.error());
  return fmt::format("ALTER TABLE {} ADD COLUMN {} {}", *t, column, type);
}

Result<std::string> SqlDialect::DeleteWhere(const TableRef& ref, std::string_view filter) const {
  auto t = FormatTableRef(ref);
  if (!t) return t;
  return fmt::format("DELETE FROM {} WHERE {}", *t, filter);
}

}  // namespace rocky::sdk
