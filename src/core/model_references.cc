#include "core/model_references.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <optional>
#include <thread>
#include <unordered_map>

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
  std::vector<ExternalRelation> external;
  std::optional<Diagnostic> problem;
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

Outcome Resolve(const Model& m, const ModelIndex& index, const sql::Dialect& dialect,
                std::string& key) {
  Outcome out;
  auto script = sql::Parse(m.text, dialect);
  if (!script->diagnostics().empty()) {
    const Diagnostic& first = script->diagnostics().front();
    Span span = first.span ? ToFileSpan(m, first.span->line, first.span->col, first.span->len)
                           : m.spans.body;
    out.problem = NotAQuery(m, first.message, std::move(span));
    return out;
  }
  const auto& statements = script->statements();
  if (statements.empty()) {
    out.problem =
        NotAQuery(m, "the file has no query", m.spans.body.line > 0 ? m.spans.body : m.spans.file);
    return out;
  }
  if (statements.size() > 1) {
    out.problem =
        NotAQuery(m, fmt::format("found {} statements; a model is one query", statements.size()),
                  ToFileSpan(m, *script, statements[1].range));
    return out;
  }
  const sql::Statement* tree = statements[0].tree;
  if (tree->kind != sql::StatementKind::kQueryStatement) {
    out.problem =
        NotAQuery(m,
                  fmt::format("{} statement found; a model is a SELECT or WITH … SELECT query",
                              FirstWord(script->Text(statements[0].range))),
                  ToFileSpan(m, *script, statements[0].range));
    return out;
  }
  const sql::Query& query = *static_cast<const sql::QueryStatement*>(tree)->query;
  for (const sql::TableReference& ref : sql::CollectTableReferences(*script, query)) {
    if (ref.is_cte()) continue;
    if (ref.parts() == 1) {
      if (auto id = index.Find(script->Spelling(ref.name[0]), key)) {
        if (std::find(out.references.begin(), out.references.end(), *id) == out.references.end())
          out.references.push_back(*id);
        continue;
      }
    }
    ExternalRelation rel;
    if (ref.parts() == 0) {
      rel.name = std::string(script->Text(ref.span));
    } else {
      rel.name = DottedName(*script, ref.name);
      rel.parts.reserve(ref.parts());
      for (const sql::Ident& part : ref.name) rel.parts.emplace_back(script->Spelling(part));
    }
    rel.span = ToFileSpan(m, *script, ref.span);
    out.external.push_back(std::move(rel));
  }
  return out;
}

}  // namespace

std::vector<std::vector<ExternalRelation>> ResolveSqlReferences(
    std::vector<Model>& models, std::vector<Diagnostic>& diagnostics, const sql::Dialect& dialect,
    const SqlReferenceOptions& options) {
  const ModelIndex index(models);
  std::vector<uint32_t> sql_models;
  for (size_t i = 0; i < models.size(); ++i)
    if (models[i].kind == ModelKind::kSql) sql_models.push_back(static_cast<uint32_t>(i));

  std::vector<Outcome> outcomes(sql_models.size());
  std::atomic<size_t> next{0};
  auto work = [&]() {
    constexpr size_t kChunk = 32;
    std::string key;
    while (true) {
      size_t begin = next.fetch_add(kChunk);
      if (begin >= sql_models.size()) return;
      size_t end = std::min(sql_models.size(), begin + kChunk);
      for (size_t k = begin; k < end; ++k)
        outcomes[k] = Resolve(models[sql_models[k]], index, dialect, key);
    }
  };
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  // A few hundred models parse in well under a millisecond each: not worth a thread.
  threads = std::clamp<unsigned>(static_cast<unsigned>(sql_models.size() / 256), 1,
                                 std::max(1u, threads));
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
  }

  std::vector<std::vector<ExternalRelation>> external(models.size());
  for (size_t k = 0; k < sql_models.size(); ++k) {
    Model& m = models[sql_models[k]];
    Outcome& o = outcomes[k];
    m.sql_references.clear();
    m.sql_references.reserve(o.references.size());
    for (uint32_t id : o.references) m.sql_references.push_back(models[id].name);
    if (o.problem) diagnostics.push_back(std::move(*o.problem));
    external[sql_models[k]] = std::move(o.external);
  }
  return external;
}

}  // namespace rocky::core
