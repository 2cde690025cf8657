#pragma once
// `rocky ai "intent"` (services.md §4): the compile-verify loop. The model is asked for a model in
// `.rocky` or SQL; each answer, without its code fences, is compiled as a new model of the
// project (an unsaved overlay: load, DAG, types, contracts); error diagnostics go back to the
// model as a user message until the code compiles or `max_attempts` requests were made. Nothing
// is written here.

#include <cstdint>
#include <string>
#include <vector>

#include "ai/llm_provider.h"
#include "base/diagnostic.h"
#include "config/config.h"
#include "facade/project_options.h"

namespace rocky::ai {

struct GenerateOptions {
  std::string intent;
  std::string format = "rocky";  // or "sql"
  int64_t max_attempts = 3;
  int64_t max_tokens = 4096;
  int64_t max_context_tokens = 60000;
};

struct GeneratedModel {
  std::string name;    // gen_<first referenced model, else source table>
  std::string format;  // rocky | sql
  std::string source;  // the code as compiled (fences stripped, trimmed, newline-terminated)
  int64_t attempts = 0;
  std::vector<Diagnostic> warnings;           // of the model that compiled
  std::vector<std::string> context_left_out;  // models the prompt budget left out
};

struct GenerationFailed {
  int64_t attempts = 0;
  std::vector<Diagnostic> diagnostics;  // of the last attempt
  Error error;  // `generation failed to compile after N attempts`, or the provider's error
};

/// The loop; `std::unexpected` with what went wrong (the last attempt's diagnostics included).
std::expected<GeneratedModel, GenerationFailed> GenerateModel(LlmProvider& llm,
                                                              const config::Config& config,
                                                              const facade::ProjectOptions& project,
                                                              const GenerateOptions& options);

/// One line per diagnostic, as the retry message lists them: `E002 at line 3, column 7: …`.
std::string DiagnosticLines(const std::vector<Diagnostic>& diagnostics);

}  // namespace rocky::ai
