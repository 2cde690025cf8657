// Workspace: references and rename. Mentions are found with the files' lexers (comments and
// strings never match) in the current text of each model file (open buffers win); which models
// to scan comes from the last compile (the DAG and the columns' lineage).

#include <cctype>
#include <deque>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>

#include "base/strings.h"
#include "facade/project_compile.h"
#include "lsp/lexemes.h"
#include "lsp/local_relations.h"
#include "lsp/text_scan.h"
#include "lsp/workspace.h"

namespace rocky::lsp {

namespace fs = std::filesystem;

namespace {

struct WordSite {
  size_t begin;
  size_t end;
  bool after_dot;   // `q.word`
  bool before_dot;  // `word.x`: a qualifier
};

// The word lexemes of `text` spelling `word` (case-insensitively; every word when empty).
std::vector<WordSite> WordSites(std::string_view text, const std::string& path,
                                const sql::Dialect& dialect, std::string_view word) {
  std::vector<WordSite> out;
  std::vector<Lexeme> lex = Lex(text, IsRockyPath(path), dialect);
  for (size_t i = 0; i < lex.size(); ++i) {
    const Lexeme& l = lex[i];
    if (l.kind != LexemeKind::kWord) continue;
    if (!word.empty() && !EqualsIgnoreCase(text.substr(l.begin, l.end - l.begin), word)) continue;
    bool after = i > 0 && lex[i - 1].punct == '.' && lex[i - 1].end == l.begin;
    bool before = i + 1 < lex.size() && lex[i + 1].punct == '.' && lex[i + 1].begin == l.end;
    out.push_back({l.begin, l.end, after, before});
  }
  return out;
}

const compiler::BoundColumn* FindColumn(const compiler::CompiledModel& m, std::string_view name) {
  for (const auto& c : m.columns)
    if (EqualsIgnoreCase(c.name, name)) return &c;
  return nullptr;
}

bool IsIdentifierName(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

// The first alias definition (`AS column`, `column:`) among `sites` of `text`.
std::optional<size_t> AliasSite(std::string_view text, const std::vector<WordSite>& sites) {
  for (size_t i = 0; i < sites.size(); ++i)
    if (!sites[i].after_dot &&
        IsAliasDefinition(text, sites[i].begin, sites[i].end - sites[i].begin))
      return i;
  return std::nullopt;
}

// `word` is local to `text`: a CTE (`word AS (`), or a relation alias (a qualifier `word.`
// also written unqualified, where it is introduced).
bool IsLocalName(std::string_view text, const std::vector<WordSite>& sites) {
  bool qualifier = false, bare = false;
  for (const WordSite& s : sites) {
    qualifier = qualifier || s.before_dot;
    bare = bare || (!s.before_dot && !s.after_dot);
    size_t k = s.end;
    while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
    if (k + 2 > text.size() || !EqualsIgnoreCase(text.substr(k, 2), "as")) continue;
    k += 2;
    while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
    if (k < text.size() && text[k] == '(') return true;
  }
  return qualifier && bare;
}

// Model `from` reads `column` of `parent` and outputs it under the same name.
bool PassesThrough(const compiler::CompiledModel& from, const std::string& parent,
                   const std::string& column) {
  const compiler::BoundColumn* c = FindColumn(from, column);
  if (!c) return false;
  for (const auto& s : c->sources)
    if (EqualsIgnoreCase(s.relation, parent) && EqualsIgnoreCase(s.column, column)) return true;
  return false;
}

}  // namespace

const sql::Dialect& Workspace::DialectOf(const facade::CompiledProject* compiled) {
  return compiled && compiled->project.dialect ? *compiled->project.dialect : sql::DuckDbDialect();
}

std::shared_ptr<const facade::CompiledProject> Workspace::Last() const {
  std::lock_guard lock(mutex_);
  return last_;
}

std::optional<project::ModelId> Workspace::ModelOf(const facade::CompiledProject& compiled,
                                                   const std::string& path) const {
  const std::string normal = Normalize(path);
  const auto& models = compiled.project.load.models;
  for (size_t i = 0; i < models.size(); ++i)
    if (Normalize(models[i].path) == normal) return static_cast<project::ModelId>(i);
  return std::nullopt;
}

std::string Workspace::Contents(const std::string& path) const {
  if (auto text = Text(path)) return *text;
  std::ifstream in(Normalize(path), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::optional<Workspace::Target> Workspace::Resolve(const std::string& path, std::string_view text,
                                                    size_t offset) const {
  auto compiled = Last();
  if (!compiled) return std::nullopt;
  const sql::Dialect& dialect = DialectOf(compiled.get());
  std::optional<WordSite> at;
  for (const WordSite& s : WordSites(text, path, dialect, ""))
    if (s.begin <= offset && offset <= s.end) at = s;
  if (!at) return std::nullopt;
  const std::string word(text.substr(at->begin, at->end - at->begin));
  const auto& models = compiled->project.load.models;
  const auto& typed = compiled->types.models;
  const project::ModelDag& dag = compiled->project.dag.dag;
  auto self = ModelOf(*compiled, path);
  // A CTE, subquery or `let` the buffer defines shadows a model of its name.
  if (!at->after_dot && FindLocal(Locals(nullptr, path, text), word))
    return Target{Target::Kind::kLocal, word, self.value_or(0), at->begin, at->end, true};
  if (auto id = dag.Find(word); id && *id < models.size() && !at->after_dot)
    return Target{Target::Kind::kModel, models[*id].name, *id, at->begin, at->end, true};
  if (!at->after_dot && IsLocalName(text, WordSites(text, path, dialect, word)))
    return Target{Target::Kind::kLocal, word, self.value_or(0), at->begin, at->end, true};
  if (at->before_dot || !self || *self >= typed.size()) return std::nullopt;
  std::optional<project::ModelId> owner;
  if (FindColumn(typed[*self], word)) owner = self;
  for (project::ModelId parent : dag.dependencies(*self))
    if (!owner && parent < typed.size() && FindColumn(typed[parent], word)) owner = parent;
  if (!owner) return std::nullopt;
  // Up through same-named direct pass-throughs to the model whose select list defines it (at
  // most one step per model: a cycle cannot hold it).
  for (size_t step = 0;; ++step) {
    const compiler::BoundColumn* c = FindColumn(typed[*owner], word);
    std::string owner_text = Contents(models[*owner].path);
    if (AliasSite(owner_text, WordSites(owner_text, models[*owner].path, dialect, word)))
      return Target{Target::Kind::kColumn, c->name, *owner, at->begin, at->end, true};
    std::optional<project::ModelId> up;
    if (c->sources.size() == 1 && c->sources[0].transform == "direct" &&
        EqualsIgnoreCase(c->sources[0].column, word))
      up = dag.Find(c->sources[0].relation);
    if (!up || *up >= typed.size() || !FindColumn(typed[*up], word) || step > models.size())
      return Target{Target::Kind::kColumn, c->name, *owner, at->begin, at->end, false};
    owner = up;
  }
}

std::vector<Span> Workspace::ModelSites(const facade::CompiledProject& compiled,
                                        project::ModelId id, const CancelToken& cancel) const {
  std::vector<Span> out;
  const auto& models = compiled.project.load.models;
  const std::string& name = models[id].name;
  for (const auto& m : models) {
    if (cancel.Cancelled()) break;
    bool reads = false;
    for (const auto& r : m.sql_references) reads = reads || EqualsIgnoreCase(r, name);
    if (!reads) continue;
    const std::string file = Normalize(m.path);
    std::string text = Contents(file);
    for (const WordSite& s : WordSites(text, file, DialectOf(&compiled), name))
      if (!s.after_dot) out.push_back(SpanAt(file, text, s.begin, s.end - s.begin));
  }
  return out;
}

std::vector<Span> Workspace::ColumnSites(const facade::CompiledProject& compiled,
                                         project::ModelId owner, const std::string& column,
                                         const CancelToken& cancel) const {
  std::vector<Span> out;
  const auto& models = compiled.project.load.models;
  const auto& typed = compiled.types.models;
  const project::ModelDag& dag = compiled.project.dag.dag;
  // Models to scan; `propagates`: its output passes the column on under the same name.
  std::deque<project::ModelId> queue{owner};
  std::set<project::ModelId> seen{owner};
  while (!queue.empty() && !cancel.Cancelled()) {
    project::ModelId m = queue.front();
    queue.pop_front();
    const std::string file = Normalize(models[m].path);
    std::string text = Contents(file);
    std::vector<WordSite> sites = WordSites(text, file, DialectOf(&compiled), column);
    size_t first = 0;
    if (m == owner)
      if (auto alias = AliasSite(text, sites)) first = *alias;
    for (size_t i = first; i < sites.size(); ++i)
      if (!sites[i].before_dot)
        out.push_back(SpanAt(file, text, sites[i].begin, sites[i].end - sites[i].begin));
    if (m != owner && (m >= typed.size() || !FindColumn(typed[m], column))) continue;
    for (project::ModelId d : dag.dependents(m)) {
      if (cancel.Cancelled()) break;
      if (seen.count(d) || d >= typed.size()) continue;
      if (!PassesThrough(typed[d], models[m].name, column) &&
          WordSites(Contents(models[d].path), models[d].path, DialectOf(&compiled), column).empty())
        continue;
      seen.insert(d);
      queue.push_back(d);
    }
  }
  return out;
}

std::vector<Span> Workspace::References(const std::string& path, std::string_view text,
                                        size_t offset, bool include_declaration,
                                        const CancelToken& cancel) const {
  auto compiled = Last();
  auto target = Resolve(path, text, offset);
  if (!compiled || !target) return {};
  if (target->kind == Target::Kind::kColumn)
    return ColumnSites(*compiled, target->owner, target->name, cancel);
  std::vector<Span> out;
  if (target->kind == Target::Kind::kLocal) {
    const std::string file = Normalize(path);
    for (const WordSite& s : WordSites(text, file, DialectOf(compiled.get()), target->name))
      if (!s.after_dot) out.push_back(SpanAt(file, text, s.begin, s.end - s.begin));
    return out;
  }
  if (include_declaration)
    out.push_back(Span{Normalize(compiled->project.load.models[target->owner].path), 1, 1, 0});
  for (Span& s : ModelSites(*compiled, target->owner, cancel)) out.push_back(std::move(s));
  return out;
}

std::expected<Workspace::RenamePlan, std::string> Workspace::Rename(
    const std::string& path, std::string_view text, size_t offset, const std::string& new_name,
    const CancelToken& cancel) const {
  auto compiled = Last();
  auto target = Resolve(path, text, offset);
  if (!compiled || !target) return std::unexpected("nothing to rename here");
  if (!target->renameable)
    return std::unexpected("'" + target->name +
                           "' is not an alias of a model's select list: rename it at its source");
  if (!IsIdentifierName(new_name))
    return std::unexpected("'" + new_name + "' is not a plain identifier");
  RenamePlan plan;
  if (target->kind == Target::Kind::kLocal) {
    for (Span& s : References(path, text, offset, true, cancel))
      plan.edits.push_back({std::move(s), new_name});
    return plan;
  }
  if (target->kind == Target::Kind::kColumn) {
    if (FindColumn(compiled->types.models[target->owner], new_name))
      return std::unexpected("'" + new_name + "' is already a column of that model");
    for (Span& s : ColumnSites(*compiled, target->owner, target->name, cancel))
      plan.edits.push_back({std::move(s), new_name});
    return plan;
  }
  const project::Model& model = compiled->project.load.models[target->owner];
  if (compiled->project.dag.dag.Find(new_name))
    return std::unexpected("'" + new_name + "' is already a model");
  for (Span& s : ModelSites(*compiled, target->owner, cancel))
    plan.edits.push_back({std::move(s), new_name});
  const fs::path file(Normalize(model.path));
  const std::string stem = file.stem().string();
  if (model.name_written() && model.spans.name.file.size()) {
    // `name = "old"`: the value between its quotes.
    const std::string sidecar = Normalize(model.spans.name.file);
    std::string toml = Contents(sidecar);
    size_t line_start = 0;
    for (int line = 1; line < model.spans.name.line; ++line)
      line_start = toml.find('\n', line_start) + 1;
    size_t eq = toml.find('=', line_start);
    size_t open = eq == std::string::npos ? eq : toml.find_first_of("\"'", eq);
    size_t close = open == std::string::npos ? open : toml.find(toml[open], open + 1);
    if (close != std::string::npos && toml.find('\n', line_start) > close)
      plan.edits.push_back({SpanAt(sidecar, toml, open + 1, close - open - 1), new_name});
  }
  // A model whose sidecar names it apart from its file keeps its files; else they follow.
  if (model.name_written() && !EqualsIgnoreCase(stem, model.name)) return plan;
  auto rename_sibling = [&](const fs::path& from, const std::string& suffix) {
    std::error_code ec;
    if (fs::exists(from, ec))
      plan.file_renames.emplace_back(from.string(),
                                     (file.parent_path() / (new_name + suffix)).string());
  };
  rename_sibling(file, file.extension().string());
  if (model.config_path && Normalize(*model.config_path) != file.string()) {
    const fs::path sidecar(Normalize(*model.config_path));
    plan.file_renames.emplace_back(sidecar.string(),
                                   (sidecar.parent_path() / (new_name + ".toml")).string());
  }
  rename_sibling(file.parent_path() / (stem + ".contract.toml"), ".contract.toml");
  return plan;
}

}  // namespace rocky::lsp
