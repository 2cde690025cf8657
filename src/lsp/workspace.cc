#include "lsp/workspace.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>

#include "base/strings.h"
#include "compiler/functions.h"
#include "config/config.h"
#include "facade/project_compile.h"
#include "facade/project_models.h"
#include "facade/project_options.h"
#include "lang/format.h"
#include "lsp/lexemes.h"
#include "lsp/local_relations.h"
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

// The output shapes of the last compile's models, by bare name (copied as they are asked for).
class ModelCatalog : public compiler::Catalog {
 public:
  explicit ModelCatalog(const facade::CompiledProject* compiled) : compiled_(compiled) {}
  const compiler::RelationShape* Find(const std::vector<std::string>& parts) const override {
    if (!compiled_ || parts.size() != 1) return nullptr;
    auto id = compiled_->project.dag.dag.Find(parts[0]);
    if (!id || *id >= compiled_->types.models.size()) return nullptr;
    auto [it, added] = shapes_.try_emplace(*id);
    if (added) {
      it->second.columns = compiled_->types.models[*id].columns;
      it->second.partially_unknown = compiled_->types.models[*id].partially_unknown;
    }
    return &it->second;
  }

 private:
  const facade::CompiledProject* compiled_;
  mutable std::map<project::ModelId, compiler::RelationShape> shapes_;
};

const char* LocalKindText(const LocalRelation& r) {
  switch (r.kind) {
    case LocalRelation::Kind::kCte:
      return "CTE";
    case LocalRelation::Kind::kSubquery:
      return "subquery";
    case LocalRelation::Kind::kLet:
      return "let binding";
  }
  return "relation";
}

}  // namespace

std::vector<LocalRelation> Workspace::Locals(const facade::CompiledProject* compiled,
                                             const std::string& path, std::string_view text) const {
  ModelCatalog catalog(compiled);
  return LocalRelations(text, IsRockyPath(path), DialectOf(compiled), catalog);
}

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

// The reserved words of the .rocky language (dsl.md §1) a pipeline is written with.
constexpr const char* kDslKeywords[] = {
    "from",  "where",    "group",     "derive",    "select", "join",  "window", "sort",
    "take",  "distinct", "union",     "replicate", "check",  "as",    "on",     "by",
    "order", "keep",     "asc",       "desc",      "and",    "or",    "not",    "is",
    "null",  "in",       "true",      "false",     "let",    "match", "over",   "partition",
    "rows",  "range",    "unbounded", "current"};

// What the qualifier `q` names in `text`: a local relation (shadowing a model of its name) or a
// model, by its name or as an alias `relation [AS] q`.
struct Qualified {
  const LocalRelation* local = nullptr;
  std::optional<project::ModelId> model;
};

Qualified Qualify(std::string_view text, std::string_view q,
                  const std::vector<LocalRelation>& locals, const project::ModelDag& dag) {
  auto named = [&](std::string_view name) -> std::optional<Qualified> {
    if (const LocalRelation* local = FindLocal(locals, name)) return Qualified{local, {}};
    if (auto id = dag.Find(name)) return Qualified{nullptr, id};
    return std::nullopt;
  };
  if (auto r = named(q)) return *r;
  std::vector<Word> words = Words(text);
  for (size_t i = 1; i < words.size(); ++i) {
    if (!EqualsIgnoreCase(words[i].text, q) || !words[i].joined) continue;
    size_t n = i - 1;
    if (EqualsIgnoreCase(words[n].text, "as") && n > 0 && words[n].joined) --n;
    if (auto r = named(words[n].text)) return *r;
  }
  return {};
}

// The column of a local relation that the word at [start, …) of `text` names as `q.word`.
struct LocalColumn {
  const LocalRelation* relation;
  const compiler::BoundColumn* column;
};

