// `rocky ai-explain` (services.md §4, cli.md §5): models explained in 2–3 sentences; --save
// writes each explanation as the `intent` of the model's sidecar, keeping the rest of the file.

#include <fmt/format.h>

#include "ai/explainer.h"
#include "ai/model_prompt.h"
#include "base/file.h"
#include "cli/ai_setup.h"
#include "cli/command.h"
#include "config/toml_edit.h"
#include "facade/project_compile.h"

namespace rocky::cli {

namespace {

// Sets `intent` in the model's sidecar, creating it when missing.
Result<void> SaveIntent(const project::Model& model, const std::string& intent) {
  auto path = ai::SidecarPath(model);
  if (!path) return std::unexpected(path.error());
  std::string text;
  if (FileExists(*path)) {
    auto read = ReadFile(*path);
    if (!read) return Fail(std::move(read.error()));
    text = std::move(*read);
  }
  return WriteFileAtomic(*path, config::SetTopLevelString(text, "intent", intent));
}

int RunAiExplain(Context& ctx) {
  auto setup = PrepareAi(ctx);
  if (!setup) return ctx.ReportError(setup.error());
  const config::Config& config = *setup->config;
  auto selected = CompileAndSelect(ctx, *setup);
  if (!selected) return ctx.ReportError(selected.error());
  const facade::CompiledProject& compiled = selected->compiled;
  const bool save = ctx.args().Has("save");
  Json list = Json::Array();
  std::string text;
  for (size_t id : selected->ids) {
    const project::Model& model = compiled.project.load.models[id];
    auto intent = ai::ExplainModel(
        *setup->provider, compiled, selected->sources.get(), id,
        {.max_tokens = config.ai.max_tokens, .max_context_tokens = config.ai.max_context_tokens});
    if (!intent) return ctx.ReportError(intent.error());
    if (save)
      if (auto saved = SaveIntent(model, *intent); !saved) return ctx.ReportError(saved.error());
    list.Push(Json::Object().Set("model", model.name).Set("intent", *intent).Set("saved", save));
    text += fmt::format("{}{}:\n  {}\n", text.empty() ? "" : "\n", model.name, *intent);
  }
  if (ctx.json()) {
    ctx.EmitJson("ai-explain", Json::Object().Set("explanations", std::move(list)));
    return 0;
  }
  text += save ? "\nSaved as the intent of each model's sidecar."
               : "\nNot saved: pass --save to write each explanation as the model's intent.";
  ctx.PrintText(text);
  return 0;
}

}  // namespace

const CommandSpec& AiExplainCommand() {
  static const CommandSpec kSpec{
      .name = "ai-explain",
      .summary = "Explain models in 2-3 sentences; --save records them as their intent",
      .description =
          "Asks the configured language model ([ai] in rocky.toml) to explain a model in 2 or 3\n"
          "sentences covering its grain, filters, joins and aggregations, with its source, its\n"
          "typed columns and its parents as context. With --save the explanation is written as\n"
          "`intent = \"...\"` into the model's sidecar (created when missing); the sidecar's\n"
          "other keys and comments stay as they are.\n\n"
          "Examples:\n"
          "  rocky ai-explain customer_orders\n"
          "  rocky ai-explain --all --save -o json",
      .positionals = {{"MODEL", "the model to explain", false}},
      .flags = AiFlags({{"all", 0, "", "explain every model"},
                        {"save", 0, "", "write each explanation as the sidecar's intent"}}),
      .run = &RunAiExplain,
  };
  return kSpec;
}

}  // namespace rocky::cli
