#include "facade/lineage.h"

#include <fmt/format.h>

#include <deque>
#include <set>

#include "base/strings.h"

namespace rocky::facade {

namespace {

// The edges into one output column of a model.
void AppendEdgesInto(const project::Model& model, const compiler::BoundColumn& column,
                     std::vector<LineageEdge>& out) {
  for (const compiler::ColumnSource& s : column.sources)
    out.push_back({s.relation, s.column, model.name, column.name, s.transform});
}

// Output column `column` (any case) of model `id`, or nullptr.
const compiler::BoundColumn* FindOutputColumn(CompiledProject& compiled, project::ModelId id,
                                              std::string_view column) {
  compiled.types.DecodeColumns(id);
  const compiler::BoundColumn* found = nullptr;
  for (const auto& c : compiled.types.models[id].columns)
    if (EqualsIgnoreCase(c.name, column)) found = &c;
  return found;
}

}  // namespace

Json LineageEdge::ToJson() const {
  return Json::Object()
      .Set("source", Json::Object().Set("model", source_model).Set("column", source_column))
      .Set("target", Json::Object().Set("model", target_model).Set("column", target_column))
      .Set("transform", transform);
}

std::string LineageEdge::Dot() const {
  return fmt::format("  \"{}.{}\" -> \"{}.{}\" [label=\"{}\"];\n", source_model, source_column,
                     target_model, target_column, transform);
}

std::vector<LineageEdge> ModelLineage(CompiledProject& compiled, project::ModelId id) {
  compiled.types.DecodeColumns(id);
  std::vector<LineageEdge> edges;
  const project::Model& model = compiled.project.load.models[id];
  for (const auto& c : compiled.types.models[id].columns) AppendEdgesInto(model, c, edges);
  return edges;
}

std::optional<ColumnTrace> TraceColumn(CompiledProject& compiled, project::ModelId id,
                                       std::string_view column) {
  const auto& models = compiled.project.load.models;
  const project::ModelDag& dag = compiled.project.dag.dag;
  const compiler::BoundColumn* start = FindOutputColumn(compiled, id, column);
  if (!start) return std::nullopt;
  ColumnTrace trace{start->name, {}};
  std::vector<LineageEdge> first;
  AppendEdgesInto(models[id], *start, first);
  std::deque<LineageEdge> queue(first.begin(), first.end());
  std::set<std::string> seen;
  while (!queue.empty()) {
    LineageEdge e = std::move(queue.front());
    queue.pop_front();
    const std::string key =
        e.source_model + "." + e.source_column + ">" + e.target_model + "." + e.target_column;
    if (!seen.insert(ToLower(key)).second) continue;
    trace.edges.push_back(e);
    auto up = dag.Find(e.source_model);
    if (!up || e.source_model.find('.') != std::string::npos) continue;
    compiled.types.DecodeColumns(*up);
    std::vector<LineageEdge> next;
    for (const auto& c : compiled.types.models[*up].columns)
      if (EqualsIgnoreCase(c.name, e.source_column)) AppendEdgesInto(models[*up], c, next);
    queue.insert(queue.end(), next.begin(), next.end());
  }
  return trace;
}

std::optional<ColumnTrace> DownstreamImpact(CompiledProject& compiled, project::ModelId id,
                                            std::string_view column) {
  const project::ModelDag& dag = compiled.project.dag.dag;
  const compiler::BoundColumn* start = FindOutputColumn(compiled, id, column);
  if (!start) return std::nullopt;
  ColumnTrace impact{start->name, {}};
  // Columns known to be affected, as lower-case `model.column`.
  std::set<std::string> affected{ToLower(dag.name(id) + "." + start->name)};
  const std::vector<project::ModelId> below = dag.Downstream(id);
  const std::set<project::ModelId> reached(below.begin(), below.end());
  for (project::ModelId m : dag.order()) {  // parents before children
    if (!reached.contains(m)) continue;
    for (LineageEdge& e : ModelLineage(compiled, m)) {
      if (!affected.contains(ToLower(e.source_model + "." + e.source_column))) continue;
      if (!affected.insert(ToLower(e.target_model + "." + e.target_column)).second) continue;
      impact.edges.push_back(std::move(e));
    }
  }
  return impact;
}

}  // namespace rocky::facade
