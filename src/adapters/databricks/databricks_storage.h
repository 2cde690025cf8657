#pragma once
// Databricks' storage maintenance (sdk::StorageDialect) on Delta tables: OPTIMIZE and VACUUM.

#include "adapter_sdk/storage_dialect.h"

namespace rocky::adapters::databricks {

class DatabricksStorage final : public sdk::StorageDialect {
 public:
  using sdk::StorageDialect::StorageDialect;

  /// `OPTIMIZE T` (purpose "optimize"), then `VACUUM T RETAIN 168 HOURS` ("vacuum"): Delta's
  /// bin-packing, then the replaced files dropped after the default 7-day retention.
  Result<sdk::CompactPlan> CompactSql(const sdk::TableRef& ref) const override;
  /// `DATEADD(DAY, -N, CURRENT_TIMESTAMP())`.
  std::string DaysAgoSql(int64_t days) const override;
  /// `VACUUM T RETAIN 0 HOURS` (purpose "vacuum"): the deleted rows' files go at once.
  Result<std::vector<sdk::Statement>> ReclaimDeletedSql(const sdk::TableRef& ref) const override;
};

/// The process-wide Databricks storage dialect (stateless).
const sdk::StorageDialect& DatabricksStorageDialect();

}  // namespace rocky::adapters::databricks
