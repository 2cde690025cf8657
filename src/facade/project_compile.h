#pragma once
// The compile stage every model command shares (`compile`, `run`, `plan`): the project's models
// loaded, parsed and put in a DAG (project_models.h), checked against the target dialect
// (E030/W030/W031/E031), type-checked layer by layer and checked against their contracts
// (compiler/type_check.h).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "adapter_sdk/sql_dialect.h"
#include "base/diagnostic.h"
#include "base/json.h"
#include "compiler/binder.h"
#include "compiler/type_check.h"
#include "compiler/warehouse_catalog.h"
#include "facade/project_models.h"

namespace rocky::project {
class ModelCache;
}

namespace rocky::facade {

struct CompiledProject {
  ProjectModels project;
  /// Owns what `types.undecoded` points into.
  std::shared_ptr<project::ModelCache> cache;
  compiler::TypeCheckResult types;
  /// Every diagnostic: load, parse, DAG, dialect, binder, contracts.
  std::vector<Diagnostic> diagnostics;
  int64_t errors = 0;
  int64_t warnings = 0;
  int64_t project_load_ms = 0;
  int64_t semantic_graph_ms = 0;
  int64_t total_ms = 0;

  /// The model's inferred output column names when fully known, else empty.
  std::vector<std::vector<std::string>> KnownOutputColumns() const;
};

/// The warehouse dialect the models are generated for (the one of ModelsDialect).
const sdk::SqlDialect& ModelsSqlDialect(const sql::Dialect& dialect);

struct CompileOptions {
  /// Answers external relations (a WarehouseCatalog during runs); nullptr: the source schemas
  /// cached in the state store, and Unknown for relations not cached there.
  const compiler::Catalog* externals = nullptr;
  /// Reuse and update the compile cache `<state dir>/compile_cache.bin` (core/model_cache.h).
  bool use_cache = true;
  /// False when the caller reads diagnostics only (compile, ci): output columns restored from
  /// the cache are then not decoded (CompiledProject::types columns may be empty).
  bool columns_needed = true;
};

/// Compiles the project `project` names.
CompiledProject CompileProject(const config::Config& config, const ProjectOptions& project,
                               const CompileOptions& options = {});

/// The source schemas cached in the state store by earlier runs; nullptr when there are none or
/// the store cannot be read (compiles then treat sources as Unknown).
std::unique_ptr<compiler::CachedSchemaCatalog> CachedSources(const config::Config& config,
                                                             const ProjectOptions& project);

/// Where the project's compile cache lives: beside the state store.
std::string CompileCachePath(const config::Config& config, const ProjectOptions& project);

/// The Diagnostic JSON of models.md §8.
Json DiagnosticJson(const Diagnostic& d);

}  // namespace rocky::facade
