#pragma once
// What a front end says about the project besides `rocky.toml`: the CLI's global flags, a
// server's request. An empty field means what the configuration says.

#include <map>
#include <optional>
#include <string>

namespace rocky::config {
struct Config;
}

namespace rocky::facade {

struct ProjectOptions {
  /// The models folder; empty: the selected transformation pipeline's `models`, else
  /// `<project>/models` (models.md §1).
  std::optional<std::string> models_dir;
  /// The pipeline by name; empty: the only pipeline of the type the operation needs.
  std::optional<std::string> pipeline;
  /// A folder of `<name>.contract.toml` files that win over the models' sibling contracts.
  std::optional<std::string> contracts_dir;
  /// The state store; empty: `[state].path`, else `<project>/.rocky/state.db`.
  std::optional<std::string> state_path;
  /// Unsaved editor buffers (the LSP): model and sidecar text by lexically normal path, winning
  /// over the files on disk (project::ModelLoadOptions::overlays).
  std::map<std::string, std::string> overlays;
};

/// The state store's path: `options.state_path`, else the configuration's.
std::string StatePath(const config::Config& config, const ProjectOptions& options);

}  // namespace rocky::facade
