#include "ai/model_prompt.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace rocky::ai {

Result<std::vector<size_t>> SelectModels(const facade::CompiledProject& compiled,
                                         const std::optional<std::string>& name, bool all) {
  const auto& models = compiled.project.load.models;
  if (name && all) return Fail(ErrorKind::kUsage, "name a model or pass --all, not both");
  if (!name && !all) return Fail(ErrorKind::kUsage, "name a model, or pass --all for every model");
  std::vector<size_t> ids;
  for (size_t i = 0; i < models.size(); ++i)
    if (all || models[i].name == *name) ids.push_back(i);
  if (name && ids.empty()) return Fail(ErrorKind::kNotFound, "model '{}' not found", *name);
  std::sort(ids.begin(), ids.end(),
            [&](size_t a, size_t b) { return models[a].name < models[b].name; });
  return ids;
}

PromptContext ModelPromptContext(const facade::CompiledProject& compiled,
                                 const compiler::Catalog* sources, size_t id,
                                 int64_t max_context_tokens, std::string_view answer) {
  return BuildPromptContext(compiled, sources,
                            {.intent = "",
                             .focus = {compiled.project.load.models[id].name},
                             .max_tokens = max_context_tokens,
                             .answer = answer});
}

LlmRequest ModelRequest(const facade::CompiledProject& compiled, const compiler::Catalog* sources,
                        size_t id, int64_t max_context_tokens, int64_t max_tokens,
                        std::string_view answer, std::string_view ask) {
  LlmRequest request;
  request.system = ModelPromptContext(compiled, sources, id, max_context_tokens, answer).text;
  request.max_tokens = max_tokens;
  request.messages.push_back(
      {LlmMessage::Role::kUser, ModelFacts(compiled, id) + "\n" + std::string(ask)});
  return request;
}

std::string ModelFacts(const facade::CompiledProject& compiled, size_t id) {
  const project::Model& model = compiled.project.load.models[id];
  const bool rocky = model.kind == project::ModelKind::kRocky;
  std::string text =
      fmt::format("Model `{}` (file {}, {}):\n```{}\n{}\n```\n", model.name, model.relative_path,
                  rocky ? ".rocky language" : "SQL", rocky ? "rocky" : "sql", model.text);
  std::string columns;
  if (id < compiled.types.models.size())
    for (const compiler::BoundColumn& c : compiled.types.models[id].columns)
      columns += fmt::format("{}{} {}", columns.empty() ? "" : ", ", c.name, c.type.ToString());
  text += "Its output columns: " + (columns.empty() ? std::string("unknown") : columns) + "\n";
  if (model.intent && !model.intent->empty())
    text += "Its recorded intent: " + *model.intent + "\n";
  return text;
}

std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

Result<std::string> SidecarPath(const project::Model& model) {
  namespace fs = std::filesystem;
  if (model.config_path && fs::path(*model.config_path).extension() != ".toml")
    return Fail(ErrorKind::kConflict,
                "model '{}' is configured in its own frontmatter ({}); edit the intent there",
                model.name, *model.config_path);
  return fs::path(model.path).replace_extension(".toml").string();
}

}  // namespace rocky::ai
