#pragma once
// Compiling a model that is not on disk: the project is compiled with one model file's text
// replaced (or added) through the facade's overlays, and the diagnostics that concern that model
// are kept. `rocky ai` checks each generated model this way and `ai-sync --apply` each proposal,
// before anything is written.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "config/config.h"
#include "facade/project_compile.h"
#include "facade/project_options.h"

namespace rocky::ai {

struct OverlayCheck {
  facade::CompiledProject compiled;
  std::optional<size_t> model;  // the model's id in `compiled`, when it loaded
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
  bool ok() const { return errors.empty(); }
};

/// Compiles the project with `source` as the text of `path` (spelled as the model loader lists
/// it: the models folder joined with the relative path). The diagnostics kept are those of
/// model `model` or with a span in `path`; a model that does not load is an error.
OverlayCheck CheckOverlay(const config::Config& config, facade::ProjectOptions project,
                          const std::string& path, std::string_view model,
                          const std::string& source);

}  // namespace rocky::ai
