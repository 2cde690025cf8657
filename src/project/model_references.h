#pragma once
// Model references from the SQL of `.sql` models (models.md §1, §4). Each query is parsed in the
// target dialect; a table reference is a model reference when it is one unqualified identifier
// equal, case-insensitively, to a model name and is not a CTE visible at that point. Every other
// named relation (`schema.table`, `catalog.schema.table`, a bare name that is no model) is an
// external relation. `.rocky` models are lowered first (dsl.md): their references come from the
// lowered tree (spans in the .rocky file), and their SQL is the lowering printed in the dialect.
//
// Models are independent, so they are parsed on a few threads (each parse owns its arena); the
// results are merged in model order, so the output does not depend on scheduling.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "project/model.h"
#include "sql/dialect.h"

namespace rocky::project {

/// Not a single parseable query: a syntax error, no statement, several, or a statement that is
/// not a query.
inline constexpr std::string_view kSqlModelNotAQueryCode = "P003";

/// A relation a model reads that is not a model (or a model reference spelled with a
/// qualifier).
struct ExternalRelation {
  /// The dotted name as written, quotes kept (`raw.orders`, `"Raw".orders`); for a DuckDB file
  /// read, the string literal as written.
  std::string name;
  /// The name's parts without quotes (empty for a file).
  std::vector<std::string> parts;
  /// Where it is written in the model file.
  Span span;
};

/// Where a model reference is written in ModelQuery::sql, for rewriting (models.md §4).
struct ModelReferenceSite {
  uint32_t begin = 0;  // the name's bytes [begin, end)
  uint32_t end = 0;
  bool has_alias = false;  // `AS x` written after the name
  uint32_t model = 0;      // index of the referenced model
};

/// A model's query as SQL generation needs it.
struct ModelQuery {
  /// `.rocky`: the lowered query printed in the dialect. Empty for `.sql` models (their query is
  /// Model::text, not stored twice) and when the model does not parse. Read it through Sql().
  std::string sql;
  bool ok = false;
  /// Model references in `sql`, in source order (CTE names excluded).
  std::vector<ModelReferenceSite> sites;
  /// Relations read that are not models, in source order, repeats included.
  std::vector<ExternalRelation> external;
  /// Names of the query's top-level CTEs, as spelled (E031 checks).
  std::vector<std::string> ctes;
  /// Offset in `sql` just after the top-level `WITH` (and `RECURSIVE`), when there is one.
  std::optional<uint32_t> with_end;

  /// The query text that `sites` and `with_end` index: `sql`, or the `.sql` model's text.
  std::string_view Sql(const Model& model) const {
    return model.kind == ModelKind::kSql ? std::string_view(model.text) : std::string_view(sql);
  }
};

class ModelCache;

struct SqlReferenceOptions {
  /// Worker threads; 0 = hardware concurrency. Small model sets use one.
  unsigned threads = 0;
  /// Reuses parses of unchanged models (model_cache.h): `cache_keys` is parallel to the models
  /// (ModelLoad::cache_keys; 0 = not cacheable). Either nullptr: no cache.
  ModelCache* cache = nullptr;
  const std::vector<uint64_t>* cache_keys = nullptr;
};

/// The cache key of a model's parsed query in `dialect`, from its load key (0 stays 0).
uint64_t QueryCacheKey(uint64_t model_key, const sql::Dialect& dialect);

/// For every model: parses (`.sql`) or lowers (`.rocky`) its text and replaces
/// `sql_references` with the names of the models it reads (each once, spelled as the model's
/// name, in order of first appearance; a model that reads itself lists itself). A `.sql` model
/// that is not a single parseable query gets a P003 error at the parser's position (file
/// coordinates); a `.rocky` model that does not lower gets its P001/P002 errors; either has no
/// references. Diagnostics are appended in model order. Returns one ModelQuery per model.
std::vector<ModelQuery> AnalyzeModelQueries(std::vector<Model>& models,
                                            std::vector<Diagnostic>& diagnostics,
                                            const sql::Dialect& dialect,
                                            const SqlReferenceOptions& options = {});

/// The text of a `.sql` model as the parser sees it: the time_interval placeholders
/// `@start_date` / `@end_date` (models.md §6.3) become string literals of the same length, so
/// every offset stays valid.
std::string ParseableModelText(const std::string& text);

/// AnalyzeModelQueries, keeping only the external relations of each model.
std::vector<std::vector<ExternalRelation>> ResolveSqlReferences(
    std::vector<Model>& models, std::vector<Diagnostic>& diagnostics, const sql::Dialect& dialect,
    const SqlReferenceOptions& options = {});

}  // namespace rocky::project
