#include "cli/replication_session.h"

namespace rocky::cli {

Result<ReplicationSession> OpenReplicationSession(Context& ctx, std::string_view command) {
  ReplicationSession s;
  for (const auto& f : ctx.args().GetAll("filter")) {
    auto parsed = replication::ParseSourceFilter(f);
    if (!parsed) return std::unexpected(parsed.error());
    s.filters.push_back(std::move(*parsed));
  }
  auto config = ctx.Config();
  if (!config) return std::unexpected(config.error());
  s.config = *config;
  auto pipeline = config::SelectPipelineFor(*s.config, ctx.args().Get("pipeline"), command,
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
  s.registry =
      std::make_unique<adapters::AdapterRegistry>(*s.config, ctx.ProcessCache(*s.config));
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

}  // namespace rocky::cli
