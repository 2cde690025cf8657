#pragma once
// What `run` and `plan` share before building models: the compile against the target
// warehouse's schemas.

#include "adapter_sdk/warehouse_adapter.h"
#include "config/config.h"
#include "facade/project_compile.h"
#include "facade/project_options.h"
#include "runtime/model_runner.h"

namespace rocky::facade {

/// Compiles the models against `target`'s schemas (external relations are described through
/// it, and what it describes is cached in the state store for offline compiles); errors and
/// warnings are logged one per line.
CompiledProject CompileModels(const config::Config& cfg, const ProjectOptions& project,
                              sdk::WarehouseAdapter& target);

/// Sets what a run or a plan of `pipeline`'s models takes from the pipeline, its target adapter
/// and the compile: schema and catalog creation as the pipeline's governance allows, the
/// target's default warehouse, and the models' known output columns.
void ApplyPipelineModelOptions(runtime::ModelRunOptions& options,
                               const config::PipelineConfig& pipeline,
                               const config::AdapterConfig& target,
                               const CompiledProject& compiled);

}  // namespace rocky::facade
