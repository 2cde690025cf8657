#include "facade/model_usage.h"

namespace rocky::facade {

Result<std::vector<runtime::ModelUsage>> CollectModelUsage(const CompiledProject& compiled,
                                                           state::StateStore& store) {
  const auto& models = compiled.project.load.models;
  const auto& dag = compiled.project.dag.dag;
  std::vector<runtime::ModelUsage> out;
  out.reserve(models.size());
  for (size_t i = 0; i < models.size(); ++i) {
    const auto& model = models[i];
    runtime::ModelUsage usage;
    usage.model_name = model.name;
    usage.strategy = model.strategy.TypeName();
    if (i < compiled.types.models.size()) {
      for (const auto& column : compiled.types.models[i].columns) {
        if (!column.type.type.IsTimestamp()) continue;
        usage.timestamp_column = column.name;
        break;
      }
    }
    if (auto id = dag.Find(model.name))
      usage.consumers = static_cast<int64_t>(dag.dependents(*id).size());
    state::RunQuery all;
    all.limit = 0;
    auto executions = store.ModelHistory(model.name, all);
    if (!executions) return std::unexpected(executions.error());
    usage.executions = std::move(*executions);
    auto quality = store.QualityHistory(model.name, 1);
    if (!quality) return std::unexpected(quality.error());
    if (!quality->empty()) usage.latest_row_count = quality->front().row_count;
    out.push_back(std::move(usage));
  }
  return out;
}

}  // namespace rocky::facade
