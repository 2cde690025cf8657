#include "ai/prompt_context.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <set>

#include "base/strings.h"

namespace rocky::ai {

namespace {

constexpr std::string_view kLanguage =
    R"(The .rocky language: a model is one pipeline that starts with `from` and applies steps top to bottom, optionally after `let name = <pipeline>` bindings. It lowers to one SQL query.
Steps:
- from <relation> [as alias]
- where <expr>                         (after a group: filters groups, like HAVING)
- group <keys> { name: agg(expr), ... }  (e.g. group customer_id { orders: count(order_id), total: sum(amount) })
- derive { name: expr, ... }           (adds columns)
- select { col, alias.col, * }         (keeps columns)
- [left|right|full|cross] join <relation> [as alias] on key1, key2 | on (<expr>) [{ keep col, ... }]
- sort col, -col                       (- = descending)
- take N
- distinct
Expressions: + - * / %, == != < <= > >=, and or not, is [not] null, [not] in [a, b], function calls, (parentheses).
`==` and `!=` are NULL-safe (IS NOT DISTINCT FROM / IS DISTINCT FROM).
Literals: 'text' or "text", 42, 3.5, true, false, null, dates @2025-01-31, timestamps @2025-01-31T10:00:00Z.
match <expr> { > 100 => 'high', in [1, 2] => 'low', _ => 'other' }  (like CASE; `_` last)
Windows: fn(args) over (partition a, b sort -c rows unbounded..current)
Comments start with --.
)";

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The lower-case words of `text`.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// How strongly `intent` names model `name`: 2 the whole name, 1 a part of it (`orders` of
// `stg_orders`, also in the plural or the singular), 0 not at all.
int Mentions(std::string_view name, std::string_view intent_lower,
             const std::vector<std::string>& intent_words) {
  const std::string lower = ToLower(name);
  for (size_t at = intent_lower.find(lower); at != std::string_view::npos;
       at = intent_lower.find(lower, at + 1)) {
    const bool starts = at == 0 || !IsWordChar(intent_lower[at - 1]);
    const size_t end = at + lower.size();
    if (starts && (end == intent_lower.size() || !IsWordChar(intent_lower[end]))) return 2;
  }
  static const std::set<std::string, std::less<>> kPrefixes = {"stg", "int", "fct",  "dim", "mart",
                                                               "raw", "src", "base", "tmp", "v"};
  for (const std::string& p : Words(lower)) {  // `_` separates words too
    if (p.size() < 3 || kPrefixes.contains(p)) continue;
    for (const std::string& w : intent_words) {
      if (w == p || w == p + "s" || p == w + "s" || w == p + "es") return 1;
    }
  }
  return 0;
}

std::string ModelEntry(const facade::CompiledProject& compiled, project::ModelId id) {
  const auto& model = compiled.project.load.models[id];
  std::string entry = fmt::format("- {} ({}):", model.name, model.strategy.TypeName());
  const auto& columns = compiled.types.models[id].columns;
  if (columns.empty()) entry += " columns unknown";
  for (size_t i = 0; i < columns.size(); ++i)
    entry +=
        fmt::format("{} {} {}", i == 0 ? "" : ",", columns[i].name, columns[i].type.ToString());
  if (model.intent && !model.intent->empty()) entry += fmt::format("\n  intent: {}", *model.intent);
  return entry + "\n";
}

}  // namespace

int64_t EstimateTokens(std::string_view text) {
  return static_cast<int64_t>((text.size() + 3) / 4);
}

std::string_view RockyLanguageSummary() { return kLanguage; }

