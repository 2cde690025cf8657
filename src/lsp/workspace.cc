#include "lsp/workspace.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <system_error>

#include "base/strings.h"
#include "config/config.h"
#include "facade/project_compile.h"
#include "facade/project_models.h"
#include "facade/project_options.h"
#include "lang/format.h"
#include "lsp/text_scan.h"
#include "lsp/utf16.h"

namespace rocky::lsp {

namespace fs = std::filesystem;

Workspace::Workspace(fs::path root) : root_(fs::absolute(root).lexically_normal()) {}

std::string Workspace::Normalize(const std::string& path) const {
  fs::path p(path);
  if (p.is_relative()) p = root_ / p;
  return p.lexically_normal().string();
}

void Workspace::Open(const std::string& path, std::string text) {
  std::lock_guard lock(mutex_);
  documents_[Normalize(path)] = std::move(text);
}

void Workspace::Update(const std::string& path, std::string text) { Open(path, std::move(text)); }

void Workspace::Close(const std::string& path) {
  std::lock_guard lock(mutex_);
  documents_.erase(Normalize(path));
}

std::optional<std::string> Workspace::Text(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = documents_.find(Normalize(path));
  if (it == documents_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Workspace::OpenPaths() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [path, text] : documents_) out.push_back(path);
  return out;
}

std::optional<std::string> Workspace::FormatRocky(const std::string& path) const {
  if (fs::path(path).extension() != ".rocky") return std::nullopt;
  auto text = Text(path);
  if (!text) return std::nullopt;
  lang::FormatResult result = lang::Format(*text, path);
  return result.text;
}

std::map<std::string, std::vector<Diagnostic>> Workspace::Compile() const {
  std::map<std::string, std::vector<Diagnostic>> out;
  const std::string config_path = (root_ / "rocky.toml").string();
  std::optional<config::Config> config;
  std::error_code ec;
  if (fs::exists(config_path, ec)) {
    config::ConfigLoad load = config::LoadConfig(config_path);
    for (const auto& issue : load.issues) {
      if (issue.severity != "error" && issue.severity != "warn") continue;
      Diagnostic d;
      d.severity = issue.severity == "error" ? Severity::kError : Severity::kWarning;
      d.code = issue.code;
      d.message = issue.message;
      d.span = Span{issue.file.value_or(config_path), issue.line.value_or(1), 1, 0};
      out[Normalize(d.span->file)].push_back(std::move(d));
    }
    if (!load.config) return out;
    config = std::move(*load.config);
  } else {
    config = config::DefaultConfig(root_.string());
  }
  facade::ProjectOptions options;
  fs::path models = facade::ModelsDir(*config, options);
  options.models_dir = Normalize(models.string());
  {
    std::lock_guard lock(mutex_);
    options.overlays = documents_;
  }
  // The compile cache stays on: overlaid models are never cached (the loader gives them no
  // key), and a model's key covers the shapes of the relations it reads, so only the changed
  // models and the dependents whose inputs changed shape are bound again.
  auto compiled =
      std::make_shared<facade::CompiledProject>(facade::CompileProject(*config, options));
  for (Diagnostic d : compiled->diagnostics) {
    if (!d.span || d.span->file.empty()) d.span = Span{config_path, 1, 0, 0};
    std::string file = d.span->file;
    out[Normalize(file)].push_back(std::move(d));
  }
  std::lock_guard lock(mutex_);
  last_ = std::move(compiled);
  return out;
}

namespace {

std::string ColumnMarkdown(std::string_view owner, const compiler::BoundColumn& c) {
  std::string out = fmt::format("`{}.{}`: `{}`{}", owner, c.name, c.type.type.ToString(),
                                c.type.nullable ? "" : " NOT NULL");
  for (const auto& s : c.sources)
    out += fmt::format("\n\n- from `{}.{}`{}", s.relation, s.column,
                       s.transform.empty() ? "" : " (" + s.transform + ")");
  return out;
}

}  // namespace

std::optional<Workspace::FileInsertion> Workspace::AddDependsOn(
    const std::string& config_path, const std::string& dependency) const {
  auto compiled = Last();
  if (!compiled) return std::nullopt;
  const project::ModelDag& dag = compiled->project.dag.dag;
  auto dep = dag.Find(dependency);
  const std::string file = Normalize(config_path);
  for (const project::Model& m : compiled->project.load.models) {
    if (!m.config_path || Normalize(*m.config_path) != file || !m.depends_on_given) continue;
    if (!dep) return std::nullopt;
    const std::string& name = compiled->project.load.models[*dep].name;
    for (const auto& d : m.depends_on)
      if (EqualsIgnoreCase(d, name)) return std::nullopt;
    const std::string text = Contents(file);
    const size_t key = OffsetOfPosition(text, std::max(m.spans.depends_on.line - 1, 0), 0) +
                       std::max(m.spans.depends_on.col - 1, 0);
    auto insertion = ArrayAppend(text, std::min(key, text.size()), '"' + name + '"');
    if (!insertion) return std::nullopt;
    return FileInsertion{file, insertion->offset, std::move(insertion->text)};
  }
  return std::nullopt;
}

std::vector<Workspace::Symbol> Workspace::Symbols(const std::string& path,
                                                  std::string_view text) const {
  std::vector<Symbol> out;
  // CTEs: `name AS (`.
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (!IsIdent(text[i]) || (i > 0 && IsIdent(text[i - 1]))) continue;
    size_t end = i;
    while (end < text.size() && IsIdent(text[end])) ++end;
    size_t k = end;
    while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
    if (k + 2 <= text.size() && EqualsIgnoreCase(text.substr(k, 2), "as") &&
        (k + 2 == text.size() || !IsIdent(text[k + 2]))) {
      size_t p = k + 2;
      while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
      if (p < text.size() && text[p] == '(')
        out.push_back({std::string(text.substr(i, end - i)), Symbol::Kind::kCte, "CTE",
                       SpanAt(path, text, i, end - i)});
    }
    i = end - 1;
  }
  auto compiled = Last();
  if (!compiled) return out;
  auto self = ModelOf(*compiled, path);
  if (!self || *self >= compiled->types.models.size()) return out;
  for (const auto& c : compiled->types.models[*self].columns) {
    // A column the buffer does not name (a star, or a compile older than the buffer) has no
    // place to show.
    auto at = DefiningMention(text, c.name);
    if (!at) continue;
    out.push_back({c.name, Symbol::Kind::kColumn, c.type.type.ToString(),
                   SpanAt(path, text, *at, c.name.size())});
  }
  return out;
}

