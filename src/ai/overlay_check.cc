#include "ai/overlay_check.h"

#include <filesystem>

namespace rocky::ai {

OverlayCheck CheckOverlay(const config::Config& config, facade::ProjectOptions project,
                          const std::string& path, std::string_view model,
                          const std::string& source) {
  namespace fs = std::filesystem;
  const fs::path file = fs::path(path).lexically_normal();
  project.overlays[file.string()] = source;
  OverlayCheck check{facade::CompileProject(config, project), {}, {}, {}};
  const auto& models = check.compiled.project.load.models;
  for (size_t i = 0; i < models.size(); ++i)
    if (models[i].name == model) check.model = i;
  for (const Diagnostic& d : check.compiled.diagnostics) {
    const bool mine = (d.model && *d.model == model) ||
                      (d.span && fs::path(d.span->file).lexically_normal() == file);
    if (!mine) continue;
    (d.severity == Severity::kError ? check.errors : check.warnings).push_back(d);
  }
  if (!check.model && check.errors.empty())
    check.errors.push_back({Severity::kError, "", "the answer did not load as a model", {}, {}});
  return check;
}

}  // namespace rocky::ai
