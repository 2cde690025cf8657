#include "ai/model_generator.h"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>

#include "ai/code_fences.h"
#include "ai/overlay_check.h"
#include "ai/prompt_context.h"
#include "base/log.h"
#include "base/strings.h"
#include "facade/project_compile.h"
#include "facade/project_models.h"

namespace rocky::ai {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCandidateStem = "rocky_ai_candidate";

struct CandidateCheck {
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
  std::string name;
};

// `gen_` and a lower-case identifier made of `base`.
std::string GeneratedName(std::string_view base) {
  std::string name = "gen_";
  for (char c : base) {
    const unsigned char u = static_cast<unsigned char>(c);
    name += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
  }
  return name == "gen_" ? "gen_model" : name;
}

// Compiles the project with `source` as a new model file and keeps what concerns it.
CandidateCheck CheckCandidate(const config::Config& config, const facade::ProjectOptions& project,
                              const fs::path& candidate_path, const std::string& source) {
  OverlayCheck overlay =
      CheckOverlay(config, project, candidate_path.string(), kCandidateStem, source);
  CandidateCheck check{std::move(overlay.errors), std::move(overlay.warnings), ""};
  if (!overlay.model) return check;
  const auto& compiled = overlay.compiled;
  const auto& models = compiled.project.load.models;
  const auto& query = compiled.project.queries[*overlay.model];
  if (!query.sites.empty())
    check.name = GeneratedName(models[query.sites.front().model].name);
  else if (!query.external.empty() && !query.external.front().parts.empty())
    check.name = GeneratedName(query.external.front().parts.back());
  else
    check.name = GeneratedName("");
  return check;
}

std::string FormatInstructions(const GenerateOptions& options) {
  if (options.format == "sql")
    return "Write the model as one SQL query (SELECT …, or WITH … SELECT …), without a trailing "
           "semicolon.";
  return "Write the model in the .rocky language described above: optional `let` bindings, then "
         "one pipeline starting with `from`.";
}

}  // namespace

std::string DiagnosticLines(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    out += "- ";
    if (!d.code.empty()) out += d.code + " ";
    if (d.span && d.span->line > 0)
      out += fmt::format("at line {}, column {}", d.span->line, d.span->col);
    out += ": " + d.message;
    if (d.suggestion) out += " (" + *d.suggestion + ")";
    out += "\n";
  }
  return out;
}

std::expected<GeneratedModel, GenerationFailed> GenerateModel(LlmProvider& llm,
                                                              const config::Config& config,
                                                              const facade::ProjectOptions& project,
                                                              const GenerateOptions& options) {
  const facade::CompiledProject compiled = facade::CompileProject(config, project);
  const auto sources = facade::CachedSources(config, project);
  const PromptContext context =
      BuildPromptContext(compiled, sources.get(),
                         {.intent = options.intent, .max_tokens = options.max_context_tokens});
  if (!context.models_left_out.empty())
    LogInfo("the prompt lists {} of {} models (ai.max_context_tokens = {}); left out: {}",
            context.models_included.size(),
            context.models_included.size() + context.models_left_out.size(),
            options.max_context_tokens, Join(context.models_left_out, ", "));

  const fs::path dir = facade::ModelsDir(config, project);
  // As the model loader spells the paths it lists (overlays are matched by that spelling).
  const fs::path candidate =
      dir / (std::string(kCandidateStem) + (options.format == "sql" ? ".sql" : ".rocky"));
  LlmRequest request;
  request.system = context.text;
  request.max_tokens = options.max_tokens;
  request.messages.push_back(
      {LlmMessage::Role::kUser,
       fmt::format("Write a new model for this intent: {}\n{}\nAnswer with the code only.",
                   options.intent, FormatInstructions(options))});
  GenerationFailed failed;
  for (int64_t attempt = 1; attempt <= options.max_attempts; ++attempt) {
    failed.attempts = attempt;
    auto reply = llm.Complete(request);
    if (!reply) {
      failed.error = std::move(reply.error());
      return std::unexpected(std::move(failed));
    }
    std::string source = StripCodeFences(*reply);
    if (!source.empty() && source.back() != '\n') source += '\n';
    CandidateCheck check = CheckCandidate(config, project, candidate, source);
    if (check.errors.empty()) {
      return GeneratedModel{check.name,
                            options.format,
                            std::move(source),
                            attempt,
                            std::move(check.warnings),
                            context.models_left_out};
    }
    LogInfo("attempt {} of {} did not compile ({} error(s)){}", attempt, options.max_attempts,
            check.errors.size(), attempt < options.max_attempts ? "; asking again" : "");
    request.messages.push_back({LlmMessage::Role::kAssistant, *reply});
    request.messages.push_back(
        {LlmMessage::Role::kUser,
         "The previous attempt had compilation errors:\n" + DiagnosticLines(check.errors) +
             "Fix them and regenerate the whole model. Answer with the code only."});
    failed.diagnostics = std::move(check.errors);
  }
  failed.error =
      Error{ErrorKind::kAdapter,
            fmt::format("generation failed to compile after {} attempts", options.max_attempts),
            {},
            "rephrase the intent, or raise ai.max_attempts"};
  return std::unexpected(std::move(failed));
}

}  // namespace rocky::ai