std::optional<Span> Workspace::Definition(const std::string& path, std::string_view text,
                                          size_t offset) const {
  auto compiled = Last();
  const std::string word = WordAt(text, offset);
  if (!compiled || word.empty()) return std::nullopt;
  const auto& models = compiled->project.load.models;
  const project::ModelDag& dag = compiled->project.dag.dag;
  if (auto id = dag.Find(word); id && *id < models.size())
    return Span{Normalize(models[*id].path), 1, 1, 0};
  std::optional<project::ModelId> self = ModelOf(*compiled, path);
  if (!self) return std::nullopt;
  const auto& typed = compiled->types.models;
  for (project::ModelId parent : dag.dependencies(*self)) {
    if (parent >= typed.size()) continue;
    bool has = false;
    for (const auto& c : typed[parent].columns) has = has || EqualsIgnoreCase(c.name, word);
    if (!has) continue;
    const std::string file = Normalize(models[parent].path);
    std::string parent_text = Contents(file);
    auto best = DefiningMention(parent_text, word);
    if (!best) return Span{file, 1, 1, 0};
    return SpanAt(file, parent_text, *best, word.size());
  }
  return std::nullopt;
}

namespace {

// The identifier words of `text` with whether only blanks separate each from the previous one.
struct Word {
  std::string text;
  bool joined;  // only whitespace since the previous word
};

std::vector<Word> Words(std::string_view text) {
  std::vector<Word> out;
  bool joined = false;
  for (size_t i = 0; i < text.size();) {
    if (IsIdent(text[i])) {
      size_t end = i;
      while (end < text.size() && IsIdent(text[end])) ++end;
      out.push_back({std::string(text.substr(i, end - i)), joined});
      joined = true;
      i = end;
    } else {
      if (!std::isspace(static_cast<unsigned char>(text[i]))) joined = false;
      ++i;
    }
  }
  return out;
}

constexpr const char* kKeywords[] = {"SELECT", "FROM",      "WHERE",     "GROUP BY", "ORDER BY",
                                     "HAVING", "JOIN",      "LEFT JOIN", "ON",       "AS",
                                     "CASE",   "WHEN",      "THEN",      "ELSE",     "END",
                                     "WITH",   "UNION ALL", "DISTINCT",  "CAST",     "LIMIT"};

}  // namespace

