#include "facade/project_options.h"

#include "config/config.h"

namespace rocky::facade {

std::string StatePath(const config::Config& config, const ProjectOptions& options) {
  if (options.state_path) return *options.state_path;
  return config::ResolveStatePath(config);
}

}  // namespace rocky::facade
