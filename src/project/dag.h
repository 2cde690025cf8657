#pragma once
// The model DAG (models.md §4). Models get dense ids (their index in the model list); edges are
// `depends_on` ∪ `sql_references`, names compared case-insensitively. The order is Kahn's
// algorithm with ties broken by name, `layer(m)` is 0 without model dependencies and else
// 1 + the largest layer of its dependencies. Building is linear in models + edges, apart from
// the name-ordered ready queue (a binary heap).
//
// SQL references are an input: the loader leaves `Model::sql_references` empty and a later step
// fills it from the parsed query; references that name no model are external relations and are
// ignored here.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/name_index.h"
#include <vector>

#include "base/diagnostic.h"
#include "project/model.h"

namespace rocky::project {

using ModelId = uint32_t;

/// Diagnostic code of DAG errors (unknown dependencies, cycles), as `rocky validate` lists them.
inline constexpr std::string_view kDagErrorCode = "V031";
/// Info: explicit `depends_on` leaves out a model referenced in SQL.
inline constexpr std::string_view kMissingDependsOnCode = "D011";

class ModelDag {
 public:
  /// Number of models (ids are 0 .. size()-1).
  size_t size() const { return names_.size(); }
  const std::string& name(ModelId id) const { return names_[id]; }
  /// The model named `name`, case-insensitively.
  std::optional<ModelId> Find(std::string_view name) const;

  /// Direct dependencies (upstream models), in name order.
  std::span<const ModelId> dependencies(ModelId id) const;
  /// Direct dependents (downstream models), in name order.
  std::span<const ModelId> dependents(ModelId id) const;
  /// Every model `id` depends on, directly or not, in name order.
  std::vector<ModelId> Upstream(ModelId id) const;
  /// Every model that depends on `id`, directly or not, in name order.
  std::vector<ModelId> Downstream(ModelId id) const;

  /// False when there is a cycle; order() and layers then cover only the models outside cycles
  /// and their downstream.
  bool acyclic() const { return order_.size() == names_.size(); }
  /// Topological order: Kahn's algorithm, the smallest name first among ready models.
  const std::vector<ModelId>& order() const { return order_; }
  /// The layer of a model, or -1 for a model in or downstream of a cycle.
  int layer(ModelId id) const { return layers_[id]; }
  /// The number of distinct layers.
  int execution_layers() const { return execution_layers_; }
  /// Models per layer, each layer in topological order.
  std::vector<std::vector<ModelId>> Layers() const;

 private:
  friend struct DagBuilder;
  std::vector<std::string> names_;
  NameIndex by_name_;
  std::vector<uint32_t> rank_;  // position of each id in name order
  // Compressed adjacency: edges of id i are [offsets[i], offsets[i+1]).
  std::vector<uint32_t> dep_offsets_, dep_edges_;
  std::vector<uint32_t> out_offsets_, out_edges_;
  std::vector<ModelId> order_;
  std::vector<int> layers_;
  int execution_layers_ = 0;
};

struct DagBuild {
  ModelDag dag;
  /// Errors (unknown dependency, cycles) and D011 infos, in model name order.
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !HasErrors(diagnostics); }
};

/// Builds the DAG of `models` (ids are indexes into `models`; names should be unique, the first
/// of a case-insensitive clash wins). Errors:
/// `unknown dependency 'd' referenced by 'm'` (at the `depends_on` entry) and
/// `circular dependency detected involving: [a, b, c]` (one per cycle, names sorted).
DagBuild BuildModelDag(const std::vector<Model>& models);

}  // namespace rocky::project
