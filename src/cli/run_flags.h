#pragma once
// The flags the pipeline commands share (`run`, `plan`, `discover`, `compare`), parsed into
// the runners' and the facade's options.

#include <vector>

#include "base/error.h"
#include "cli/args.h"
#include "replication/governance.h"
#include "replication/source_selection.h"
#include "runtime/model_runner.h"

namespace rocky::runtime {
class PipesSession;
}

namespace rocky::cli {

/// The `--filter KEY=VALUE` flags (repeatable), in order.
Result<std::vector<replication::SourceFilter>> ParseFilters(const ParsedArgs& args);

/// `--partition K | --from A --to B | --latest | --missing`, `--lookback N`, `--parallel N` and
/// `--full-refresh` (cli.md §3); with no selection flag, the Dagster Pipes `partition_key` of
/// `pipes` when given. Usage errors for bad values and conflicting flags.
Result<runtime::ModelRunOptions> ParseModelOptions(const ParsedArgs& args,
                                                   const runtime::PipesSession* pipes);

/// `--governance-override JSON|@file.json` (cli.md §4): `{"workspace_ids": [{"id",
/// "binding_type"}], "grants": [...], "schema_grants": [...]}`; empty when the flag is absent.
Result<replication::GovernanceOverride> ParseGovernanceOverride(const ParsedArgs& args);

}  // namespace rocky::cli
