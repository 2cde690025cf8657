#pragma once
// The binder (models.md §8): resolves the names of one parsed query against a catalog of
// relation shapes and infers the type and nullability of every output column.
//
// Scopes follow SQL: a SELECT sees the relations of its FROM clause (aliases, joins, derived
// tables, CTEs visible at that point) and, for correlated subqueries, the scopes around it. A
// relation whose columns are not known (an external table missing from the catalog, a table
// function) makes any column that could come from it Unknown instead of an error, and a
// `SELECT *` over it makes the output *partially unknown* (W002). Column names compare
// case-insensitively. Diagnostics carry positions in the script's text; the caller maps them to
// the model file.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "compiler/types.h"
#include "sql/ast.h"

namespace rocky::sql {
class Script;
}

namespace rocky::compiler {

/// Where an output column's values come from (models.md §8 lineage): a column of a relation
/// read by the query — a model (its bare name) or an external relation (its dotted name as
/// written) — and how it was transformed: "direct", "cast", "aggregation: <fn>" or
/// "expression". CTEs and derived tables are looked through.
struct ColumnSource {
  std::string relation;
  std::string column;
  std::string transform;
  bool operator==(const ColumnSource&) const = default;
};

struct BoundColumn {
  std::string name;
  ColumnType type;
  /// Lineage of an output column (empty for catalog shapes and for constants).
  std::vector<ColumnSource> sources;
};

/// The columns of a relation in order; `partially_unknown` when some columns may be missing.
struct RelationShape {
  std::vector<BoundColumn> columns;
  bool partially_unknown = false;
};

/// Where relation names resolve: model outputs and known external schemas.
class Catalog {
 public:
  virtual ~Catalog() = default;
  /// The shape of the relation named by `parts` (unquoted, as written: `t`, `s.t`, `c.s.t`), or
  /// nullptr when unknown.
  virtual const RelationShape* Find(const std::vector<std::string>& parts) const = 0;
};

struct BindOptions {
  /// The function table's dialect ("duckdb", "databricks", "snowflake", "generic").
  std::string dialect = "duckdb";
};

/// Diagnostic codes the binder emits.
inline constexpr std::string_view kJoinKeyMismatchCode = "E001";
inline constexpr std::string_view kUnknownColumnCode = "E002";
inline constexpr std::string_view kUnknownFunctionCode = "I003";
inline constexpr std::string_view kImplicitCoercionCode = "W001";
inline constexpr std::string_view kStarOverUnknownCode = "W002";
inline constexpr std::string_view kStarUsedCode = "I001";
inline constexpr std::string_view kUnknownTypesCode = "I002";

struct BindResult {
  std::vector<BoundColumn> columns;
  bool partially_unknown = false;
  /// Spans are in the script's own coordinates (Script::Locate).
  std::vector<Diagnostic> diagnostics;
};

/// Binds `query` of `script`.
BindResult BindQuery(const sql::Script& script, const sql::Query& query, const Catalog& catalog,
                     const BindOptions& options = {});

}  // namespace rocky::compiler
