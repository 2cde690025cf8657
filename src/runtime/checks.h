#pragma once
// Data checks and row-count anomaly detection (runtime.md §6): after the copy phase of a
// replication run, on the tables that succeeded, and as the whole work of a quality pipeline.
//
// Queries: row counts and freshness maxima are batched, at most kCheckBatchSize tables per
// UNION ALL query (through the adapter's BatchCheckAdapter when one is given). A batch that fails
// is retried table by table, so one broken table only fails its own check. Describes for
// column_match and for a null_rate check without columns use one DescribeSchema per distinct
// (catalog, schema), falling back to per-table describes. null_rate and custom queries run per
// table, `concurrency` at a time. Adapters are called from several threads (they are
// thread-safe by contract); callbacks are called on the caller's thread only, after every query
// has finished.
//
// Failed checks never fail the run: every result, failing query included, is a CheckResult.
// State store failures (anomaly baselines, history appends) are logged as warnings.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/sql_dialect.h"
#include "adapter_sdk/types.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "base/error.h"
#include "base/json.h"
#include "base/time.h"
#include "config/config.h"
#include "replication/replication_planner.h"
#include "state/state_store.h"

namespace rocky::runtime {

/// Tables per batched UNION ALL query.
inline constexpr size_t kCheckBatchSize = 200;
/// check_history entries an anomaly baseline uses, and the fewest it needs.
inline constexpr int kAnomalyBaselineSize = 10;
inline constexpr size_t kAnomalyMinBaseline = 3;

/// One replicated table that succeeded (a ReplicationTask plus its source schema).
struct CheckedTable {
  sdk::TableRef source;
  sdk::TableRef target;
  std::vector<std::string> asset_key;
  std::string table_key;      // the target's dotted name: the check_history / quality key
  std::string source_schema;  // freshness override fallback; empty means `source.schema`
};

/// The CheckedTable of a replication task; the source schema is the discovered one.
CheckedTable CheckedTableFor(const replication::ReplicationTask& task);

/// One table of a quality pipeline.
struct QualityTable {
  sdk::TableRef table;
  std::vector<std::string> asset_key;  // [catalog, schema, table]
  std::string table_key;               // the dotted name
};

/// The CheckResults of one table, as in `check_results[]`.
struct TableCheckResults {
  std::vector<std::string> asset_key;
  std::string table_key;
  /// CheckResult objects with the field order of runtime.md §6, in check order: row_count,
  /// column_match, freshness, null_rate (one per column), then custom checks in config order.
  std::vector<Json> checks;

  /// `{asset_key, checks}`.
  Json ToJson() const;
};

/// One entry of `anomalies[]`.
struct RowCountAnomaly {
  std::string table;  // the table key
  int64_t current_count = 0;
  double baseline_avg = 0;
  double deviation_pct = 0;
  /// `row count dropped 99.0% (expected ~500, got 5)` or `row count spiked …`.
  std::string reason;

  /// `{table, current_count, baseline_avg, deviation_pct, reason}`.
  Json ToJson() const;
  bool operator==(const RowCountAnomaly&) const = default;
};

/// Notifications for hooks (`on_check_result`, `on_anomaly_detected`) and Dagster Pipes. Called
/// on the caller's thread after all checks ran, in output order. Either may be empty.
struct CheckCallbacks {
  std::function<void(const TableCheckResults& table, const Json& result)> on_result;
  std::function<void(const RowCountAnomaly& anomaly)> on_anomaly;
};

/// Everything one check phase produced.
struct ChecksOutcome {
  /// Sorted by asset key; tables without results are left out.
  std::vector<TableCheckResults> check_results;
  /// In check_results order.
  std::vector<RowCountAnomaly> anomalies;
  /// What the run records in `quality_history`, one per table that measured anything, in
  /// check_results order: `model_name` = table key, the target row count (0 when not measured),
  /// the null rates and the freshness lag. The caller writes them (RunCompletion::quality).
  std::vector<state::QualitySnapshot> quality;

