#pragma once
// The JSON bodies of `rocky serve`'s routes (services.md §5), built from a compiled project and
// the state store. The HTTP server only routes; the docs catalog and other front ends reuse the
// same views. Every view is a pure read of its inputs (columns are decoded when needed, see
// lineage.h).

#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "facade/project_compile.h"
#include "project/dag.h"

namespace rocky::state {
class StateStore;
}

namespace rocky::facade {

/// `{models: [{name, columns, has_star, upstream, downstream}], count}`. `columns` counts the
/// inferred output columns; `has_star` is true when the model's output is only partly known
/// (a star over a relation whose columns the compiler does not know).
Json ModelsView(CompiledProject& compiled);

/// `{name, sql, file_path, columns, typed_columns: [{name, type, nullable}], has_star,
/// upstream, downstream, strategy, target, contract?}`; `type` is the contract spelling
/// (`Int64`), `contract` the model's contract file as models.md §3 reads it.
Json ModelView(CompiledProject& compiled, project::ModelId id);

/// `{model, columns: [{name}], upstream, downstream, edges}`: the edges into the model.
Json ModelLineageView(CompiledProject& compiled, project::ModelId id);

/// `{model, column, trace}`, or nullopt when the model has no such column.
std::optional<Json> ColumnTraceView(CompiledProject& compiled, project::ModelId id,
                                    std::string_view column);

/// `{models, diagnostics, has_errors, layers}` (GET /api/v1/compile).
Json CompileView(const CompiledProject& compiled);

/// `{nodes: [{name, depends_on, layer, strategy}], edges: [{from, to}], execution_order}`;
/// an edge goes from a dependency to its dependent.
Json DagView(const CompiledProject& compiled);

/// `{layers: [[name]], total_models}`.
Json DagLayersView(const CompiledProject& compiled);

/// `{model, history: [{run_id, started_at, finished_at, duration_ms, rows_affected, status,
/// sql_hash}], count}`, at most 50, newest first; `store` may be null (no state yet).
Json ModelHistoryView(state::StateStore* store, const std::string& model);

/// `{model, metrics: [{timestamp, run_id, row_count, null_rates, freshness_lag_seconds}], count}`,
/// at most 20, newest first.
Json ModelMetricsView(state::StateStore* store, const std::string& model);

/// `{runs: [{run_id, pipeline, started_at, finished_at, status, models_executed, trigger}],
/// count}`, at most 50, newest first.
Json RunsView(state::StateStore* store);

}  // namespace rocky::facade
