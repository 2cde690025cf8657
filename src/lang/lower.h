#pragma once
// Lowering: a .rocky pipeline to the SQL syntax tree of src/sql (dsl.md §3), so .rocky models go
// through the same compiler path as .sql models (table references, types, lineage, printing in
// every dialect).
//
// The lowered tree lives in a sql::Script whose source text is the .rocky text: every node's
// SrcRange points at the .rocky construct it came from, and Script::Locate gives file:line:col.
// The query is one SELECT per frame (§3.1), earlier frames nested as `(…) AS _qN` subqueries, and
// `let` bindings as a WITH clause. sql::PrintQuery prints it on one line in any dialect;
// LowerResult::Sql prints it in the one-clause-per-line layout of §3.2.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "lang/parser.h"
#include "sql/ast.h"
#include "sql/dialect.h"
#include "sql/parser.h"

namespace rocky::lang {

struct LowerResult {
  /// Owns the tree (arena and symbols); its source is the .rocky text. Always set.
  std::unique_ptr<sql::Script> script;
  /// The lowered query; nullptr when `diagnostics` has an error.
  sql::Query* query = nullptr;
  /// P001 (lexer) and P002 (syntax, or too large to lower) errors, in source order.
  std::vector<Diagnostic> diagnostics;

  bool ok() const { return query != nullptr; }
  /// The query laid out as dsl.md §3.2 (one clause per line), in `dialect` (default: the one
  /// lowered for). "" when !ok().
  std::string Sql(const sql::Dialect* dialect = nullptr) const;
};

/// Parses and lowers `text`. `file` names it in diagnostics; `dialect` decides which names need
/// quoting (an identifier that is a reserved SQL word there is quoted).
LowerResult Lower(std::string_view text, const std::string& file, const sql::Dialect& dialect);

/// Lowers an already parsed file (nothing is lowered when it has errors).
LowerResult Lower(const ParsedFile& parsed, const sql::Dialect& dialect);

/// Limits that keep lowering linear in practice: alias inlining copies expressions, so chains of
/// derived columns that refer to each other can grow the tree; past these, lowering stops with a
/// P002 error.
inline constexpr size_t kMaxLoweredNodes = 500000;
inline constexpr int kMaxLoweredDepth = 1000;

}  // namespace rocky::lang
