#pragma once
// What `ai-explain`, `ai-test` and `ai-sync` share: picking the models a command works on, the
// system prompt that puts one model first, and a model's own part of a request (its file, its
// source and its typed columns).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ai/llm_provider.h"
#include "ai/prompt_context.h"
#include "base/error.h"
#include "facade/project_compile.h"

namespace rocky::ai {

/// The model `name` (`model 'x' not found`), or every model with `all` in name order; neither is
/// a usage error naming both ways.
Result<std::vector<size_t>> SelectModels(const facade::CompiledProject& compiled,
                                         const std::optional<std::string>& name, bool all);

/// The project context with model `id` and its parents first, ending with `answer`.
PromptContext ModelPromptContext(const facade::CompiledProject& compiled,
                                 const compiler::Catalog* sources, size_t id,
                                 int64_t max_context_tokens, std::string_view answer = {});

/// One request about model `id`: the context of ModelPromptContext as the system prompt, and
/// ModelFacts followed by `ask` as the user message.
LlmRequest ModelRequest(const facade::CompiledProject& compiled, const compiler::Catalog* sources,
                        size_t id, int64_t max_context_tokens, int64_t max_tokens,
                        std::string_view answer, std::string_view ask);

/// `Model `x` (file models/x.sql, SQL):` and its source in a fence, then its typed output
/// columns, for a user message.
std::string ModelFacts(const facade::CompiledProject& compiled, size_t id);

/// `text` with every run of whitespace made one space, trimmed.
std::string OneLine(std::string_view text);

/// The sidecar beside model `id`'s file (`x.toml` for `x.sql`), whether it exists or not;
/// an error for a model configured in its own frontmatter.
Result<std::string> SidecarPath(const project::Model& model);

}  // namespace rocky::ai
