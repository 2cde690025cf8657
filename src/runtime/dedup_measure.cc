#include "runtime/dedup_measure.h"

#include <algorithm>
#include <charconv>

#include "base/strings.h"

namespace rocky::runtime {

namespace {

int64_t CellInt(const sdk::Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  std::string text = sdk::ValueToString(v);
  int64_t n = 0;
  std::from_chars(text.data(), text.data() + text.size(), n);
  return n;
}

}  // namespace

Result<std::vector<PartitionFingerprint>> FingerprintPartitions(
    sdk::WarehouseAdapter& warehouse, const sdk::StorageDialect& storage,
    const std::vector<DedupTable>& tables, const std::vector<std::string>& exclude_columns) {
  std::vector<PartitionFingerprint> out;
  for (const auto& t : tables) {
    auto described = warehouse.DescribeTable(t.table);
    if (!described) return std::unexpected(described.error());
    if (described->empty())
      return std::unexpected(
          Error{ErrorKind::kNotFound, "table '" + t.table.FullName() + "' does not exist", {}});
    std::vector<std::string> all;
    std::vector<std::string> semantic;
    for (const auto& c : *described) {
      all.push_back(c.name);
      bool excluded =
          std::any_of(exclude_columns.begin(), exclude_columns.end(),
                      [&](const std::string& e) { return EqualsIgnoreCase(e, c.name); });
      if (!excluded) semantic.push_back(c.name);
    }
    auto sql = storage.PartitionFingerprintSql(t.table, all, semantic, t.time_column, t.grain);
    if (!sql) return std::unexpected(sql.error());
    auto rows = warehouse.ExecuteQuery(*sql);
    if (!rows)
      return std::unexpected(
          std::move(rows.error()).With("while hashing the partitions of " + t.table.FullName()));
    for (const auto& row : rows->rows) {
      if (row.size() < 5) continue;
      out.push_back({t.table.FullName(), sdk::ValueToString(row[0]), CellInt(row[1]),
                     sdk::ValueToString(row[2]), sdk::ValueToString(row[3]), CellInt(row[4])});
    }
  }
  return out;
}

}  // namespace rocky::runtime
