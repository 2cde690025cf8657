#include "ai/explainer.h"

#include "ai/code_fences.h"
#include "ai/model_prompt.h"

namespace rocky::ai {

namespace {

constexpr std::string_view kAnswer =
    "Answer in plain prose only: 2 or 3 sentences, no heading, no list, no code, no Markdown.";

}  // namespace

Result<std::string> ExplainModel(LlmProvider& llm, const facade::CompiledProject& compiled,
                                 const compiler::Catalog* sources, size_t id,
                                 const ExplainOptions& options) {
  const std::string& name = compiled.project.load.models[id].name;
  const LlmRequest request = ModelRequest(
      compiled, sources, id, options.max_context_tokens, options.max_tokens, kAnswer,
      "Explain what this model computes in 2 or 3 sentences, for readers who do not read code: "
      "its grain (what one row stands for), its filters, its joins and its aggregations (say so "
      "when it has none). " +
          std::string(kAnswer));
  auto reply = llm.Complete(request);
  if (!reply) return std::unexpected(std::move(reply.error()).With("while explaining " + name));
  std::string text = OneLine(StripCodeFences(*reply));
  if (text.empty())
    return Fail(ErrorKind::kAdapter, "{} answered no explanation for model '{}'", llm.name(), name);
  return text;
}

}  // namespace rocky::ai
