#pragma once
// `rocky ai-explain` (services.md §4): a model explained in 2–3 sentences covering its grain,
// filters, joins and aggregations, fit to be saved as the sidecar's `intent`.

#include <cstdint>
#include <string>

#include "ai/llm_provider.h"
#include "compiler/binder.h"
#include "facade/project_compile.h"

namespace rocky::ai {

struct ExplainOptions {
  int64_t max_tokens = 1024;
  int64_t max_context_tokens = 60000;
};

/// The explanation of model `id` as one line (fences stripped, whitespace runs made one space);
/// an error when the provider fails or answers nothing.
Result<std::string> ExplainModel(LlmProvider& llm, const facade::CompiledProject& compiled,
                                 const compiler::Catalog* sources, size_t id,
                                 const ExplainOptions& options = {});

}  // namespace rocky::ai
