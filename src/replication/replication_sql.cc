#include "replication/replication_sql.h"

#include <fmt/format.h>

#include "adapter_sdk/type_mapper.h"
#include "base/strings.h"

namespace rocky::replication {

std::vector<sdk::MetadataColumn> ResolveMetadataColumns(
    const std::vector<config::MetadataColumnConfig>& specs, const config::ParsedSchema& parsed,
    std::string_view source_separator) {
  std::vector<sdk::MetadataColumn> out;
  for (const auto& s : specs)
    out.push_back({s.name, s.type, config::ResolveTemplate(s.value, parsed, source_separator)});
  return out;
}

Result<sdk::Statement> FullRefreshCopy(const sdk::SqlDialect& dialect, const sdk::TableRef& source,
                                       const sdk::TableRef& target,
                                       const std::vector<sdk::MetadataColumn>& metadata) {
  auto select = dialect.SelectClause({}, metadata);
  if (!select) return std::unexpected(select.error());
  auto src = dialect.FormatTableRef(source);
  if (!src) return std::unexpected(src.error());
  auto sql = dialect.CreateTableAs(target, fmt::format("{}\nFROM {}", *select, *src));
  if (!sql) return std::unexpected(sql.error());
  return sdk::Statement{"full_refresh_copy", target.FullName(), std::move(*sql), true};
}

Result<sdk::Statement> IncrementalCopy(const sdk::SqlDialect& dialect, const sdk::TableRef& source,
                                       const sdk::TableRef& target,
                                       const std::vector<std::string>& source_columns,
                                       const std::vector<sdk::MetadataColumn>& metadata,
                                       std::string_view timestamp_column,
                                       const std::optional<std::string>& watermark,
                                       sdk::LiteralKind kind) {
  auto select = dialect.SelectClause(source_columns, metadata);
  if (!select) return std::unexpected(select.error());
  auto src = dialect.FormatTableRef(source);
  if (!src) return std::unexpected(src.error());
  std::optional<std::string_view> literal;
  if (watermark) literal = *watermark;
  auto where = dialect.WatermarkWhere(timestamp_column, literal, kind);
  if (!where) return std::unexpected(where.error());
  std::vector<std::string> columns = source_columns;
  for (const auto& m : metadata) columns.push_back(m.name);
  auto sql = dialect.InsertInto(target, columns,
                                fmt::format("{}\nFROM {}\nWHERE {}", *select, *src, *where));
  if (!sql) return std::unexpected(sql.error());
  return sdk::Statement{"incremental_copy", target.FullName(), std::move(*sql), false};
}

sdk::LiteralKind LiteralKindForType(std::string_view data_type) {
  std::string t = sdk::NormalizeType(data_type);
  if (StartsWith(t, "TIMESTAMP")) return sdk::LiteralKind::kTimestamp;
  if (t == "DATE") return sdk::LiteralKind::kDate;
  for (const char* numeric : {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                              "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL",
                              "NUMBER"})
    if (StartsWith(t, numeric)) return sdk::LiteralKind::kNumber;
  return sdk::LiteralKind::kString;
}

}  // namespace rocky::replication
