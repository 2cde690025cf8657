#pragma once
// Shared pieces of the check phase (checks.cc, checks_queries.cc, checks_anomaly.cc). Not a
// public interface.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/types.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "base/error.h"
#include "base/json.h"
#include "runtime/checks.h"
#include "state/state_store.h"

namespace rocky::runtime::checks_internal {

/// Runs fn(0) … fn(n-1) on up to `concurrency` threads (the caller's thread when 1).
void ParallelFor(size_t n, int concurrency, const std::function<void(size_t)>& fn);

/// COUNT(*) of each table, in input order, kCheckBatchSize tables per batch; a failed batch is
/// retried per table.
std::vector<Result<int64_t>> CountRows(sdk::WarehouseAdapter& warehouse,
                                       sdk::BatchCheckAdapter* batch,
                                       const std::vector<sdk::TableRef>& tables);

/// MAX(column) of each table as text (nullopt for NULL), batched like CountRows.
std::vector<Result<std::optional<std::string>>> MaxValues(sdk::WarehouseAdapter& warehouse,
                                                          sdk::BatchCheckAdapter* batch,
                                                          const std::vector<sdk::TableRef>& tables,
                                                          std::string_view column);

/// The columns of each table (empty when missing), one DescribeSchema per distinct schema with
/// per-table fallback.
std::vector<Result<std::vector<sdk::ColumnInfo>>> DescribeAll(
    sdk::WarehouseAdapter& warehouse, const std::vector<sdk::TableRef>& tables, int concurrency);

/// A cell as an integer (int64, integral double, or integer text).
std::optional<int64_t> CellToInt(const sdk::Value& cell);
/// A cell as a number for custom checks: NULL → 0, bool → 0/1, numeric text parsed; the JSON
/// keeps integers as integers. nullopt for text that is not a number.
std::optional<Json> CellToNumber(const sdk::Value& cell);

/// `{name, passed: false, error}`.
Json ErrorResult(std::string_view name, const Error& error);

/// A target count measured this run, for anomaly detection.
struct MeasuredCount {
  std::string table_key;
  int64_t count = 0;
};

/// Reads each table's baseline, detects anomalies, then appends `{now, count}` for every table
/// in one write. Store failures are warnings.
std::vector<RowCountAnomaly> DetectAnomalies(state::StateStore& state,
                                             const std::vector<MeasuredCount>& counts,
                                             Timestamp now, double threshold_pct);

}  // namespace rocky::runtime::checks_internal
