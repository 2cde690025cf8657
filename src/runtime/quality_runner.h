#pragma once
// `rocky run` on a quality pipeline (runtime.md §6): expand the `[[tables]]` entries, run the
// configured checks and anomaly detection on every table, and build the RunOutput document. The
// check phase and the RunOutput shape of a run over named tables are shared with the snapshot
// runner. The caller (the CLI) owns the lock, the state store, the adapters and the event sinks,
// and writes run history from the result.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "base/json.h"
#include "base/time.h"
#include "config/config.h"
#include "runtime/checks.h"
#include "runtime/replication_runner.h"

namespace rocky::runtime {

struct QualityAdapters {
  sdk::WarehouseAdapter* target = nullptr;         // required: the warehouse holding the tables
  sdk::BatchCheckAdapter* batch_checks = nullptr;  // optional: batched row counts and freshness
};

struct QualityRunOptions {
  std::string run_id;
  Timestamp started_at{};
};

/// The `[[tables]]` entries resolved against the warehouse.
struct ExpandedQualityTables {
  /// In entry order; an entry without `table` contributes its schema's base tables sorted by
  /// name. A table named twice is kept once.
  std::vector<QualityTable> tables;
  /// Entries that cannot be checked at all: `{asset_key, error}` (a schema that does not exist or
  /// cannot be listed, a named table that does not exist, a bad identifier). The asset key is
  /// `[catalog, schema]` for a schema entry and `[catalog, schema, table]` for a table entry.
  std::vector<std::pair<std::vector<std::string>, std::string>> failures;
};

/// Expands the entries: `ListTables` for a schema entry, `TableExists` for a named table.
ExpandedQualityTables ExpandQualityTables(const config::PipelineConfig& pipeline,
                                          sdk::WarehouseAdapter& warehouse);

/// The check phase over named tables (quality checks, runtime.md §6) with the run's
/// notifications: fires `before_checks`, then `check_result` per result and `anomaly_detected`
/// per anomaly (also reported to Dagster Pipes and counted in metrics), then `after_checks`.
/// Nothing runs or fires when the checks are disabled, none is configured, or `tables` is
/// empty.
ChecksOutcome RunTableChecks(const config::PipelineConfig& pipeline,
                             const std::vector<QualityTable>& tables,
                             sdk::WarehouseAdapter& warehouse, sdk::BatchCheckAdapter* batch,
                             const RunServices& services, const std::string& run_id);

/// What a run over named tables (quality, snapshot) puts into its RunOutput.
struct TableRunSummary {
  int64_t duration_ms = 0;
  int64_t tables_copied = 0;
  int64_t tables_failed = 0;
  Json materializations = Json::Array();
  const ChecksOutcome* checks = nullptr;  // optional
  Json errors = Json::Array();            // `{asset_key, error}` objects
  int64_t catalogs_created = 0;
  int64_t schemas_created = 0;
};

/// The RunOutput fields after `version`/`command` (cli.md §3) for a pipeline without discovery:
/// `filter` is "", `execution.tables_processed` = copied + failed, `permissions` counts only the
/// catalogs and schemas created, and `drift` is empty (these runs never alter tables).
Json TableRunOutput(const config::PipelineConfig& pipeline, const std::string& run_id,
                    const TableRunSummary& summary, const RunServices& services);

/// Runs a quality pipeline. Asset keys are `[catalog, schema, table]`; there are no
/// materializations. Failed checks (a check whose query failed included) never count as failed
/// tables, so they never change the exit code. `tables_copied` counts the tables that were
/// checked and `tables_failed` the tables (or schema entries) that could not be checked at all
/// (ExpandQualityTables failures); each failure is listed in `errors`. Units (kind table, one per
/// checked or failed table) share the check phase's timing, since checks run batched.
/// `quality` holds the snapshots for `quality_history`. Never sets `fatal`: a warehouse that
/// cannot answer fails the entries instead.
ReplicationRunResult RunQuality(const config::Config& config,
                                const config::PipelineConfig& pipeline,
                                const QualityAdapters& adapters, const RunServices& services,
                                const QualityRunOptions& options);

}  // namespace rocky::runtime
