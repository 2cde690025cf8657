#pragma once
// The models of the project as model commands see them: ProjectOptions::models_dir (the CLI's
// `--models DIR`), else the selected transformation pipeline's `models`, else `<project>/models`
// (models.md §1), loaded, their SQL parsed for model references (§4) in the target's dialect,
// and put in a DAG.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "facade/project_options.h"
#include "project/dag.h"
#include "project/model_loader.h"
#include "project/model_references.h"
#include "sql/dialect.h"

namespace rocky::facade {

struct ProjectModels {
  std::filesystem::path dir;
  project::ModelLoad load;
  /// The dialect the `.sql` models were parsed in.
  const sql::Dialect* dialect = nullptr;
  /// P003: `.sql` models that are not a single parseable query; P001/P002: `.rocky` models
  /// that do not lower.
  std::vector<Diagnostic> sql_diagnostics;
  /// Each model's query (SQL text, reference sites, external relations), parallel to
  /// `load.models`.
  std::vector<project::ModelQuery> queries;
  project::DagBuild dag;
  /// Load, SQL and DAG diagnostics together.
  std::vector<Diagnostic> Diagnostics() const;
};

/// The models directory (see above); `config` may be a default config.
std::filesystem::path ModelsDir(const config::Config& config, const ProjectOptions& options);

/// The SQL dialect of the models: the one of the selected transformation pipeline's target
/// adapter type (duckdb, databricks, snowflake), DuckDB otherwise.
const sql::Dialect& ModelsDialect(const config::Config& config, const ProjectOptions& options);

/// Loads, resolves and orders the models; model problems are diagnostics. With a `cache`,
/// unchanged models are not read or parsed again (core/model_cache.h).
ProjectModels LoadProjectModels(const config::Config& config, const ProjectOptions& options,
                                project::ModelCache* cache = nullptr);

/// `file:line:col: message` for one diagnostic (or the bare message without a span).
std::string DiagnosticText(const Diagnostic& d);

}  // namespace rocky::facade