std::optional<LocalColumn> LocalColumnAt(std::string_view text, size_t start, std::string_view word,
                                         const std::vector<LocalRelation>& locals,
                                         const project::ModelDag& dag) {
  if (start < 2 || text[start - 1] != '.') return std::nullopt;
  const Qualified q = Qualify(text, WordAt(text, start - 2), locals, dag);
  if (!q.local) return std::nullopt;
  for (const auto& c : q.local->columns)
    if (EqualsIgnoreCase(c.name, word)) return LocalColumn{q.local, &c};
  return std::nullopt;
}

}  // namespace

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
  // The parsed definitions: a CTE's whole range, a `.rocky` file's `let` bindings (no catalog:
  // only names and places are shown).
  for (const LocalRelation& r : Locals(nullptr, path, text)) {
    if (r.kind == LocalRelation::Kind::kLet) {
      out.push_back({r.name, Symbol::Kind::kLet, "let",
                     SpanAt(path, text, r.name_begin, r.name_end - r.name_begin), r.begin, r.end});
      continue;
    }
    if (r.kind != LocalRelation::Kind::kCte) continue;
    const Span at = SpanAt(path, text, r.name_begin, 0);
    for (Symbol& sym : out)
      if (sym.kind == Symbol::Kind::kCte && at.line == sym.span.line && at.col == sym.span.col) {
        sym.begin = r.begin;
        sym.end = r.end;
      }
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
  if (word.empty() || offset > text.size()) return std::nullopt;
  size_t start = offset;
  while (start > 0 && IsIdent(text[start - 1])) --start;
  std::vector<LocalRelation> locals = Locals(compiled.get(), path, text);
  if (start == 0 || text[start - 1] != '.')
    if (const LocalRelation* local = FindLocal(locals, word))
      return SpanAt(Normalize(path), text, local->name_begin, local->name_end - local->name_begin);
  if (!compiled) return std::nullopt;
  const auto& models = compiled->project.load.models;
  const project::ModelDag& dag = compiled->project.dag.dag;
  // `q.column` of a local relation: where its definition names the column.
  if (auto local = LocalColumnAt(text, start, word, locals, dag)) {
    const LocalRelation& r = *local->relation;
    if (auto at = DefiningMention(text.substr(r.begin, r.end - r.begin), word))
      return SpanAt(Normalize(path), text, r.begin + *at, word.size());
    return SpanAt(Normalize(path), text, r.name_begin, r.name_end - r.name_begin);
  }
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
    std::vector<LocalRelation> locals = Locals(compiled.get(), path, text);
    const Qualified q = Qualify(text, qualifier, locals, dag);
    if (q.local)
      for (const auto& c : q.local->columns)
        out.push_back({c.name, Completion::Kind::kColumn,
                       fmt::format("{} · {}", c.type.type.ToString(), q.local->name)});
    if (q.model) add_columns(*q.model);
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
  // The buffer's own relations and their columns (scopes are flat: all of them).
  for (const LocalRelation& r : Locals(compiled.get(), path, text)) {
    out.push_back({r.name, Completion::Kind::kLocal, LocalKindText(r)});
    for (const auto& c : r.columns)
      out.push_back({c.name, Completion::Kind::kColumn,
                     fmt::format("{} · {}", c.type.type.ToString(), r.name)});
  }
  std::set<std::string_view> functions;
  for (const compiler::FunctionSignature* f : compiler::FunctionsOf(DialectOf(compiled.get()).name))
    for (std::string_view rest = f->names; !rest.empty();) {
      const size_t bar = rest.find('|');
      const std::string_view name = rest.substr(0, bar);
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
      if (functions.insert(name).second)
        out.push_back({std::string(name), Completion::Kind::kFunction, FunctionDetail(*f)});
    }
  if (IsRockyPath(path)) {
    for (const char* k : kDslKeywords) out.push_back({k, Completion::Kind::kKeyword, ""});
  } else {
    for (const char* k : kKeywords) out.push_back({k, Completion::Kind::kKeyword, ""});
  }
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

  std::vector<LocalRelation> locals = Locals(compiled.get(), path, text);
  if (auto local = LocalColumnAt(text, start, word, locals, dag))
    return ColumnMarkdown(local->relation->name, *local->column);
  if (start == 0 || text[start - 1] != '.') {
    if (const LocalRelation* local = FindLocal(locals, word)) {
      if (local->columns.empty())
        return fmt::format("**{}** — {} (its columns are not known)", local->name,
                           LocalKindText(*local));
      return fmt::format("**{}** — {}, {} columns{}", local->name, LocalKindText(*local),
                         local->columns.size(), ColumnsMarkdown(*local));
    }
  }
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
