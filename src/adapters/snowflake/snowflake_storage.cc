#include "adapters/snowflake/snowflake_storage.h"

#include <fmt/format.h>

#include "adapters/snowflake/snowflake_dialect.h"

namespace rocky::adapters::snowflake {

Result<sdk::CompactPlan> SnowflakeStorage::CompactSql(const sdk::TableRef& ref) const {
  auto t = sql().FormatTableRef(ref);
  if (!t) return std::unexpected(t.error());
  return sdk::CompactPlan{{},
                          "Snowflake manages micro-partition sizes itself (automatic clustering "
                          "and compaction): there is nothing to compact"};
}

std::string SnowflakeStorage::DaysAgoSql(int64_t days) const {
  return fmt::format("DATEADD(DAY, -{}, CURRENT_TIMESTAMP())", days);
}

const sdk::StorageDialect& SnowflakeStorageDialect() {
  static const SnowflakeStorage kStorage(SnowflakeSqlDialect());
  return kStorage;
}

}  // namespace rocky::adapters::snowflake
