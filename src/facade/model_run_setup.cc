#include "facade/model_run_setup.h"

#include "base/log.h"
#include "base/time.h"
#include "compiler/warehouse_catalog.h"
#include "state/state_store.h"

namespace rocky::facade {

// Compiles the models against the target warehouse's schemas; errors and warnings are logged
// one per line.
CompiledProject CompileModels(const config::Config& cfg, const ProjectOptions& project,
                              sdk::WarehouseAdapter& target) {
  compiler::WarehouseCatalog externals(target, "");
  CompiledProject compiled = CompileProject(cfg, project, CompileOptions{&externals});
  // What the warehouse said about the sources, for offline compiles (`rocky compile`).
  if (auto described = externals.Described(NowUtc()); !described.empty()) {
    auto store = state::StateStore::Open(StatePath(cfg, project), state::OpenMode::kReadWrite);
    auto cached = store ? store->PutSourceSchemas(described) : Result<void>(std::unexpected(store.error()));
    if (!cached) LogWarn("source schemas not cached: {}", cached.error().message);
  }
  for (const Diagnostic& d : compiled.diagnostics) {
    if (d.severity == Severity::kError) LogError("[{}] {}", d.code, DiagnosticText(d));
    else if (d.severity == Severity::kWarning) LogWarn("[{}] {}", d.code, DiagnosticText(d));
  }
  return compiled;
}

void ApplyPipelineModelOptions(runtime::ModelRunOptions& options,
                               const config::PipelineConfig& pipeline,
                               const config::AdapterConfig& target,
                               const CompiledProject& compiled) {
  options.auto_create_schemas = pipeline.target.governance.AutoCreateSchemas(&target);
  options.auto_create_catalogs = pipeline.target.governance.auto_create_catalogs;
  options.default_warehouse = target.warehouse;
  options.known_columns = compiled.KnownOutputColumns();
}

}  // namespace rocky::facade
