#pragma once
// The facade's inputs from the command line: the global flags that select the project's parts
// (`--models`, `--pipeline`, `--contracts`, `--state-path`, `--filter`) and the output mode, as
// facade options.

#include <string_view>

#include "base/error.h"
#include "cli/args.h"
#include "cli/context.h"
#include "facade/project_models.h"
#include "facade/project_options.h"
#include "facade/replication_session.h"
#include "facade/run_support.h"

namespace rocky::cli {

/// `--models`, `--pipeline`, `--contracts` and `--state-path`.
facade::ProjectOptions ProjectOptionsOf(const ParsedArgs& args);

/// Loads the configuration, then the models (facade::LoadProjectModels). Operational failures
/// only; model problems are diagnostics.
Result<facade::ProjectModels> LoadProjectModels(Context& ctx);

/// A run's state path (`--state-path`, else `config`'s) and its progress: lines for JSON output
/// or when stderr is not a terminal, else a live bar.
facade::PipelineRunOptions PipelineRunOptionsOf(const Context& ctx, const config::Config& config);

/// Parses `--filter`s, loads the configuration and opens the replication session of
/// `--pipeline` with the process cache (facade::OpenReplicationSession).
Result<facade::ReplicationSession> OpenReplicationSession(Context& ctx, std::string_view command);

}  // namespace rocky::cli
