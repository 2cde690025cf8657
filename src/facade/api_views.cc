#include "facade/api_views.h"

#include "base/log.h"
#include "base/time.h"
#include "facade/lineage.h"
#include "state/state_store.h"

namespace rocky::facade {

namespace {

Json Names(const project::ModelDag& dag, std::span<const project::ModelId> ids) {
  Json list = Json::Array();
  for (project::ModelId id : ids) list.Push(dag.name(id));
  return list;
}

const compiler::CompiledModel& Columns(CompiledProject& compiled, project::ModelId id) {
  compiled.types.DecodeColumns(id);
  return compiled.types.models[id];
}

bool HasStar(const compiler::CompiledModel& model) {
  return model.partially_unknown || !model.bound;
}

Json StrategyJson(const project::Model& m) {
  if (m.strategy.type() == project::StrategyType::kFullRefresh)
    return Json::Object().Set("type", "full_refresh");
  return m.strategy.ToJson();
}

// A state read that failed: logged, answered as no data (the routes never fail on state).
template <typename T>
std::vector<T> OrEmpty(Result<std::vector<T>> read, std::string_view what) {
  if (read) return std::move(*read);
  LogWarn("reading {} from the state store failed: {}", what, read.error().Text());
  return {};
}

}  // namespace

Json ModelsView(CompiledProject& compiled) {
  const project::ModelDag& dag = compiled.project.dag.dag;
  Json models = Json::Array();
  for (project::ModelId id = 0; id < dag.size(); ++id) {
    const compiler::CompiledModel& cm = Columns(compiled, id);
    models.Push(Json::Object()
                    .Set("name", dag.name(id))
                    .Set("columns", static_cast<int64_t>(cm.columns.size()))
                    .Set("has_star", HasStar(cm))
                    .Set("upstream", Names(dag, dag.dependencies(id)))
                    .Set("downstream", Names(dag, dag.dependents(id))));
  }
  const auto count = static_cast<int64_t>(dag.size());
  return Json::Object().Set("models", std::move(models)).Set("count", count);
}

Json ModelView(CompiledProject& compiled, project::ModelId id) {
  const project::ModelDag& dag = compiled.project.dag.dag;
  const project::Model& m = compiled.project.load.models[id];
  const compiler::CompiledModel& cm = Columns(compiled, id);
  Json names = Json::Array();
  Json typed = Json::Array();
  for (const auto& c : cm.columns) {
    names.Push(c.name);
    typed.Push(Json::Object()
                   .Set("name", c.name)
                   .Set("type", c.type.type.ToString())
                   .Set("nullable", c.type.nullable));
  }
  Json out = Json::Object()
                 .Set("name", m.name)
                 .Set("sql", m.text)
                 .Set("file_path", m.path)
                 .Set("columns", std::move(names))
                 .Set("typed_columns", std::move(typed))
                 .Set("has_star", HasStar(cm))
                 .Set("upstream", Names(dag, dag.dependencies(id)))
                 .Set("downstream", Names(dag, dag.dependents(id)))
                 .Set("strategy", StrategyJson(m))
                 .Set("target", Json::Object()
                                    .Set("catalog", m.target.catalog)
                                    .Set("schema", m.target.schema)
                                    .Set("table", m.target.table));
  if (m.contract) out.Set("contract", m.contract->ToJson());
  return out;
}

Json ModelLineageView(CompiledProject& compiled, project::ModelId id) {
  const project::ModelDag& dag = compiled.project.dag.dag;
  Json columns = Json::Array();
  for (const auto& c : Columns(compiled, id).columns)
    columns.Push(Json::Object().Set("name", c.name));
  Json edges = Json::Array();
  for (const LineageEdge& e : ModelLineage(compiled, id)) edges.Push(e.ToJson());
  return Json::Object()
      .Set("model", dag.name(id))
      .Set("columns", std::move(columns))
      .Set("upstream", Names(dag, dag.dependencies(id)))
      .Set("downstream", Names(dag, dag.dependents(id)))
      .Set("edges", std::move(edges));
}

std::optional<Json> ColumnTraceView(CompiledProject& compiled, project::ModelId id,
                                    std::string_view column) {
  auto trace = TraceColumn(compiled, id, column);
  if (!trace) return std::nullopt;
  Json edges = Json::Array();
  for (const LineageEdge& e : trace->edges) edges.Push(e.ToJson());
  return Json::Object()
      .Set("model", compiled.project.dag.dag.name(id))
      .Set("column", trace->column)
      .Set("trace", std::move(edges));
}

Json CompileView(const CompiledProject& compiled) {
  Json diagnostics = Json::Array();
  bool has_errors = false;
  for (const Diagnostic& d : compiled.diagnostics) {
    diagnostics.Push(DiagnosticJson(d));
    has_errors = has_errors || d.severity == Severity::kError;
  }
  return Json::Object()
      .Set("models", static_cast<int64_t>(compiled.project.load.models.size()))
      .Set("diagnostics", std::move(diagnostics))
      .Set("has_errors", has_errors)
      .Set("layers", static_cast<int64_t>(compiled.project.dag.dag.execution_layers()));
}

Json DagView(const CompiledProject& compiled) {
  const project::ModelDag& dag = compiled.project.dag.dag;
  const auto& models = compiled.project.load.models;
  Json nodes = Json::Array();
  Json edges = Json::Array();
  for (project::ModelId id = 0; id < dag.size(); ++id) {
    nodes.Push(Json::Object()
                   .Set("name", dag.name(id))
                   .Set("depends_on", Names(dag, dag.dependencies(id)))
                   .Set("layer", static_cast<int64_t>(std::max(0, dag.layer(id))))
                   .Set("strategy", models[id].strategy.TypeName()));
    for (project::ModelId up : dag.dependencies(id))
      edges.Push(Json::Object().Set("from", dag.name(up)).Set("to", dag.name(id)));
  }
  Json order = Json::Array();
  for (project::ModelId id : dag.order()) order.Push(dag.name(id));
  return Json::Object()
      .Set("nodes", std::move(nodes))
      .Set("edges", std::move(edges))
      .Set("execution_order", std::move(order));
}

Json DagLayersView(const CompiledProject& compiled) {
  const project::ModelDag& dag = compiled.project.dag.dag;
  Json layers = Json::Array();
  for (const auto& layer : dag.Layers()) layers.Push(Names(dag, layer));
  return Json::Object()
      .Set("layers", std::move(layers))
      .Set("total_models", static_cast<int64_t>(dag.size()));
}

Json ModelHistoryView(state::StateStore* store, const std::string& model) {
  Json history = Json::Array();
  if (store) {
    for (const auto& e : OrEmpty(store->ModelHistory(model, {.limit = 50}), "model history")) {
      Json rows = e.rows_affected ? Json(*e.rows_affected) : Json(nullptr);
      Json hash = e.sql_hash ? Json(*e.sql_hash) : Json(nullptr);
      history.Push(Json::Object()
                       .Set("run_id", e.run_id)
                       .Set("started_at", FormatRfc3339(e.started_at))
                       .Set("finished_at",
                            FormatRfc3339(e.started_at + std::chrono::milliseconds(e.duration_ms)))
                       .Set("duration_ms", e.duration_ms)
                       .Set("rows_affected", std::move(rows))
                       .Set("status", std::string(state::ToString(e.status)))
                       .Set("sql_hash", std::move(hash)));
    }
  }
  const auto count = static_cast<int64_t>(history.items().size());
  return Json::Object().Set("model", model).Set("history", std::move(history)).Set("count", count);
}

Json ModelMetricsView(state::StateStore* store, const std::string& model) {
  Json metrics = Json::Array();
  if (store) {
    for (const auto& q : OrEmpty(store->QualityHistory(model, 20), "quality history")) {
      Json null_rates = Json::Object();
      for (const auto& r : q.null_rates) null_rates.Set(r.column, r.rate);
      Json lag = q.freshness_lag_seconds ? Json(*q.freshness_lag_seconds) : Json(nullptr);
      metrics.Push(Json::Object()
                       .Set("timestamp", FormatRfc3339(q.timestamp))
                       .Set("run_id", q.run_id)
                       .Set("row_count", q.row_count)
                       .Set("null_rates", std::move(null_rates))
                       .Set("freshness_lag_seconds", std::move(lag)));
    }
  }
  const auto count = static_cast<int64_t>(metrics.items().size());
  return Json::Object().Set("model", model).Set("metrics", std::move(metrics)).Set("count", count);
}

Json RunsView(state::StateStore* store) {
  Json runs = Json::Array();
  if (store) {
    for (const auto& r : OrEmpty(store->ListRuns({.limit = 50}), "run history")) {
      runs.Push(Json::Object()
                    .Set("run_id", r.run_id)
                    .Set("pipeline", r.pipeline)
                    .Set("started_at", FormatRfc3339(r.started_at))
                    .Set("finished_at", FormatRfc3339(r.finished_at))
                    .Set("status", std::string(state::ToString(r.status)))
                    .Set("models_executed", static_cast<int64_t>(r.units.size()))
                    .Set("trigger", std::string(state::ToString(r.trigger))));
    }
  }
  const auto count = static_cast<int64_t>(runs.items().size());
  return Json::Object().Set("runs", std::move(runs)).Set("count", count);
}

}  // namespace rocky::facade
