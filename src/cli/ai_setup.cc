#include "cli/ai_setup.h"


#include "ai/model_prompt.h"
#include "base/log.h"
#include "cli/facade_options.h"
#include "config/env_substitution.h"

namespace rocky::cli {

Result<AiSetup> PrepareAi(Context& ctx) {
  auto config = ctx.Config();
  if (!config) return std::unexpected(config.error());
  auto provider = ai::MakeLlmProvider((*config)->ai, config::ProcessEnv());
  if (!provider) return std::unexpected(provider.error());
  LogInfo("asking {} ({})", (*provider)->name(), (*config)->ai.model);
  return AiSetup{*config, std::move(*provider), ProjectOptionsOf(ctx.args())};
}

Result<AiModels> CompileAndSelect(Context& ctx, const AiSetup& setup) {
  AiModels out{facade::CompileProject(*setup.config, setup.project),
               facade::CachedSources(*setup.config, setup.project),
               {}};
  std::optional<std::string> name;
  if (!ctx.args().positionals().empty()) name = ctx.args().positionals().front();
  auto ids = ai::SelectModels(out.compiled, name, ctx.args().Has("all"));
  if (!ids) return std::unexpected(ids.error());
  out.ids = std::move(*ids);
  return out;
}

std::vector<FlagSpec> AiFlags(std::vector<FlagSpec> own) {
  own.push_back({"models", 0, "DIR", "the models folder"});
  own.push_back({"contracts", 0, "DIR", "extra contract files"});
  own.push_back({"pipeline", 0, "P", "the transformation pipeline"});
  return own;
}

}  // namespace rocky::cli
