#include "adapters/duckdb/duckdb_storage.h"

#include <fmt/format.h>

#include "adapters/duckdb/duckdb_dialect.h"
#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::adapters::duckdb {

Result<sdk::CompactPlan> DuckDbStorage::CompactSql(const sdk::TableRef& ref) const {
  auto t = sql().FormatTableRef(ref);
  if (!t) return std::unexpected(t.error());
  return sdk::CompactPlan{{{"checkpoint", *t, "CHECKPOINT"}}, std::nullopt};
}

Result<std::string> DuckDbStorage::PartitionFingerprintSql(
    const sdk::TableRef& ref, const std::vector<std::string>& columns,
    const std::vector<std::string>& semantic_columns, std::string_view time_column,
    std::string_view grain) const {
  auto t = sql().FormatTableRef(ref);
  if (!t) return t;
  std::string key = "'*'";
  if (!time_column.empty()) {
    if (auto ok = rocky::sql::ValidateIdentifier(time_column); !ok)
      return std::unexpected(ok.error());
    std::string_view format = grain == "hour"    ? "%Y-%m-%dT%H"
                              : grain == "day"   ? "%Y-%m-%d"
                              : grain == "month" ? "%Y-%m"
                              : grain == "year"  ? "%Y"
                                                 : "";
    if (format.empty())
      return std::unexpected(
          Error{ErrorKind::kConfig, fmt::format("unknown partition grain '{}'", grain), {}});
    key = fmt::format("strftime({}, '{}')", time_column, format);
  }
  auto aggregate = [&](const std::vector<std::string>& cols) -> Result<std::string> {
    if (cols.empty()) return std::string("md5(CAST(COUNT(*) AS VARCHAR))");
    auto row = sql().RowHashExpr(cols);
    if (!row) return row;
    return fmt::format("md5(string_agg({0}, ',' ORDER BY {0}))", *row);
  };
  auto raw = aggregate(columns);
  if (!raw) return raw;
  auto semantic = aggregate(semantic_columns);
  if (!semantic) return semantic;
  return fmt::format(
      "SELECT {} AS partition_key, COUNT(*) AS row_count, {} AS raw_hash, {} AS semantic_hash, "
      "SUM(strlen(CAST(ROW({}) AS VARCHAR))) AS byte_count FROM {} GROUP BY 1 ORDER BY 1",
      key, *raw, *semantic, Join(columns, ", "), *t);
}

const sdk::StorageDialect& DuckDbStorageDialect() {
  static const DuckDbDialect kSql;
  static const DuckDbStorage kStorage(kSql);
  return kStorage;
}

}  // namespace rocky::adapters::duckdb
