#pragma once
// The printer: a syntax tree back to SQL text for a dialect. Output is deterministic and
// canonical (one space between tokens, keywords in one case, strings re-encoded for the target
// dialect, identifiers quoted with its quote character when they were quoted). For a tree parsed
// in dialect D, Parse(Print(tree, D), D) is structurally equal to the tree (sql/tree_equal.h).
// Parentheses the user wrote are nodes and print as such; the printer adds parentheses only
// where operator precedence requires them (trees built by code).

#include <string>

#include "sql/ast.h"
#include "sql/dialect.h"

namespace rocky::sql {

class Script;

enum class KeywordCase : uint8_t { kUpper, kLower };

struct PrintOptions {
  const Dialect* dialect = nullptr;  // nullptr: the dialect the script was parsed in
  KeywordCase keyword_case = KeywordCase::kUpper;
  bool quote_all_identifiers = false;
  /// Applies the target dialect's function renames (Dialect::renames); for translating between
  /// dialects. Off by default so a same-dialect round trip keeps every name.
  bool rename_functions = false;
};

std::string PrintStatement(const Script& script, const Statement& statement,
                           const PrintOptions& options = {});
std::string PrintQuery(const Script& script, const Query& query, const PrintOptions& options = {});
std::string PrintExpr(const Script& script, const Expr& expr, const PrintOptions& options = {});

}  // namespace rocky::sql