PromptContext BuildPromptContext(const facade::CompiledProject& compiled,
                                 const compiler::Catalog* sources, const ContextRequest& request) {
  const project::ModelDag& dag = compiled.project.dag.dag;
  const size_t n = compiled.project.load.models.size();
  const std::string intent_lower = ToLower(request.intent);
  const std::vector<std::string> intent_words = Words(request.intent);

  // Relevance: focus models 4, named by the intent 3 (whole name) or 2 (a part), parents of
  // those 1 (nearest first by BFS order), others 0.
  std::vector<int> score(n, 0);
  std::deque<project::ModelId> queue;
  for (project::ModelId id = 0; id < n; ++id) {
    const std::string& name = compiled.project.load.models[id].name;
    for (const std::string& f : request.focus)
      if (EqualsIgnoreCase(f, name)) score[id] = 4;
    if (score[id] == 0) {
      const int m = Mentions(name, intent_lower, intent_words);
      if (m > 0) score[id] = m + 1;
    }
    if (score[id] > 0) queue.push_back(id);
  }
  std::vector<int> depth(n, -1);
  for (project::ModelId id : queue) depth[id] = 0;
  while (!queue.empty()) {
    const project::ModelId id = queue.front();
    queue.pop_front();
    for (project::ModelId up : dag.dependencies(id)) {
      if (depth[up] >= 0) continue;
      depth[up] = depth[id] + 1;
      score[up] = std::max(score[up], 1);
      queue.push_back(up);
    }
  }
  std::vector<project::ModelId> order(n);
  for (project::ModelId id = 0; id < n; ++id) order[id] = id;
  std::stable_sort(order.begin(), order.end(), [&](project::ModelId a, project::ModelId b) {
    if (score[a] != score[b]) return score[a] > score[b];
    if (score[a] == 1 && depth[a] != depth[b]) return depth[a] < depth[b];
    return compiled.project.load.models[a].name < compiled.project.load.models[b].name;
  });

  PromptContext out;
  std::string models;
  std::set<std::string> external_names;
  std::vector<const project::ExternalRelation*> externals;
  const int64_t budget = request.max_tokens;
  int64_t used = EstimateTokens(kLanguage) + 200;  // the language and the instructions
  for (project::ModelId id : order) {
    std::string entry = ModelEntry(compiled, id);
    const int64_t cost = EstimateTokens(entry);
    if (used + cost > budget) {
      out.models_left_out.push_back(compiled.project.load.models[id].name);
      continue;
    }
    used += cost;
    models += entry;
    out.models_included.push_back(compiled.project.load.models[id].name);
    for (const auto& ext : compiled.project.queries[id].external)
      if (!ext.parts.empty() && external_names.insert(ToLower(ext.name)).second)
        externals.push_back(&ext);
  }
  std::sort(out.models_left_out.begin(), out.models_left_out.end());

  std::string source_text;
  for (const project::ExternalRelation* ext : externals) {
    std::string entry = "- " + ext->name + ":";
    const compiler::RelationShape* shape = sources ? sources->Find(ext->parts) : nullptr;
    if (!shape) {
      entry += " columns unknown";
    } else {
      for (size_t i = 0; i < shape->columns.size(); ++i)
        entry += fmt::format("{} {} {}", i == 0 ? "" : ",", shape->columns[i].name,
                             shape->columns[i].type.ToString());
    }
    entry += "\n";
    const int64_t cost = EstimateTokens(entry);
    if (used + cost > budget) continue;
    used += cost;
    source_text += entry;
  }

  out.text = std::string(kLanguage);
  out.text += "\nModels of this project (name (strategy): typed output columns):\n";
  out.text += models.empty() ? "(none)\n" : models;
  out.text += "\nSources the models read (typed columns when known):\n";
  out.text += source_text.empty() ? "(none)\n" : source_text;
  if (!out.models_left_out.empty())
    out.text += fmt::format("\n({} more models are not listed here, to keep this prompt short.)\n",
                            out.models_left_out.size());
  out.text += request.answer.empty()
                  ? "\nAnswer with the code only: no explanation and no Markdown code fences. "
                    "Reference models by their bare names and sources by their full names as "
                    "listed.\n"
                  : "\n" + std::string(request.answer) + "\n";
  out.estimated_tokens = EstimateTokens(out.text);
  return out;
}

}  // namespace rocky::ai
