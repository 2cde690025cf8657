#pragma once
// The facade's inputs from the command line: the global flags that select the project's parts
// (`--models`, `--pipeline`, `--contracts`, `--state-path`) as facade options.

#include "base/error.h"
#include "cli/args.h"
#include "cli/context.h"
#include "facade/project_models.h"
#include "facade/project_options.h"

namespace rocky::cli {

/// `--models`, `--pipeline`, `--contracts` and `--state-path`.
facade::ProjectOptions ProjectOptionsOf(const ParsedArgs& args);

/// Loads the configuration, then the models (facade::LoadProjectModels). Operational failures
/// only; model problems are diagnostics.
Result<facade::ProjectModels> LoadProjectModels(Context& ctx);

}  // namespace rocky::cli
