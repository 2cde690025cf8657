#pragma once
// The adapters and discovery result a replication command (discover, plan, run) works with,
// resolved once from the config and the pipeline.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/registry.h"
#include "cli/context.h"
#include "core/replication_planner.h"

namespace rocky::cli {

struct ReplicationSession {
  const core::Config* config = nullptr;
  const core::PipelineConfig* pipeline = nullptr;
  const core::AdapterConfig* source_adapter = nullptr;
  const core::AdapterConfig* target_adapter = nullptr;
  std::unique_ptr<adapters::AdapterRegistry> registry;
  core::DiscoveryResult discovered;
  std::vector<core::SourceFilter> filters;
};

/// Loads the config, selects the replication pipeline (`--pipeline`), parses `--filter`s and
/// runs discovery. `command` names the command in selection errors.
Result<ReplicationSession> OpenReplicationSession(Context& ctx, std::string_view command);

}  // namespace rocky::cli
