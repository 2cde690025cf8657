#pragma once
// Snowflake's storage maintenance (sdk::StorageDialect): nothing to compact (micro-partitions
// are managed by the service), DATEADD day arithmetic.

#include "adapter_sdk/storage_dialect.h"

namespace rocky::adapters::snowflake {

class SnowflakeStorage final : public sdk::StorageDialect {
 public:
  using sdk::StorageDialect::StorageDialect;

  /// No statement; the note says Snowflake sizes and reclusters micro-partitions itself.
  Result<sdk::CompactPlan> CompactSql(const sdk::TableRef& ref) const override;
  /// `DATEADD(DAY, -N, CURRENT_TIMESTAMP())`.
  std::string DaysAgoSql(int64_t days) const override;
};

/// The process-wide Snowflake storage dialect (stateless).
const sdk::StorageDialect& SnowflakeStorageDialect();

}  // namespace rocky::adapters::snowflake
