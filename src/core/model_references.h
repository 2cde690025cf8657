#pragma once
// Model references from the SQL of `.sql` models (models.md §1, §4). Each query is parsed in the
// target dialect; a table reference is a model reference when it is one unqualified identifier
// equal, case-insensitively, to a model name and is not a CTE visible at that point. Every other
// named relation (`schema.table`, `catalog.schema.table`, a bare name that is no model) is an
// external relation. `.rocky` models are left alone: they are lowered to SQL by the DSL first.
//
// Models are independent, so they are parsed on a few threads (each parse owns its arena); the
// results are merged in model order, so the output does not depend on scheduling.

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "core/model.h"
#include "sql/dialect.h"

namespace rocky::core {

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

struct SqlReferenceOptions {
  /// Worker threads; 0 = hardware concurrency. Small model sets use one.
  unsigned threads = 0;
};

/// For every `.sql` model: parses `text` and replaces `sql_references` with the names of the
/// models it reads (each once, spelled as the model's name, in order of first appearance; a
/// model that reads itself lists itself). A model that is not a single parseable query gets a
/// P003 error at the parser's position (file coordinates) and no references. Diagnostics are
/// appended in model order. Returns the external relations of each model, parallel to `models`
/// (empty for `.rocky` and unparseable models), in source order, repeats included.
std::vector<std::vector<ExternalRelation>> ResolveSqlReferences(
    std::vector<Model>& models, std::vector<Diagnostic>& diagnostics, const sql::Dialect& dialect,
    const SqlReferenceOptions& options = {});

}  // namespace rocky::core
