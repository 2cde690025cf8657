#pragma once
// The transformation algorithm (runtime.md §8, §3): the models of a compiled project built on
// the target warehouse, layer by layer, the models of a layer in parallel under `concurrency`.
// A model whose dependency failed or was skipped is skipped (`skipped: dependency 'x' failed`);
// every other model still runs. time_interval and microbatch models run their planned
// partitions (up to `parallel` at once), each recorded in the state store as in_progress, then
// computed or failed (models.md §6.4). Incremental watermarks are written after each model.
//
// The caller (the CLI) compiles the project first, owns the lock, the state store and the event
// sinks, and writes run history from `units`.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapter_sdk/warehouse_adapter.h"
#include "base/json.h"
#include "base/time.h"
#include "config/config.h"
#include "project/dag.h"
#include "project/model.h"
#include "project/model_references.h"
#include "project/partitions.h"
#include "runtime/replication_runner.h"
#include "state/state_store.h"

namespace rocky::runtime {

/// A compiled project: parallel model and query lists and their DAG (ids = indexes).
struct ModelProjectView {
  const std::vector<project::Model>& models;
  const std::vector<project::ModelQuery>& queries;
  const project::ModelDag& dag;
};

struct ModelRunOptions {
  std::string run_id;
  Timestamp started_at{};
  bool full_refresh = false;
  /// time_interval / microbatch selection (`--partition`, `--from/--to`, …).
  project::PartitionSelection selection;
  int64_t parallel = 1;  // partitions of one model at once
  int64_t concurrency = 8;
  bool fail_fast = false;
  /// Create missing target schemas (the governance flag of the pipeline in charge).
  bool auto_create_schemas = true;
  /// Create target catalogs (`CREATE CATALOG IF NOT EXISTS`, where the dialect has catalogs to
  /// create: Databricks), the governance flag of the pipeline in charge.
  bool auto_create_catalogs = false;
  /// dynamic_table models without a `warehouse`.
  std::string default_warehouse;
  /// Only these models (by id) are built; empty: every model.
  std::vector<project::ModelId> only;
  int64_t compile_time_ms = 0;
  /// The clock for partition selection (tests pin it); nullopt: now.
  std::optional<Timestamp> now;
  /// Write run progress (a header and one row per model) so `--resume` can pick up: set for
  /// transformation pipelines, whose units are the models, and for `run --all` after a
  /// replication, whose progress header the replication wrote (`progress_header` false; the
  /// models' rows then start at kModelProgressIndexBase, after every table's).
  bool record_progress = false;
  bool progress_header = true;
  /// Per model (by id), its output column names when the compiler knows them all; empty when
  /// unknown. A known list that differs from the target's columns rebuilds incremental targets.
  std::vector<std::vector<std::string>> known_columns;
  /// `--resume`: the run resumed and the models that succeeded in it, which are not run again
  /// (they count as built for their dependents and are reported as skipped).
  std::optional<std::string> resumed_from;
  std::vector<std::string> resume_succeeded;
};

/// The progress index of the first model when models follow a replication in one run.
inline constexpr int64_t kModelProgressIndexBase = 1'000'000;

struct ModelRunResult {
  /// `materializations[]` entries in completion order.
  std::vector<Json> materializations;
  /// `errors[]` entries (`{asset_key, error}`), failed then skipped models in run order.
  std::vector<Json> errors;
  /// `partition_summaries[]` entries, one per time_interval / microbatch model that ran.
  std::vector<Json> partition_summaries;
  /// `drift.actions_taken[]` entries (model columns changed).
  std::vector<Json> drift_actions;
  /// Models built (tables and views); ephemeral models are not among them.
  int64_t succeeded = 0;
  int64_t failed = 0;
  /// Ephemeral models that rendered: they build nothing, each is inlined as a CTE into its
  /// consumers (`models_inlined[]`, run order).
  std::vector<std::string> inlined;
  int64_t skipped = 0;
  int64_t schemas_created = 0;
  /// Models left out because they succeeded in the resumed run (part of `skipped`).
  int64_t skipped_by_resume = 0;
  std::optional<std::string> resumed_from;
  bool interrupted = false;
  std::vector<state::RunUnit> units;             // one per model (kind model)
  std::vector<state::QualitySnapshot> quality;   // one per built table
};

/// Builds the models. Never throws; every failure is a failed model.
ModelRunResult RunModels(const ModelProjectView& project, sdk::WarehouseAdapter& target,
                         const RunServices& services, const ModelRunOptions& options,
                         const std::string& pipeline_name);

/// The RunOutput document (cli.md §3) of a transformation pipeline: `tables_copied` /
/// `tables_failed` count models, `tables_skipped` the models skipped after a failed
/// dependency.
Json TransformationRunOutput(const config::PipelineConfig& pipeline, const std::string& run_id,
                             int64_t duration_ms, const ModelRunResult& result,
                             const RunServices& services, int64_t concurrency);

/// Adds a model run to a replication RunOutput (`run --models/--all`): materializations and
/// errors appended, tables_copied / tables_failed / execution counts include the models,
/// `tables_skipped` the skipped models, drift actions and partition_summaries added.
void MergeModelRunInto(Json& output, const ModelRunResult& result);

/// The statements a run would execute, in execution order, without running them (`plan`):
/// schema creation (when allowed), then each model's statements (`model`, or `partition` per
/// planned batch); only the models and schemas of `options.only` when it is set. Reads the
/// targets and the state store as a run would.
Result<std::vector<sdk::Statement>> PlanModels(const ModelProjectView& project,
                                               sdk::WarehouseAdapter& target,
                                               state::StateStore& state,
                                               const ModelRunOptions& options);

/// The run status of a model run alone (success, partial_failure or failure).
state::RunStatus ModelRunStatus(const ModelRunResult& result);

}  // namespace rocky::runtime
