#pragma once
// The models of the project as model commands see them: `--models DIR`, else the selected
// transformation pipeline's `models`, else `<project>/models` (models.md §1), loaded and put in
// a DAG.

#include <filesystem>
#include <optional>
#include <vector>

#include "base/diagnostic.h"
#include "cli/context.h"
#include "core/dag.h"
#include "core/model_loader.h"

namespace rocky::cli {

struct ProjectModels {
  std::filesystem::path dir;
  core::ModelLoad load;
  core::DagBuild dag;
  /// Load and DAG diagnostics together.
  std::vector<Diagnostic> Diagnostics() const;
};

/// The models directory for this invocation (see above); `config` may be a default config.
std::filesystem::path ModelsDir(const Context& ctx, const core::Config& config);

/// Loads and orders the models. Operational failures only; model problems are diagnostics.
Result<ProjectModels> LoadProjectModels(Context& ctx);
/// The same with a configuration already loaded (validate loads it itself).
ProjectModels LoadProjectModels(const Context& ctx, const core::Config& config);

/// `file:line:col: message` for one diagnostic (or the bare message without a span).
std::string DiagnosticText(const Diagnostic& d);

}  // namespace rocky::cli
