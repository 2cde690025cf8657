#pragma once
// The project context every AI prompt carries (services.md §4): a summary of the `.rocky`
// language, the models with their typed output columns, the typed columns of the sources they
// read, and the instruction to answer with code only. A prompt budget keeps it to about
// `max_tokens` (4 characters a token): the models the intent names come first, then their
// parents, then the rest by name; what did not fit is listed so the caller can say so.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/binder.h"
#include "facade/project_compile.h"

namespace rocky::ai {

struct ContextRequest {
  std::string_view intent;
  /// Models that must come first (e.g. the model being explained), before those the intent names.
  std::vector<std::string> focus;
  int64_t max_tokens = 60000;
  /// The closing instruction; empty: answer with code only, without fences.
  std::string_view answer;
};

struct PromptContext {
  std::string text;
  std::vector<std::string> models_included;  // in prompt order
  std::vector<std::string> models_left_out;  // by name
  int64_t estimated_tokens = 0;
};

/// Estimated tokens of `text` (4 characters each, rounded up).
int64_t EstimateTokens(std::string_view text);

/// `sources` answers the typed columns of external relations (may be null: names only).
PromptContext BuildPromptContext(const facade::CompiledProject& compiled,
                                 const compiler::Catalog* sources, const ContextRequest& request);

/// The `.rocky` language summary included in every prompt.
std::string_view RockyLanguageSummary();

}  // namespace rocky::ai
