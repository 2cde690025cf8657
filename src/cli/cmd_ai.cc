#include <fmt/format.h>

#include <filesystem>

#include "ai/llm_provider.h"
#include "ai/model_generator.h"
#include "base/log.h"
#include "base/file.h"
#include "cli/ai_setup.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "config/toml_edit.h"
#include "facade/project_models.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

int RunAi(Context& ctx) {
  const std::string intent = ctx.args().positionals().front();
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  const config::AiConfig& ai_config = (*config)->ai;
  const std::string format = ctx.args().Get("format").value_or(ai_config.default_format);
  if (format != "rocky" && format != "sql")
    return ctx.ReportError(
        Error{ErrorKind::kUsage,
              fmt::format("invalid --format '{}': expected rocky or sql", format),
              {}});
  if (intent.empty())
    return ctx.ReportError(
        Error{ErrorKind::kUsage, "the intent is empty: say what the model should compute", {}});
  auto provider = ai::MakeLlmProvider(ai_config, config::ProcessEnv());
  if (!provider) return ctx.ReportError(provider.error());
  const facade::ProjectOptions project = ProjectOptionsOf(ctx.args());
  LogInfo("asking {} ({}) for a {} model", (*provider)->name(), ai_config.model, format);
  auto generated = ai::GenerateModel(**provider, **config, project,
                                     {.intent = intent,
                                      .format = format,
                                      .max_attempts = ai_config.max_attempts,
                                      .max_tokens = ai_config.max_tokens,
                                      .max_context_tokens = ai_config.max_context_tokens});
  if (!generated) {
    if (!generated.error().diagnostics.empty())
      LogError("the last attempt's diagnostics:\n{}",
               ai::DiagnosticLines(generated.error().diagnostics));
    return ctx.ReportError(generated.error().error);
  }
  std::string saved;
  if (ctx.args().Has("save")) {
    const fs::path dir = facade::ModelsDir(**config, project);
    const fs::path model = dir / (generated->name + (format == "sql" ? ".sql" : ".rocky"));
    const fs::path sidecar = dir / (generated->name + ".toml");
    for (const fs::path& p : {model, sidecar}) {
      std::error_code ec;
      if (fs::exists(p, ec))
        return ctx.ReportError(Error{ErrorKind::kConflict,
                                     fmt::format("{} exists; nothing was written", p.string()),
                                     {},
                                     "rename or remove it, or edit the intent"});
    }
    if (auto w = WriteFileAtomic(model.string(), generated->source); !w)
      return ctx.ReportError(w.error());
    if (auto w = WriteFileAtomic(sidecar.string(), config::SetTopLevelString("", "intent", intent));
        !w)
      return ctx.ReportError(w.error());
    saved = model.string();
  }
  if (ctx.json()) {
    ctx.EmitJson("ai", Json::Object()
                           .Set("intent", intent)
                           .Set("format", format)
                           .Set("name", generated->name)
                           .Set("source", generated->source)
                           .Set("attempts", generated->attempts));
    return 0;
  }
  std::string text =
      fmt::format("-- {} ({} format, compiled after {} attempt{})\n{}", generated->name, format,
                  generated->attempts, generated->attempts == 1 ? "" : "s", generated->source);
  text += saved.empty() ? "Not saved: pass --save to write it into the models folder."
                        : "Saved to " + saved + " with its sidecar.";
  ctx.PrintText(text);
  return 0;
}

}  // namespace

const CommandSpec& AiCommand() {
  static const CommandSpec kSpec{
      .name = "ai",
      .summary = "Generate a model from an intent; it is compiled before you see it",
      .description =
          "Asks the configured language model ([ai] in rocky.toml: Anthropic, or an\n"
          "OpenAI-compatible endpoint such as Ollama) for a new model, with the project's models\n"
          "and their typed columns as context. Every answer is compiled as a model of the\n"
          "project; compile errors go back to the language model until the code compiles, at\n"
          "most ai.max_attempts times. With --save the model and a sidecar holding the intent\n"
          "are written into the models folder as gen_<first referenced model>; without it\n"
          "nothing is written. Needs the key named by ai.api_key_env (ANTHROPIC_API_KEY).\n\n"
          "Examples:\n"
          "  rocky ai \"customers with more than 3 orders last month\"\n"
          "  rocky ai \"daily revenue by channel\" --format sql --save -o json",
      .positionals = {{"INTENT", "what the model should compute, in plain words", true}},
      .flags =
          AiFlags({{"format", 0, "rocky|sql", "the model's language (default: ai.default_format)"},
                   {"save", 0, "", "write the model and its sidecar into the models folder"}}),
      .run = &RunAi,
  };
  return kSpec;
}

}  // namespace rocky::cli
