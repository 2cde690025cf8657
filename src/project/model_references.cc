#include "project/model_references.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <optional>
#include <thread>
#include <unordered_map>

#include "base/byte_codec.h"
#include "base/diagnostic_codec.h"
#include "base/name_index.h"
#include "base/parallel.h"
#include "base/strings.h"
#include "lang/lower.h"
#include "project/model_cache.h"
#include "sql/parser.h"
#include "sql/table_references.h"

namespace rocky::project {

namespace {

// Model names to indexes, ignoring case (the first of a case-insensitive clash wins).
class ModelIndex {
 public:
  explicit ModelIndex(const std::vector<Model>& models) {
    names_.Reserve(models.size());
    for (size_t i = 0; i < models.size(); ++i)
      names_.Insert(models[i].name, static_cast<uint32_t>(i));
  }

  std::optional<uint32_t> Find(std::string_view name) const { return names_.Find(name); }

 private:
  NameIndex names_;
};

// What one parse tells, before model names are known: every relation read (CTEs excluded) and
// the query's shape. Cached per model (model_cache.h), so it depends on the model alone.
enum Use : uint8_t { kReferences = 1, kSites = 2 };

struct RelationRead {
  std::string name;                // dotted as written, or a file literal
  std::vector<std::string> parts;  // unquoted; empty for a file
  Span span;                       // in the model file
  uint32_t begin = 0, end = 0;     // bytes in ModelQuery::sql (kSites)
  bool has_alias = false;
  uint8_t use = 0;
};

struct ParsedQuery {
  std::vector<RelationRead> reads;
  std::vector<Diagnostic> problems;
  ModelQuery query;  // sql, ok, ctes, with_end
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
const sql::Query* SingleQuery(const Model& m, const sql::Script& script, ParsedQuery& out) {
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

// Every relation `query` reads, for the uses in `use`. `file_spans` says whether the script's
// coordinates are the model text's (mapped through spans.body) or already the file's (a lowered
// .rocky tree).
void Collect(const Model& m, const sql::Script& script, const sql::Query& query, uint8_t use,
             bool file_spans, ParsedQuery& out) {
  for (const sql::TableReference& ref : sql::CollectTableReferences(script, query)) {
    if (ref.is_cte()) continue;
    RelationRead read;
    read.use = use;
    read.begin = ref.span.begin;
    read.end = ref.span.end;
    read.has_alias = ref.table && ref.table->alias != nullptr;
    if (ref.parts() == 0) {
      read.name = std::string(script.Text(ref.span));
    } else {
      read.name = DottedName(script, ref.name);
      read.parts.reserve(ref.parts());
      for (const sql::Ident& part : ref.name) read.parts.emplace_back(script.Spelling(part));
    }
    if (use & kReferences)
      read.span = file_spans ? script.Locate(ref.span) : ToFileSpan(m, script, ref.span);
    out.reads.push_back(std::move(read));
  }
}

// Model references, rewriting sites and external relations, now that model names are known.
Outcome Classify(ParsedQuery parsed, const ModelIndex& index) {
  Outcome out;
  out.problems = std::move(parsed.problems);
  out.query = std::move(parsed.query);
  for (RelationRead& read : parsed.reads) {
    if (read.parts.size() == 1) {
      if (auto id = index.Find(read.parts[0])) {
        if ((read.use & kReferences) &&
            std::find(out.references.begin(), out.references.end(), *id) == out.references.end())
          out.references.push_back(*id);
        if (read.use & kSites)
          out.query.sites.push_back(ModelReferenceSite{read.begin, read.end, read.has_alias, *id});
        continue;
      }
    }
    if (!(read.use & kReferences)) continue;
    out.query.external.push_back(
        ExternalRelation{std::move(read.name), std::move(read.parts), std::move(read.span)});
  }
  return out;
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

ParsedQuery ParseSql(const Model& m, const sql::Dialect& dialect) {
  ParsedQuery out;
  auto script = sql::Parse(ParseableModelText(m.text), dialect);
  const sql::Query* query = SingleQuery(m, *script, out);
  if (!query) return out;
  Collect(m, *script, *query, kReferences | kSites, false, out);
  RecordWith(*script, *query, out.query);
  out.query.ok = true;
  return out;
}

ParsedQuery ParseRocky(const Model& m, const sql::Dialect& dialect) {
  ParsedQuery out;
  lang::LowerResult lowered = lang::Lower(m.text, m.path, dialect);
  if (!lowered.ok()) {
    for (Diagnostic d : lowered.diagnostics) {
      d.model = m.name;
      out.problems.push_back(std::move(d));
    }
    return out;
  }
  Collect(m, *lowered.script, *lowered.query, kReferences, true, out);
  std::string sql = lowered.Sql(&dialect);
  auto script = sql::Parse(sql, dialect);
  ParsedQuery reparsed;
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
    out.reads.clear();
    return out;
  }
  Collect(m, *script, *query, kSites, false, out);
  RecordWith(*script, *query, out.query);
  out.query.sql = std::move(sql);
  out.query.ok = true;
  return out;
}

// `path` is the model file, which most spans name.
std::string EncodeParsed(const ParsedQuery& p, const std::string& path) {
  ByteWriter w;
  w.Varint(p.reads.size());
  for (const RelationRead& r : p.reads) {
    w.Str(r.name);
    w.Strs(r.parts);
    const std::string* usual[] = {&path};  // spans nearly always name the model file
    EncodeSpan(w, r.span, usual);
    w.Varint(r.begin);
    w.Varint(r.end);
    w.Bool(r.has_alias);
    w.U8(r.use);
  }
  EncodeDiagnostics(w, p.problems);
  w.Str(p.query.sql);
  w.Bool(p.query.ok);
  w.Strs(p.query.ctes);
  w.Bool(p.query.with_end.has_value());
  w.Varint(p.query.with_end.value_or(0));
  return w.Take();
}

bool DecodeParsed(std::string_view bytes, const std::string& path, ParsedQuery& p) {
  ByteReader r(bytes);
  uint64_t n = 0, begin = 0, end = 0, with_end = 0;
  if (!r.Count(n)) return false;
  p.reads.resize(n);
  for (RelationRead& read : p.reads) {
    const std::string* usual[] = {&path};
    if (!r.Str(read.name) || !r.Strs(read.parts) || !DecodeSpan(r, read.span, usual) ||
        !r.Varint(begin) || !r.Varint(end) || begin > end || end > UINT32_MAX ||
        !r.Bool(read.has_alias) || !r.U8(read.use))
      return false;
    read.begin = static_cast<uint32_t>(begin);
    read.end = static_cast<uint32_t>(end);
  }
  bool has_with = false;
  if (!DecodeDiagnostics(r, p.problems) || !r.Str(p.query.sql)) return false;
  if (!r.Bool(p.query.ok) ||
      !r.Strs(p.query.ctes) || !r.Bool(has_with) || !r.Varint(with_end) || with_end > UINT32_MAX)
    return false;
  if (has_with) p.query.with_end = static_cast<uint32_t>(with_end);
  return r.done();
}

ParsedQuery Parse(const Model& m, const sql::Dialect& dialect, ModelCache* cache,
                  uint64_t model_key) {
  const uint64_t key = cache ? QueryCacheKey(model_key, dialect) : 0;
  if (key != 0) {
    if (auto bytes = cache->Find(CacheRecord::kQuery, key)) {
      ParsedQuery cached;
      if (DecodeParsed(*bytes, m.path, cached)) return cached;
    }
  }
  ParsedQuery parsed = m.kind == ModelKind::kRocky ? ParseRocky(m, dialect) : ParseSql(m, dialect);
  if (key != 0) cache->Put(CacheRecord::kQuery, key, EncodeParsed(parsed, m.path));
  return parsed;
}

}  // namespace

uint64_t QueryCacheKey(uint64_t model_key, const sql::Dialect& dialect) {
  if (model_key == 0) return 0;
  return ContentHasher().Add("query").U64(model_key).Add(dialect.name).value();
}

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
                for (size_t k = begin; k < end; ++k) {
                  const uint64_t model_key =
                      options.cache_keys && k < options.cache_keys->size()
                          ? (*options.cache_keys)[k]
                          : 0;
                  outcomes[k] =
                      Classify(Parse(models[k], dialect, options.cache, model_key), index);
                }
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

}  // namespace rocky::project
