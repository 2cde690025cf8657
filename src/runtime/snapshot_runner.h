#pragma once
// A snapshot (SCD2) pipeline run (runtime.md §9), behind both `rocky snapshot` and `rocky run`.
// One call produces both documents: the `rocky snapshot` result (per-step status) and the
// RunOutput of `rocky run`, with the run-history units. The caller (the CLI) owns the lock, the
// state store, the adapters and the event sinks, and writes run history from `run`.
//
// Execution: the target's catalog and schema are checked (or the schema created when governance
// allows), `before_materialize` fires, `initial_load` runs alone, and the remaining steps run as
// one unit through WarehouseAdapter::ExecuteUnit(transactional = true): one transaction on DuckDB
// and Snowflake, in sequence where the adapter has no multi-statement transactions. Because the
// unit commits or rolls back whole, its steps share one outcome: each reports the unit's elapsed
// time, and on failure each is `error` with the unit's error. Then `after_materialize` or
// `materialize_error` fires, and (for `rocky run`) the pipeline's checks run on the target.

#include <optional>
#include <string>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "base/json.h"
#include "base/time.h"
#include "config/config.h"
#include "runtime/replication_runner.h"

namespace rocky::runtime {

/// The `materialization.metadata.strategy` of a snapshot.
inline constexpr const char* kSnapshotStrategy = "snapshot_scd2";

struct SnapshotRunOptions {
  std::string run_id;
  Timestamp started_at{};
  /// List the steps with status `dry_run`; nothing is executed, created or fired.
  bool dry_run = false;
  /// Run the pipeline's `[checks]` on the target after a successful snapshot (`rocky run`).
  /// `rocky snapshot` runs only the steps.
  bool run_checks = true;
  /// Batched row counts and freshness for those checks (optional).
  sdk::BatchCheckAdapter* batch_checks = nullptr;
};

struct SnapshotRunResult {
  /// The `rocky snapshot` fields after `version`/`command` (cli.md §5): `{pipeline, source,
  /// target, dry_run, steps_total, steps_ok, steps: [{step, sql, status, duration_ms, error?}],
  /// duration_ms}`. Null when `run.fatal` is set.
  Json document;
  /// `rocky run` on the pipeline: the RunOutput (one materialization `{asset_key, rows_copied,
  /// duration_ms, metadata: {strategy: "snapshot_scd2", target_table_full_name}}` on success;
  /// `tables_failed: 1` and `errors[]` on failure), one unit of kind table named after the
  /// target, the check results and quality snapshots, and the status. `fatal` is set when no
  /// SQL could be generated (a bad identifier or an empty unique_key); nothing ran then.
  ReplicationRunResult run;

  /// True when a step failed or could not run (exit 1 for both commands).
  bool failed() const { return run.tables_failed > 0; }
};

/// Runs (or with `dry_run`, lists) the snapshot of `pipeline` on `target`, which must also be
/// able to read the pipeline's source table. The asset key is `[catalog, schema, table]` of the
/// target (the catalog left out when the pipeline gives none). `rows_copied` is the row count the
/// warehouse reports for insert_new_versions (the new versions written), or null.
SnapshotRunResult RunSnapshot(const config::Config& config, const config::PipelineConfig& pipeline,
                              sdk::WarehouseAdapter& target, const RunServices& services,
                              const SnapshotRunOptions& options);

}  // namespace rocky::runtime
