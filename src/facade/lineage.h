#pragma once
// Column lineage over a compiled project (models.md §7): the edges into a model's output columns
// and the trace of one column back through upstream models to external sources. Shared by
// `rocky lineage`, `rocky serve` and the docs catalog.
//
// Columns restored from the compile cache are decoded as they are read (CompiledProject::types);
// a project compiled with columns_needed = true is only read, so several threads may share it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "facade/project_compile.h"
#include "project/dag.h"

namespace rocky::facade {

struct LineageEdge {
  std::string source_model;  // a model, or an external relation (`raw__orders.orders`)
  std::string source_column;
  std::string target_model;
  std::string target_column;
  std::string transform;  // direct, cast, aggregation: <fn>, expression, …

  /// `{source: {model, column}, target: {model, column}, transform}`.
  Json ToJson() const;
  /// One Graphviz edge line.
  std::string Dot() const;
};

/// The edges into every output column of model `id`, in column order.
std::vector<LineageEdge> ModelLineage(CompiledProject& compiled, project::ModelId id);

struct ColumnTrace {
  std::string column;  // as the model spells it
  std::vector<LineageEdge> edges;
};

/// The trace of `column` (any case) of model `id` back to external sources, breadth first
/// (nearest edges first), each edge once; nullopt when the model has no such output column.
std::optional<ColumnTrace> TraceColumn(CompiledProject& compiled, project::ModelId id,
                                       std::string_view column);

/// What changing or dropping `column` (any case) of model `id` touches downstream: every edge
/// from it into a dependent model's column, then from those columns on, in DAG order (each
/// dependent column once, reached through the first edge found). nullopt when the model has no
/// such output column.
std::optional<ColumnTrace> DownstreamImpact(CompiledProject& compiled, project::ModelId id,
                                            std::string_view column);

}  // namespace rocky::facade
