#pragma once
// What `run` and `plan` share before building models: the model options from the command line
// (partition selection, --parallel, --full-refresh) and the compile against the target
// warehouse's schemas.

#include "adapter_sdk/warehouse_adapter.h"
#include "cli/args.h"
#include "cli/context.h"
#include "cli/project_compile.h"
#include "config/config.h"
#include "runtime/model_runner.h"

namespace rocky::runtime {
class PipesSession;
}

namespace rocky::cli {

/// `--partition K | --from A --to B | --latest | --missing`, `--lookback N`, `--parallel N` and
/// `--full-refresh` (cli.md §3); with no selection flag, the Dagster Pipes `partition_key` of
/// `pipes` when given. Usage errors for bad values and conflicting flags.
Result<runtime::ModelRunOptions> ParseModelOptions(const ParsedArgs& args,
                                                   const runtime::PipesSession* pipes);

/// Compiles the models against `target`'s schemas (external relations are described through
/// it, and what it describes is cached in the state store for offline compiles); errors and
/// warnings are logged one per line.
CompiledProject CompileModels(const Context& ctx, const config::Config& cfg,
                              sdk::WarehouseAdapter& target);

}  // namespace rocky::cli
