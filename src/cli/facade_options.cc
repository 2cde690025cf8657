#include "cli/facade_options.h"

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

}  // namespace rocky::cli
