#include "mcp/project_session.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>
#include <system_error>

#include "adapters/registry.h"
#include "base/log.h"
#include "facade/project_models.h"
#include "state/state_store.h"

namespace rocky::mcp {

namespace fs = std::filesystem;

ProjectSession::ProjectSession(config::Config config, facade::ProjectOptions project)
    : config_(std::move(config)), project_(std::move(project)) {}

ProjectSession::~ProjectSession() = default;

std::string ProjectSession::Listing() const {
  std::string out;
  auto list = [&](const fs::path& dir) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code stat_ec;
      if (!it->is_regular_file(stat_ec)) continue;
      auto mtime = it->last_write_time(stat_ec);
      auto size = it->file_size(stat_ec);
      if (stat_ec) continue;
      out += fmt::format("{}|{}|{}\n", it->path().string(), mtime.time_since_epoch().count(), size);
    }
  };
  const fs::path models = facade::ModelsDir(config_, project_);
  list(models);
  list((models / ".." / "macros").lexically_normal());  // project/macros.h
  if (project_.contracts_dir) list(*project_.contracts_dir);
  return out;
}

facade::CompiledProject& ProjectSession::Compiled() {
  std::string listing = Listing();
  if (compiled_ && listing == listing_) return *compiled_;
  compiled_ = std::make_unique<facade::CompiledProject>(
      facade::CompileProject(config_, project_, {.columns_needed = true}));
  // Decoded now: the lineage and detail views then only read the project.
  for (size_t i = 0; i < compiled_->types.models.size(); ++i) compiled_->types.DecodeColumns(i);
  listing_ = std::move(listing);
  ++compiles_;
  LogInfo("mcp: compiled {} models ({} errors)", compiled_->project.load.models.size(),
          compiled_->errors);
  return *compiled_;
}

std::vector<std::string> ProjectSession::ModelFiles() {
  std::set<std::string> files;
  auto add = [&](const std::string& path) {
    if (!path.empty()) files.insert(fs::absolute(path).lexically_normal().string());
  };
  for (const project::Model& m : Compiled().project.load.models) {
    add(m.path);
    if (m.config_path) add(*m.config_path);
    if (m.contract) add(m.contract->path);
  }
  return {files.begin(), files.end()};
}

std::string ProjectSession::StatePath() const { return facade::StatePath(config_, project_); }

std::unique_ptr<state::StateStore> ProjectSession::OpenState() const {
  const std::string path = StatePath();
  std::error_code ec;
  if (!fs::exists(path, ec)) return nullptr;
  auto store = state::StateStore::Open(path, state::OpenMode::kReadOnly);
  if (!store) {
    LogWarn("mcp: cannot open the state store {}: {}", path, store.error().Text());
    return nullptr;
  }
  return std::make_unique<state::StateStore>(std::move(*store));
}

Result<const config::PipelineConfig*> ProjectSession::Pipeline() const {
  return config::SelectPipeline(
      config_, project_.pipeline,
      {config::PipelineType::kTransformation, config::PipelineType::kReplication});
}

Result<sdk::WarehouseAdapter*> ProjectSession::Target(
    adapters::AdapterRegistry& registry, const config::PipelineConfig& pipeline) const {
  auto target = config::ResolveAdapter(config_, pipeline, config::AdapterRole::kTarget);
  if (!target) return std::unexpected(target.error());
  return registry.Warehouse(**target);
}

}  // namespace rocky::mcp
