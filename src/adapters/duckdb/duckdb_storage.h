#pragma once
// DuckDB's storage maintenance (sdk::StorageDialect): CHECKPOINT for compact, the default day
// arithmetic, and partition hashes with an ordered string_agg.

#include "adapter_sdk/storage_dialect.h"

namespace rocky::adapters::duckdb {

class DuckDbStorage final : public sdk::StorageDialect {
 public:
  using sdk::StorageDialect::StorageDialect;

  /// `CHECKPOINT` (purpose "checkpoint"): writes the WAL into the database file and reclaims
  /// the space of deleted rows. DuckDB has no per-table compaction, so T is only validated.
  Result<sdk::CompactPlan> CompactSql(const sdk::TableRef& ref) const override;
  /// Each hash is `md5(string_agg(<row hash>, ',' ORDER BY <row hash>))` over the partition,
  /// with the SqlDialect's RowHashExpr (`md5(count)` for no column); `byte_count` sums
  /// `strlen(CAST(ROW(…) AS VARCHAR))` (bytes).
  Result<std::string> PartitionFingerprintSql(const sdk::TableRef& ref,
                                              const std::vector<std::string>& columns,
                                              const std::vector<std::string>& semantic_columns,
                                              std::string_view time_column,
                                              std::string_view grain) const override;
  bool FingerprintsPartitions() const override { return true; }
};

/// The process-wide DuckDB storage dialect (stateless).
const sdk::StorageDialect& DuckDbStorageDialect();

}  // namespace rocky::adapters::duckdb
