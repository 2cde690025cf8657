#pragma once
// The table references of a query: every named relation read in a FROM clause or a JOIN, at any
// depth (subqueries in FROM, lateral joins, CTE bodies, set operation branches, and subqueries in
// expressions: EXISTS, IN, scalar, ANY/ALL, …), with whether a one-part name is a CTE visible
// at that point.
//
// Snowflake stages (`@stage`, `'@stage'`, `DIRECTORY(@stage)`) hold files, not relations, and
// `IDENTIFIER($var)` names a table only at run time: neither is a table reference. Tables read
// inside PIVOT / UNPIVOT sources, time travel and CHANGES clauses, SEMANTIC_VIEW(…), DuckDB's
// PIVOT statement and `(DESCRIBE t)` are.
//
// CTE scoping follows the SQL standard: the CTEs of a WITH are visible in the body of the query
// that carries it and in the bodies of the CTEs written after them in the same WITH; a CTE does
// not see itself unless the WITH is RECURSIVE, and then every CTE of the WITH sees every other.
// An inner WITH shadows the names of an outer one. Names compare under the dialect's folding
// rule (sql/dialect.h): a quoted name matches exactly where the dialect folds, and ignoring case
// where it is case-insensitive.

#include <vector>

#include "sql/ast.h"

namespace rocky::sql {

class Script;

struct TableReference {
  /// The node: name, alias, sample, time travel.
  const Table* table = nullptr;
  /// The name as written (`t`, `s.t`, `c.s.t`; for Snowflake `IDENTIFIER('s.t')` the name the
  /// string spells); empty for a file path (DuckDB `FROM 'x.parquet'`).
  Name name;
  /// The name's text (the whole path literal for a path, the whole `IDENTIFIER(…)` call).
  SrcRange span;
  /// The CTE a one-part name refers to, or nullptr for a relation outside the query.
  const Cte* cte = nullptr;

  size_t parts() const { return name.size; }
  bool is_cte() const { return cte != nullptr; }
};

/// Every table reference under `query`, in source order.
std::vector<TableReference> CollectTableReferences(const Script& script, const Query& query);
/// Every table reference under `statement`, in source order. Besides the relations read, this
/// includes the targets of MERGE, UPDATE and DELETE (they are table references in the tree);
/// INSERT's target is a plain name and is not included.
std::vector<TableReference> CollectTableReferences(const Script& script,
                                                   const Statement& statement);

/// Whether two identifiers name the same object under `script`'s dialect folding rule.
bool SameIdentifier(const Script& script, const Ident& a, const Ident& b);

}  // namespace rocky::sql
