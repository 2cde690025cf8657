#pragma once
// The adapters and discovery result a replication command (discover, plan, run) works with,
// resolved once from the config and the pipeline.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/registry.h"
#include "cli/context.h"
#include "replication/replication_planner.h"

namespace rocky::cli {

struct ReplicationSession {
  const config::Config* config = nullptr;
  const config::PipelineConfig* pipeline = nullptr;
  const config::AdapterConfig* source_adapter = nullptr;
  const config::AdapterConfig* target_adapter = nullptr;
  std::unique_ptr<adapters::AdapterRegistry> registry;
  replication::DiscoveryResult discovered;
  std::vector<replication::SourceFilter> filters;
};

/// Loads the config, selects the replication pipeline (`--pipeline`), parses `--filter`s and
/// runs discovery. `command` names the command in selection errors.
Result<ReplicationSession> OpenReplicationSession(Context& ctx, std::string_view command);

}  // namespace rocky::cli
