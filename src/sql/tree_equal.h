#pragma once
// Structural equality of syntax trees, possibly from different Scripts: spans are ignored,
// identifiers compare by spelling (exactly when quoted, ignoring ASCII case otherwise), string
// literals by decoded value, and spelling-only choices (`::` versus CAST, MINUS versus EXCEPT,
// `OUTER`, `AS`) do not count. The round-trip property is TreeEqual(t, Parse(Print(t))).

#include "sql/ast.h"

namespace rocky::sql {

class Script;

bool TreeEqual(const Script& a, const Statement* x, const Script& b, const Statement* y);
bool TreeEqual(const Script& a, const Query* x, const Script& b, const Query* y);
bool TreeEqual(const Script& a, const Expr* x, const Script& b, const Expr* y);

}  // namespace rocky::sql
