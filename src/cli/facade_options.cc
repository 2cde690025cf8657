#include "cli/facade_options.h"

#include "base/file.h"
#include "cli/run_flags.h"

namespace rocky::cli {

facade::ProjectOptions ProjectOptionsOf(const ParsedArgs& args) {
  facade::ProjectOptions options;
  options.models_dir = args.Get("models");
  options.pipeline = args.Get("pipeline");
  options.contracts_dir = args.Get("contracts");
  options.state_path = args.Get("state-path");
  return options;
}

Result<facade::ProjectModels> LoadProjectModels(Context& ctx) {
  auto config = ctx.Config();
  if (!config) return std::unexpected(config.error());
  return facade::LoadProjectModels(**config, ProjectOptionsOf(ctx.args()));
}

facade::PipelineRunOptions PipelineRunOptionsOf(const Context& ctx, const config::Config& config) {
  facade::PipelineRunOptions options;
  options.state_path = ctx.StatePath(config);
  options.progress =
      ctx.json() || !IsTerminal(2) ? runtime::ProgressMode::kLines : runtime::ProgressMode::kBar;
  return options;
}

Result<facade::ReplicationSession> OpenReplicationSession(Context& ctx, std::string_view command) {
  facade::ReplicationSessionOptions options;
  auto filters = ParseFilters(ctx.args());
  if (!filters) return std::unexpected(filters.error());
  options.filters = std::move(*filters);
  auto config = ctx.Config();
  if (!config) return std::unexpected(config.error());
  options.pipeline = ctx.args().Get("pipeline");
  options.cache = [&ctx, &cfg = **config] { return ctx.ProcessCache(cfg); };
  return facade::OpenReplicationSession(**config, std::move(options), command);
}

}  // namespace rocky::cli
