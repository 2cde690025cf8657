#include "facade/replication_session.h"

namespace rocky::facade {

Result<ReplicationSession> OpenReplicationSession(const config::Config& config,
                                                  ReplicationSessionOptions options,
                                                  std::string_view command) {
  ReplicationSession s;
  s.filters = std::move(options.filters);
  s.config = &config;
  auto pipeline = config::SelectPipelineFor(*s.config, options.pipeline, command,
                                            {config::PipelineType::kReplication});
  if (!pipeline) return std::unexpected(pipeline.error());
  s.pipeline = *pipeline;
  auto source = config::ResolveAdapter(*s.config, *s.pipeline, config::AdapterRole::kSource);
  if (!source) return std::unexpected(source.error());
  auto target = config::ResolveAdapter(*s.config, *s.pipeline, config::AdapterRole::kTarget);
  if (!target) return std::unexpected(target.error());
  auto discovery = config::ResolveAdapter(*s.config, *s.pipeline, config::AdapterRole::kDiscovery);
  if (!discovery) return std::unexpected(discovery.error());
  s.source_adapter = *source;
  s.target_adapter = *target;
  s.registry = std::make_unique<adapters::AdapterRegistry>(
      *s.config, options.cache ? options.cache() : nullptr);
  auto discoverer = s.registry->Discovery(**discovery);
  if (!discoverer) return std::unexpected(discoverer.error());
  sdk::WarehouseAdapter* source_wh = nullptr;
  if (!s.pipeline->source.catalog.empty()) {
    auto wh = s.registry->Warehouse(*s.source_adapter);
    if (wh) source_wh = *wh;
  }
  auto found = replication::DiscoverSources(*s.pipeline, **discoverer, source_wh, s.filters);
  if (!found) return std::unexpected(found.error());
  s.discovered = std::move(*found);
  return s;
}

}  // namespace rocky::facade
