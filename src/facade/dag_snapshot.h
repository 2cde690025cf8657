#pragma once
// The DAG snapshot `rocky run` records in the state store after the models ran (the
// `dag_snapshots` table): the models with their target, strategy and typed output columns, and
// the dependency edges. `rocky ai-sync` compares the columns of today's compile with the latest
// snapshot to find what changed upstream of each model.
//
//   {"models": [{"name", "target", "strategy", "columns": [{"name", "type"}]}],
//    "edges": [{"from", "to"}]}
//
// `type` is the contract spelling without nullability (`Int64`, `Decimal(10,2)`, `Unknown`).

#include <map>
#include <string>
#include <vector>

#include "base/json.h"
#include "facade/project_compile.h"

namespace rocky::facade {

struct SnapshotColumn {
  std::string name;
  std::string type;
  bool operator==(const SnapshotColumn&) const = default;
};

/// The output columns of model `id` as a snapshot spells them (decodes cached columns).
std::vector<SnapshotColumn> ModelSnapshotColumns(CompiledProject& compiled, size_t id);

/// The snapshot of `compiled`'s models and edges.
Json DagSnapshotJson(CompiledProject& compiled);

/// The columns of every model of a snapshot that recorded them, by model name (snapshots
/// written before columns were recorded give an empty map).
std::map<std::string, std::vector<SnapshotColumn>> SnapshotModelColumns(const Json& snapshot);

}  // namespace rocky::facade
