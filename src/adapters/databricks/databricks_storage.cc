#include "adapters/databricks/databricks_storage.h"

#include <fmt/format.h>

#include "adapters/databricks/databricks_dialect.h"

namespace rocky::adapters::databricks {

Result<sdk::CompactPlan> DatabricksStorage::CompactSql(const sdk::TableRef& ref) const {
  auto t = sql().FormatTableRef(ref);
  if (!t) return std::unexpected(t.error());
  return sdk::CompactPlan{
      {{"optimize", *t, "OPTIMIZE " + *t}, {"vacuum", *t, "VACUUM " + *t + " RETAIN 168 HOURS"}},
      std::nullopt};
}

std::string DatabricksStorage::DaysAgoSql(int64_t days) const {
  return fmt::format("DATEADD(DAY, -{}, CURRENT_TIMESTAMP())", days);
}

Result<std::vector<sdk::Statement>> DatabricksStorage::ReclaimDeletedSql(
    const sdk::TableRef& ref) const {
  auto t = sql().FormatTableRef(ref);
  if (!t) return std::unexpected(t.error());
  return std::vector<sdk::Statement>{{"vacuum", *t, "VACUUM " + *t + " RETAIN 0 HOURS"}};
}

const sdk::StorageDialect& DatabricksStorageDialect() {
  static const DatabricksStorage kStorage(DatabricksSqlDialect());
  return kStorage;
}

}  // namespace rocky::adapters::databricks
