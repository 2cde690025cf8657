#pragma once
// The adapters and discovery result a replication command (discover, plan, run) works with,
// resolved once from the config and the pipeline.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/registry.h"
#include "base/cache.h"
#include "replication/replication_planner.h"

namespace rocky::facade {

struct ReplicationSession {
  const config::Config* config = nullptr;
  const config::PipelineConfig* pipeline = nullptr;
  const config::AdapterConfig* source_adapter = nullptr;
  const config::AdapterConfig* target_adapter = nullptr;
  std::unique_ptr<adapters::AdapterRegistry> registry;
  replication::DiscoveryResult discovered;
  std::vector<replication::SourceFilter> filters;
};

struct ReplicationSessionOptions {
  /// The replication pipeline by name; empty: the only one.
  std::optional<std::string> pipeline;
  /// The sources to discover (replication::ParseSourceFilter); empty: every one.
  std::vector<replication::SourceFilter> filters;
  /// The cache discovery goes through, asked for once the adapters resolve; empty: uncached.
  std::function<Cache*()> cache;
};

/// Selects the replication pipeline, resolves its adapters and runs discovery. `command` names
/// the command in selection errors.
Result<ReplicationSession> OpenReplicationSession(const config::Config& config,
                                                  ReplicationSessionOptions options,
                                                  std::string_view command);

}  // namespace rocky::facade
