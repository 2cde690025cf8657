#pragma once
// The relations a buffer defines for itself: the CTEs and the aliased subqueries of a SQL model,
// the `let` bindings of a .rocky model (lowered to CTEs, dsl.md §3), each with where it is
// defined and its output columns. The columns are bound (compiler/binder.h) against `catalog`
// plus the CTEs defined before, so they carry types when the compiler knows the relations read.
// A qualifier being typed (`q.` with no name after it yet) is read as a word, so the buffer an
// editor asks about still parses; one that does not parse otherwise has no local relations (a
// .rocky file keeps its `let` names, without columns). Best effort and flat: nested scopes are
// not told apart.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/binder.h"

namespace rocky::sql {
struct Dialect;
}

namespace rocky::lsp {

struct LocalRelation {
  enum class Kind { kCte, kSubquery, kLet };
  Kind kind;
  std::string name;
  size_t name_begin = 0;  // bytes of the buffer naming it where it is defined
  size_t name_end = 0;
  size_t begin = 0;  // the whole definition (`name AS (…)`, `let name = …`, `(…) AS name`)
  size_t end = 0;
  std::vector<compiler::BoundColumn> columns;  // in order; types Unknown where not known
};

/// The local relations of `text` (`.rocky` when `rocky`, else SQL in `dialect`) in source order.
std::vector<LocalRelation> LocalRelations(std::string_view text, bool rocky,
                                          const sql::Dialect& dialect,
                                          const compiler::Catalog& catalog);

/// The local relation of `relations` named `name` (case-insensitively), if any.
const LocalRelation* FindLocal(const std::vector<LocalRelation>& relations, std::string_view name);

/// `name: TYPE` lines (the name alone when the type is not known), for hover.
std::string ColumnsMarkdown(const LocalRelation& relation);

}  // namespace rocky::lsp