Workspace::CompletionList Workspace::Complete(const std::string& path, std::string_view text,
                                              size_t offset) const {
  CompletionList list;
  std::vector<Completion>& out = list.items;
  auto compiled = Last();
  if (!compiled || offset > text.size()) return list;
  const auto& models = compiled->project.load.models;
  const project::ModelDag& dag = compiled->project.dag.dag;
  const auto& typed = compiled->types.models;
  auto add_columns = [&](project::ModelId id) {
    if (id >= typed.size()) return;
    for (const auto& c : typed[id].columns)
      out.push_back({c.name, Completion::Kind::kColumn,
                     fmt::format("{} · {}", c.type.type.ToString(), models[id].name)});
  };
  size_t start = offset;
  while (start > 0 && IsIdent(text[start - 1])) --start;
  if (start > 0 && text[start - 1] == '.') {
    std::string qualifier = WordAt(text, start - 1 > 0 ? start - 2 : 0);
    if (qualifier.empty()) return list;
    std::optional<project::ModelId> target = dag.Find(qualifier);
    if (!target) {
      std::vector<Word> words = Words(text);
      for (size_t i = 1; i < words.size() && !target; ++i) {
        if (!EqualsIgnoreCase(words[i].text, qualifier) || !words[i].joined) continue;
        size_t model_at = i - 1;
        if (EqualsIgnoreCase(words[model_at].text, "as") && model_at > 0 && words[model_at].joined)
          --model_at;
        target = dag.Find(words[model_at].text);
      }
    }
    if (target) add_columns(*target);
    return list;
  }
  // On a big project every name would make a list of megabytes: the names starting with the
  // prefix, a bounded number of them (the models are in name order).
  const std::string_view prefix = text.substr(start, offset - start);
  size_t shown = 0;
  for (const auto& m : models) {
    if (m.name.size() < prefix.size() ||
        !EqualsIgnoreCase(std::string_view(m.name).substr(0, prefix.size()), prefix))
      continue;
    if (shown++ == kMaxModelCompletions) {
      list.incomplete = true;
      break;
    }
    out.push_back({m.name, Completion::Kind::kModel,
                   fmt::format("{}.{}.{}", m.target.catalog, m.target.schema, m.target.table)});
  }
  if (auto self = ModelOf(*compiled, path))
    for (project::ModelId parent : dag.dependencies(*self)) add_columns(parent);
  for (const char* k : kKeywords) out.push_back({k, Completion::Kind::kKeyword, ""});
  return list;
}

std::optional<std::string> Workspace::Hover(const std::string& path, std::string_view text,
                                            size_t offset) const {
  auto compiled = Last();
  if (!compiled || offset > text.size()) return std::nullopt;
  size_t start = offset, end = offset;
  while (start > 0 && IsIdent(text[start - 1])) --start;
  while (end < text.size() && IsIdent(text[end])) ++end;
  if (start == end) return std::nullopt;
  const std::string word(text.substr(start, end - start));
  const auto& models = compiled->project.load.models;
  const project::ModelDag& dag = compiled->project.dag.dag;
  const auto& typed = compiled->types.models;

  if (auto id = dag.Find(word); id && *id < models.size()) {
    const project::Model& m = models[*id];
    std::string out = fmt::format("**{}** — model, {} → `{}.{}.{}`", m.name, m.strategy.TypeName(),
                                  m.target.catalog, m.target.schema, m.target.table);
    if (m.intent) out += "\n\n" + *m.intent;
    if (*id < typed.size()) out += fmt::format("\n\n{} columns", typed[*id].columns.size());
    return out;
  }
  std::optional<project::ModelId> self = ModelOf(*compiled, path);
  if (!self) return std::nullopt;
  if (*self < typed.size())
    for (const auto& c : typed[*self].columns)
      if (EqualsIgnoreCase(c.name, word)) return ColumnMarkdown(models[*self].name, c);
  for (project::ModelId parent : dag.dependencies(*self))
    if (parent < typed.size())
      for (const auto& c : typed[parent].columns)
        if (EqualsIgnoreCase(c.name, word)) return ColumnMarkdown(models[parent].name, c);
  return std::nullopt;
}

}  // namespace rocky::lsp
