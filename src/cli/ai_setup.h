#pragma once
// What the AI commands (`ai`, `ai-explain`, `ai-sync`, `ai-test`) set up before asking: the
// configuration, the provider of its `[ai]` table (its errors name the key or base URL to set)
// and the project options of the flags.

#include <memory>

#include "ai/llm_provider.h"
#include "base/error.h"
#include "cli/context.h"
#include "config/config.h"
#include "facade/project_compile.h"
#include "facade/project_options.h"

namespace rocky::cli {

struct AiSetup {
  const config::Config* config = nullptr;
  std::unique_ptr<ai::LlmProvider> provider;
  facade::ProjectOptions project;
};

Result<AiSetup> PrepareAi(Context& ctx);

struct AiModels {
  facade::CompiledProject compiled;
  std::unique_ptr<compiler::CachedSchemaCatalog> sources;  // null without cached schemas
  std::vector<size_t> ids;                                 // the selected models, by name
};

/// The project compiled, the source schemas cached in the state store, and the models the
/// MODEL positional or --all select (ai::SelectModels).
Result<AiModels> CompileAndSelect(Context& ctx, const AiSetup& setup);

/// `own` followed by the flags every AI command takes: --models, --contracts, --pipeline.
std::vector<FlagSpec> AiFlags(std::vector<FlagSpec> own);

}  // namespace rocky::cli
