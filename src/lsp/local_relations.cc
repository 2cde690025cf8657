#include "lsp/local_relations.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "base/strings.h"
#include "lang/lower.h"
#include "lang/parser.h"
#include "sql/parser.h"
#include "sql/walker.h"

namespace rocky::lsp {

namespace {

// `base` plus the local relations bound so far (by lower-case name, shadowing `base`).
class LocalCatalog : public compiler::Catalog {
 public:
  explicit LocalCatalog(const compiler::Catalog& base) : base_(base) {}
  const compiler::RelationShape* Find(const std::vector<std::string>& parts) const override {
    if (parts.size() == 1)
      if (auto it = locals_.find(ToLower(parts[0])); it != locals_.end()) return &it->second;
    return base_.Find(parts);
  }
  void Add(const std::string& name, std::vector<compiler::BoundColumn> columns) {
    locals_[ToLower(name)].columns = std::move(columns);
  }

 private:
  const compiler::Catalog& base_;
  std::map<std::string, compiler::RelationShape> locals_;
};

// Binds every CTE and aliased subquery of a script as the walk reaches it.
class Collector : public sql::TreeVisitor {
 public:
  Collector(const sql::Script& script, LocalCatalog& catalog, bool rocky,
            std::vector<LocalRelation>& out)
      : script_(script), catalog_(catalog), rocky_(rocky), out_(out) {
    options_.dialect = std::string(script.dialect().name);
  }

  bool Enter(const sql::Cte& cte) override {
    if (!cte.name.valid() || !cte.query) return true;
    LocalRelation r{rocky_ ? LocalRelation::Kind::kLet : LocalRelation::Kind::kCte,
                    std::string(script_.Spelling(cte.name)),
                    cte.name.span.begin,
                    cte.name.span.end,
                    cte.span.begin,
                    cte.span.end,
                    Bind(*cte.query)};
    for (size_t i = 0; i < cte.columns.size && i < r.columns.size(); ++i)
      r.columns[i].name = std::string(script_.Spelling(cte.columns[i]));
    catalog_.Add(r.name, r.columns);
    out_.push_back(std::move(r));
    return true;
  }

  bool Enter(const sql::TableRef& ref) override {
    // Lowered .rocky frames are subqueries named by the lowering: not the user's.
    if (rocky_ || ref.kind != sql::TableRefKind::kDerived || !ref.alias || !ref.alias->name.valid())
      return true;
    const auto& derived = sql::As<sql::Derived>(ref);
    if (!derived.query) return true;
    const sql::Ident& alias = ref.alias->name;
    LocalRelation r{LocalRelation::Kind::kSubquery,
                    std::string(script_.Spelling(alias)),
                    alias.span.begin,
                    alias.span.end,
                    ref.span.begin,
                    ref.span.end,
                    Bind(*derived.query)};
    for (size_t i = 0; i < ref.alias->columns.size && i < r.columns.size(); ++i)
      r.columns[i].name = std::string(script_.Spelling(ref.alias->columns[i]));
    out_.push_back(std::move(r));
    return true;
  }

 private:
  std::vector<compiler::BoundColumn> Bind(const sql::Query& query) {
    return compiler::BindQuery(script_, query, catalog_, options_).columns;
  }

  const sql::Script& script_;
  LocalCatalog& catalog_;
  bool rocky_;
  std::vector<LocalRelation>& out_;
  compiler::BindOptions options_;
};

bool IsWordByte(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || u >= 0x80;
}

// `text` made parsable as far as a buffer being edited allows, offsets kept: a leading `---toml`
// frontmatter blanked (line breaks kept), and a qualifier being typed (`q.` followed by no name)
// read as the word `q_`.
std::string Parsable(std::string_view text, bool rocky) {
  std::string out(text);
  if (!rocky && text.starts_with("---toml")) {
    size_t close = text.find("\n---", 7);
    size_t end = close == std::string_view::npos ? text.size() : text.find('\n', close + 1);
    if (end == std::string_view::npos) end = text.size();
    for (size_t i = 0; i < end; ++i)
      if (out[i] != '\n') out[i] = ' ';
  }
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i] != '.' || !IsWordByte(out[i - 1])) continue;
    if (i + 1 < out.size() &&
        (IsWordByte(out[i + 1]) || out[i + 1] == '*' || out[i + 1] == '"' || out[i + 1] == '`'))
      continue;
    size_t word = i;
    while (word > 0 && IsWordByte(out[word - 1])) --word;
    if (!std::isdigit(static_cast<unsigned char>(out[word]))) out[i] = '_';
  }
  return out;
}

std::vector<LocalRelation> RockyRelations(std::string_view text, const sql::Dialect& dialect,
                                          const compiler::Catalog& catalog) {
  std::vector<LocalRelation> out;
  const std::string source = Parsable(text, true);
  auto parsed = lang::Parse(source);
  if (parsed->ok()) {
    lang::LowerResult lowered = lang::Lower(*parsed, dialect);
    if (lowered.ok() && lowered.query->with) {
      LocalCatalog locals(catalog);
      Collector collector(*lowered.script, locals, true, out);
      for (const sql::Cte* cte : lowered.query->with->ctes) collector.Enter(*cte);
      return out;
    }
  }
  // Not lowered: the names the parser recovered, without columns.
  for (const lang::Let* let : parsed->root().lets)
    if (let->name.valid())
      out.push_back({LocalRelation::Kind::kLet,
                     std::string(let->name.text),
                     let->name.span.begin,
                     let->name.span.end,
                     let->span.begin,
                     let->span.end,
                     {}});
  return out;
}

}  // namespace

std::vector<LocalRelation> LocalRelations(std::string_view text, bool rocky,
                                          const sql::Dialect& dialect,
                                          const compiler::Catalog& catalog) {
  if (rocky) return RockyRelations(text, dialect, catalog);
  std::vector<LocalRelation> out;
  const std::string source = Parsable(text, false);
  auto script = sql::Parse(source, dialect);
  LocalCatalog locals(catalog);
  Collector collector(*script, locals, false, out);
  for (const sql::ScriptStatement& s : script->statements())
    if (s.tree) sql::Walk(s.tree, collector);
  std::stable_sort(out.begin(), out.end(), [](const LocalRelation& a, const LocalRelation& b) {
    return a.name_begin < b.name_begin;
  });
  return out;
}

const LocalRelation* FindLocal(const std::vector<LocalRelation>& relations, std::string_view name) {
  for (const LocalRelation& r : relations)
    if (EqualsIgnoreCase(r.name, name)) return &r;
  return nullptr;
}

std::string ColumnsMarkdown(const LocalRelation& relation) {
  std::string out;
  for (const auto& c : relation.columns) {
    out += fmt::format("\n- `{}`", c.name);
    if (c.type.type.IsKnown())
      out += fmt::format(": `{}`{}", c.type.type.ToString(), c.type.nullable ? "" : " NOT NULL");
  }
  return out;
}

}  // namespace rocky::lsp
