#pragma once
// The project an MCP session works on, compiled once and kept warm between tool calls: before
// each use the models folder, the macros folder beside it and the contracts folder are listed
// with modification times and sizes, and the project is compiled again only when that listing
// changed. The configuration is read once, when the server starts. The state store and
// the target warehouse are opened per call and closed after it, so `rocky run` in another
// process is never locked out between calls. Single-threaded: the server answers one request at
// a time.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "config/config.h"
#include "facade/project_compile.h"
#include "facade/project_options.h"

namespace rocky::adapters {
class AdapterRegistry;
}
namespace rocky::sdk {
class WarehouseAdapter;
}
namespace rocky::state {
class StateStore;
}

namespace rocky::mcp {

class ProjectSession {
 public:
  ProjectSession(config::Config config, facade::ProjectOptions project);
  ~ProjectSession();

  const config::Config& config() const { return config_; }
  const facade::ProjectOptions& project() const { return project_; }

  /// The compiled project (every model's columns decoded), compiled again first when a model
  /// file, sidecar, macro or contract changed since the last compile.
  facade::CompiledProject& Compiled();
  /// How many compiles ran (the first included).
  int64_t compiles() const { return compiles_; }

  /// The files of the compiled models: each model file, its sidecar and its contract, as
  /// absolute lexically normal paths, sorted.
  std::vector<std::string> ModelFiles();

  /// The state store read-only, or null when there is none yet.
  std::unique_ptr<state::StateStore> OpenState() const;
  std::string StatePath() const;

  /// The selected transformation pipeline (ProjectOptions::pipeline, else the only one).
  Result<const config::PipelineConfig*> Pipeline() const;

  /// The pipeline's target warehouse, opened through `registry` (which owns it).
  Result<sdk::WarehouseAdapter*> Target(adapters::AdapterRegistry& registry,
                                        const config::PipelineConfig& pipeline) const;

 private:
  /// The files a compile reads, with their modification times and sizes, as one text.
  std::string Listing() const;

  config::Config config_;
  facade::ProjectOptions project_;
  std::unique_ptr<facade::CompiledProject> compiled_;
  std::string listing_;
  int64_t compiles_ = 0;
};

}  // namespace rocky::mcp
