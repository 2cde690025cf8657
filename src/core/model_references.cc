#include "core/model_references.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <optional>
#include <thread>
#include <unordered_map>

#include "base/parallel.h"
#include "base/strings.h"
#include "lang/lower.h"
#include "sql/parser.h"
#include "sql/table_references.h"

namespace rocky::core {

namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

void AssignLower(std::string& out, std::string_view s) {
  out.resize(s.size());
  std::transform(s.begin(), s.end(), out.begin(), Lower);
}

// Model names, lower-cased, to indexes (the first of a case-insensitive clash wins).
class ModelIndex {
 public:
  explicit ModelIndex(const std::vector<Model>& models) {
    by_lower_.reserve(models.size());
    std::string key;
    for (size_t i = 0; i < models.size(); ++i) {
      AssignLower(key, models[i].name);
      by_lower_.emplace(key, static_cast<uint32_t>(i));
    }
  }

  /// `key` is scratch space, so repeated look-ups do not allocate.
  std::optional<uint32_t> Find(std::string_view name, std::string& key) const {
    AssignLower(key, name);
    auto it = by_lower_.find(key);
    if (it == by_lower_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::unordered_map<std::string, uint32_t> by_lower_;
};

struct Outcome {
  std::vector<uint32_t> references;  // model indexes, first appearance first
  std::vector<Diagnostic> problems;
  ModelQuery query;
};

// A position in the model's text to one in the model file: `text` starts at spans.body.
Span ToFileSpan(const Model& m, int line, int col, int len) {
  const Span& body = m.spans.body;
  if (body.line <= 0) return Span{m.path, line, col, len};
  return Span{body.file.empty() ? m.path : body.file, body.line + line - 1,
              line == 1 ? body.col + col - 1 : col, len};
}

Span ToFileSpan(const Model& m, const sql::Script& script, sql::SrcRange range) {
  Span local = script.Locate(range);
  return ToFileSpan(m, local.line, local.col, local.len);
}

Diagnostic NotAQuery(const Model& m, std::string detail, Span span) {
  Diagnostic d;
  d.severity = Severity::kError;
  d.code = std::string(kSqlModelNotAQueryCode);
  d.message = fmt::format(".sql model is not a single parseable query: {}", detail);
  d.span = std::move(span);
  d.model = m.name;
  return d;
}

// The statement's first word, upper-cased: "INSERT", "CREATE", …
std::string FirstWord(std::string_view text) {
  size_t end = 0;
  while (end < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))
    ++end;
  std::string word(text.substr(0, end));
  for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return word;
}

std::string DottedName(const sql::Script& script, const sql::Name& name) {
  std::string out;
  for (uint32_t i = 0; i < name.size; ++i) {
    if (i) out += '.';
    out += script.Text(name[i].span);
  }
  return out;
}

// The single query of a parsed model, or a P003 problem.
const sql::Query* SingleQuery(const Model& m, const sql::Script& script, Outcome& out) {
  if (!script.diagnostics().empty()) {
    const Diagnostic& first = script.diagnostics().front();
    Span span = first.span ? ToFileSpan(m, first.span->line, first.span->col, first.span->len)
                           : m.spans.body;
    out.problems.push_back(NotAQuery(m, first.message, std::move(span)));
    return nullptr;
  }
  const auto& statements = script.statements();
  if (statements.empty()) {
    out.problems.push_back(
        NotAQuery(m, "the file has no query", m.spans.body.line > 0 ? m.spans.body : m.spans.file));
    return nullptr;
  }
  if (statements.size() > 1) {
    out.problems.push_back(
        NotAQuery(m, fmt::format("found {} statements; a model is one query", statements.size()),
                  ToFileSpan(m, script, statements[1].range)));
    return nullptr;
  }
  const sql::Statement* tree = statements[0].tree;
  if (tree->kind != sql::StatementKind::kQueryStatement) {
    out.problems.push_back(
        NotAQuery(m,
                  fmt::format("{} statement found; a model is a SELECT or WITH … SELECT query",
                              FirstWord(script.Text(statements[0].range))),
                  ToFileSpan(m, script, statements[0].range)));
    return nullptr;
  }
  return static_cast<const sql::QueryStatement*>(tree)->query;
}

// What to record from one tree.
enum Record : unsigned { kReferences = 1, kSites = 2 };

// Model references (and external relations) and/or rewriting sites of `query`. `file_spans`
// says whether the script's coordinates are the model text's (mapped through spans.body) or
// already the file's (a lowered .rocky tree).
void Collect(const Model& m, const sql::Script& script, const sql::Query& query,
             const ModelIndex& index, std::string& key, unsigned record, bool file_spans,
             Outcome& out) {
  for (const sql::TableReference& ref : sql::CollectTableReferences(script, query)) {
    if (ref.is_cte()) continue;
    if (ref.parts() == 1) {
      if (auto id = index.Find(script.Spelling(ref.name[0]), key)) {
        if ((record & kReferences) &&
            std::find(out.references.begin(), out.references.end(), *id) == out.references.end())
          out.references.push_back(*id);
        if (record & kSites)
          out.query.sites.push_back(
              ModelReferenceSite{ref.span.begin, ref.span.end, ref.table->alias != nullptr, *id});
        continue;
      }
    }
    if (!(record & kReferences)) continue;
    ExternalRelation rel;
    if (ref.parts() == 0) {
      rel.name = std::string(script.Text(ref.span));
    } else {
      rel.name = DottedName(script, ref.name);
      rel.parts.reserve(ref.parts());
      for (const sql::Ident& part : ref.name) rel.parts.emplace_back(script.Spelling(part));
    }
    rel.span = file_spans ? script.Locate(ref.span) : ToFileSpan(m, script, ref.span);
    out.query.external.push_back(std::move(rel));
  }
}

// The top-level CTE names and the offset after `WITH [RECURSIVE]`.
void RecordWith(const sql::Script& script, const sql::Query& query, ModelQuery& out) {
  if (!query.with) return;
  for (const sql::Cte* cte : query.with->ctes) out.ctes.emplace_back(script.Spelling(cte->name));
  std::string_view text = script.source();
  size_t pos = query.with->span.begin;
  auto skip_word = [&](std::string_view word) {
    size_t p = pos;
    while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
    if (text.size() - p >= word.size() && EqualsIgnoreCase(text.substr(p, word.size()), word) &&
        (p + word.size() == text.size() ||
         !std::isalnum(static_cast<unsigned char>(text[p + word.size()])))) {
      pos = p + word.size();
      return true;
    }
    return false;
  };
  if (!skip_word("WITH")) return;
  skip_word("RECURSIVE");
  out.with_end = static_cast<uint32_t>(pos);
}

Outcome ResolveSql(const Model& m, const ModelIndex& index, const sql::Dialect& dialect,
                   std::string& key) {
  Outcome out;
  auto script = sql::Parse(ParseableModelText(m.text), dialect);
  const sql::Query* query = SingleQuery(m, *script, out);
  if (!query) return out;
  Collect(m, *script, *query, index, key, kReferences | kSites, false, out);
  RecordWith(*script, *query, out.query);
  out.query.sql = m.text;
  out.query.ok = true;
  return out;
}

Outcome ResolveRocky(const Model& m, const ModelIndex& index, const sql::Dialect& dialect,
                     std::string& key) {
  Outcome out;
  lang::LowerResult lowered = lang::Lower(m.text, m.path, dialect);
  if (!lowered.ok()) {
    for (Diagnostic d : lowered.diagnostics) {
      d.model = m.name;
      out.problems.push_back(std::move(d));
    }
    return out;
  }
  Collect(m, *lowered.script, *lowered.query, index, key, kReferences, true, out);
  std::string sql = lowered.Sql(&dialect);
  auto script = sql::Parse(sql, dialect);
  Outcome reparsed;
  const sql::Query* query = SingleQuery(m, *script, reparsed);
  if (!query) {
    Diagnostic d;
    d.severity = Severity::kError;
    d.code = "P002";
    d.message = fmt::format("the lowered SQL of this .rocky model does not parse ({}); please "
                            "report it with the model",
                            reparsed.problems.empty() ? "" : reparsed.problems[0].message);
    d.span = m.spans.file;
    d.model = m.name;
    out.problems.push_back(std::move(d));
    out.references.clear();
    out.query.external.clear();
    return out;
  }
  Collect(m, *script, *query, index, key, kSites, false, out);
  RecordWith(*script, *query, out.query);
  out.query.sql = std::move(sql);
  out.query.ok = true;
  return out;
}

}  // namespace

std::string ParseableModelText(const std::string& text) {
  if (text.find('@') == std::string::npos) return text;
  std::string out = ReplaceAll(text, "@start_date", "'start_dat'");
  return ReplaceAll(out, "@end_date", "'end_dat'");
}

std::vector<ModelQuery> AnalyzeModelQueries(std::vector<Model>& models,
                                            std::vector<Diagnostic>& diagnostics,
                                            const sql::Dialect& dialect,
                                            const SqlReferenceOptions& options) {
  const ModelIndex index(models);
  std::vector<Outcome> outcomes(models.size());
  // A few hundred models parse in well under a millisecond each: not worth a thread.
  ParallelFor(models.size(), ThreadsFor(models.size(), options.threads, 256), 32,
              [&](size_t begin, size_t end) {
                std::string key;  // scratch for case-insensitive look-ups
                for (size_t k = begin; k < end; ++k)
                  outcomes[k] = models[k].kind == ModelKind::kRocky
                                    ? ResolveRocky(models[k], index, dialect, key)
                                    : ResolveSql(models[k], index, dialect, key);
              });

  std::vector<ModelQuery> queries(models.size());
  for (size_t k = 0; k < models.size(); ++k) {
    Model& m = models[k];
    Outcome& o = outcomes[k];
    m.sql_references.clear();
    m.sql_references.reserve(o.references.size());
    for (uint32_t id : o.references) m.sql_references.push_back(models[id].name);
    for (Diagnostic& d : o.problems) diagnostics.push_back(std::move(d));
    queries[k] = std::move(o.query);
  }
  return queries;
}

std::vector<std::vector<ExternalRelation>> ResolveSqlReferences(
    std::vector<Model>& models, std::vector<Diagnostic>& diagnostics, const sql::Dialect& dialect,
    const SqlReferenceOptions& options) {
  std::vector<ModelQuery> queries = AnalyzeModelQueries(models, diagnostics, dialect, options);
  std::vector<std::vector<ExternalRelation>> external(models.size());
  for (size_t i = 0; i < models.size(); ++i) external[i] = std::move(queries[i].external);
  return external;
}

}  // namespace rocky::core
