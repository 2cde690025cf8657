#pragma once
// The warehouse side of `rocky compact --measure-dedup`: each table described, then hashed one
// partition at a time by the storage dialect's PartitionFingerprintSql (DuckDB provides it).

#include <string>
#include <vector>

#include "adapter_sdk/storage_dialect.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "base/error.h"
#include "runtime/dedup_stats.h"

namespace rocky::runtime {

struct DedupTable {
  sdk::TableRef table;
  /// A time_interval model's time column and grain; empty: the whole table is one partition.
  std::string time_column;
  std::string grain;
};

/// The fingerprints of every partition of `tables`, in table order. `exclude_columns` (matched
/// case-insensitively) are left out of the semantic hash. A table that does not exist fails.
Result<std::vector<PartitionFingerprint>> FingerprintPartitions(
    sdk::WarehouseAdapter& warehouse, const sdk::StorageDialect& storage,
    const std::vector<DedupTable>& tables, const std::vector<std::string>& exclude_columns);

}  // namespace rocky::runtime