  /// `check_results` as a JSON array.
  Json CheckResultsJson() const;
  /// `anomalies` as a JSON array.
  Json AnomaliesJson() const;
};

/// The warehouses a replication check phase reads. When source and target are the same
/// adapter, pass the same batch pointer for both.
struct CheckWarehouses {
  sdk::WarehouseAdapter& source;
  sdk::WarehouseAdapter& target;
  sdk::BatchCheckAdapter* source_batch = nullptr;  // optional
  sdk::BatchCheckAdapter* target_batch = nullptr;  // optional
};

struct ReplicationChecksInput {
  std::vector<CheckedTable> tables;  // the tables that succeeded, any order
  /// Configured metadata column names: excluded from column_match.
  std::vector<std::string> metadata_columns;
  /// The pipeline's timestamp_column: the freshness column unless `freshness.column` is set.
  std::string timestamp_column;
  std::string run_id;  // for the quality snapshots
  /// The run's clock: `now` for freshness lags, the check_history timestamp, and the anomaly
  /// baseline cut-off (entries strictly before it).
  Timestamp now{};
  int concurrency = 1;  // per-table queries in flight (null_rate, custom)
};

/// The check phase of a replication run (runtime.md §2 step 8, §6). Nothing happens when
/// `config.enabled` is false.
/// - row_count: source and target counts; `{name, passed: source == target, source_count,
///   target_count}`.
/// - column_match: describes after the copy; lower-cased names without metadata columns;
///   `{name, passed, missing (source − target), extra (target − source)}`, both sorted.
/// - freshness: MAX(column) of the target; lag = max(0, now − max) seconds; threshold from
///   overrides[target schema], else overrides[source schema], else threshold_seconds; a NULL
///   maximum gives `passed: false, lag_seconds: null`.
/// - null_rate and custom: see NullRateSql and CustomCheckSql; `{source}` is the source ref.
/// - A query that fails gives `{name, passed: false, error}`.
/// Anomalies (row_count on and anomaly_threshold_pct > 0, with a state store): each target count
/// is compared with the table's last up to 10 check_history entries before `now`
/// (DetectRowCountAnomaly), then `{now, count}` is appended to check_history in one write.
ChecksOutcome RunReplicationChecks(const config::ChecksConfig& config,
                                   const ReplicationChecksInput& input,
                                   const CheckWarehouses& warehouses, state::StateStore* state,
                                   const CheckCallbacks& callbacks = {});

struct QualityChecksInput {
  std::vector<QualityTable> tables;  // expanded `[[tables]]` entries
  std::string run_id;
  Timestamp now{};
  int concurrency = 1;
};

/// The checks of a quality pipeline: row_count (`passed: n > 0`, `source_count = target_count =
/// n`), freshness (only with `freshness.column`; otherwise skipped with a warning; threshold from
/// overrides[schema] else threshold_seconds), null_rate, custom (`{source}` is left as written)
/// and anomaly detection as in RunReplicationChecks. column_match is ignored with a warning.
ChecksOutcome RunQualityChecks(const config::ChecksConfig& config, const QualityChecksInput& input,
                               sdk::WarehouseAdapter& warehouse, sdk::BatchCheckAdapter* batch,
                               state::StateStore* state, const CheckCallbacks& callbacks = {});

// ---- Building blocks ---------------------------------------------------------------------------

/// `SELECT COUNT(*) AS _n, COUNT(c1) AS _c0, … FROM T`, followed by ` <tablesample clause>` when
/// `sample_percent < 100` and the dialect can sample. Fails on an invalid name or no columns.
Result<std::string> NullRateSql(const sdk::SqlDialect& dialect, const sdk::TableRef& table,
                                const std::vector<std::string>& columns, int64_t sample_percent);

/// Replaces `{table}` and `{target}` with `target`, and `{source}` with `source` when given.
std::string CustomCheckSql(std::string_view sql, std::string_view target,
                           std::optional<std::string_view> source);

/// Freshness lag in whole seconds, max(0, now − max), from the text of MAX(column): a date or
/// timestamp (`2026-04-07 10:00:00[.f][Z|±HH[:MM]]`) or a number of epoch seconds. nullopt
/// when the text is none of these.
std::optional<int64_t> FreshnessLagSeconds(std::string_view max_value, Timestamp now);

/// The anomaly rule of runtime.md §6 for one table: nullopt with fewer than 3 baseline counts
/// or when deviation_pct ≤ threshold_pct. deviation_pct = |c − avg| / avg · 100 (avg = 0: 0 when
/// c = 0, else 100).
std::optional<RowCountAnomaly> DetectRowCountAnomaly(std::string table, int64_t current_count,
                                                     const std::vector<int64_t>& baseline,
                                                     double threshold_pct);

}  // namespace rocky::runtime
