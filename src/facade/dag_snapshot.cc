#include "facade/dag_snapshot.h"

namespace rocky::facade {

std::vector<SnapshotColumn> ModelSnapshotColumns(CompiledProject& compiled, size_t id) {
  compiled.types.DecodeColumns(id);
  std::vector<SnapshotColumn> columns;
  if (id >= compiled.types.models.size()) return columns;
  for (const compiler::BoundColumn& c : compiled.types.models[id].columns)
    columns.push_back({c.name, c.type.type.ToString()});
  return columns;
}

Json DagSnapshotJson(CompiledProject& compiled) {
  const project::ModelDag& dag = compiled.project.dag.dag;
  Json nodes = Json::Array();
  Json edges = Json::Array();
  const auto& models = compiled.project.load.models;
  for (size_t i = 0; i < models.size(); ++i) {
    const project::Model& m = models[i];
    Json columns = Json::Array();
    for (const SnapshotColumn& c : ModelSnapshotColumns(compiled, i))
      columns.Push(Json::Object().Set("name", c.name).Set("type", c.type));
    nodes.Push(Json::Object()
                   .Set("name", m.name)
                   .Set("target", m.target.Ref())
                   .Set("strategy", m.strategy.TypeName())
                   .Set("columns", std::move(columns)));
    if (auto id = dag.Find(m.name))
      for (project::ModelId dep : dag.dependencies(*id))
        edges.Push(Json::Object().Set("from", dag.name(dep)).Set("to", m.name));
  }
  return Json::Object().Set("models", std::move(nodes)).Set("edges", std::move(edges));
}

std::map<std::string, std::vector<SnapshotColumn>> SnapshotModelColumns(const Json& snapshot) {
  std::map<std::string, std::vector<SnapshotColumn>> out;
  const Json* models = snapshot.Find("models");
  if (!models || !models->IsArray()) return out;
  for (const Json& m : models->items()) {
    const Json* name = m.Find("name");
    const Json* columns = m.Find("columns");
    if (!name || !name->IsString() || !columns || !columns->IsArray()) continue;
    std::vector<SnapshotColumn>& list = out[name->AsString()];
    for (const Json& c : columns->items()) {
      const Json* column = c.Find("name");
      const Json* type = c.Find("type");
      if (column && column->IsString())
        list.push_back({column->AsString(), type && type->IsString() ? type->AsString() : ""});
    }
  }
  return out;
}

}  // namespace rocky::facade
