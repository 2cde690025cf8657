#pragma once
// Declarative model tests (models.md §7): the SQL of each `[[tests]]` entry against the model's
// target T, and the verdict read from its result. Pure functions: running the query is the
// caller's job (engine/declarative_test_runner.h).
//
// Every name that reaches SQL (columns, to_column, each part of to_table) passes the identifier
// check; `values` are quoted as string literals; `expression` is trusted raw SQL from the sidecar.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/sql_dialect.h"
#include "adapter_sdk/types.h"
#include "base/error.h"
#include "project/model.h"

namespace rocky::project {

/// The target ref `T` of `model` in `dialect` (`catalog.schema.table`, or `schema.table`).
Result<std::string> ModelTestTable(const Model& model, const sdk::SqlDialect& dialect);

/// A relationships test's `to_table`: the target ref of the model it names (case-insensitively),
/// else the dotted table as written (one to three parts, each an identifier).
Result<std::string> ResolveTestToTable(std::string_view to_table, const std::vector<Model>& models,
                                       const sdk::SqlDialect& dialect);

/// The §7 query of `test` against the formatted target `table`. `to_table` is the resolved
/// relationships target (ResolveTestToTable); the other types ignore it.
///   not_null         SELECT COUNT(*) FROM T WHERE c IS NULL
///   unique           SELECT c, COUNT(*) FROM T GROUP BY c HAVING COUNT(*) > 1
///   accepted_values  SELECT DISTINCT c FROM T WHERE c NOT IN ('a', 'b')
///   relationships    SELECT COUNT(*) FROM T AS c LEFT JOIN <to> AS p ON c.<col> = p.<to_col>
///                    WHERE c.<col> IS NOT NULL AND p.<to_col> IS NULL
///   expression       SELECT COUNT(*) FROM T WHERE NOT (<expr>)
///   row_count_range  SELECT COUNT(*) FROM T
/// Fails on an invalid identifier or a missing key of the type.
Result<std::string> ModelTestSql(const ModelTest& test, std::string_view table,
                                 std::string_view to_table = {});

/// ModelTestSql for `test` of `model`, resolving T and `to_table` against `models`.
Result<std::string> ModelTestSql(const ModelTest& test, const Model& model,
                                 const std::vector<Model>& models, const sdk::SqlDialect& dialect);

/// What a test's result says.
struct ModelTestVerdict {
  bool passed = false;
  /// Why it failed (`3 row(s) where email IS NULL`); nullopt when it passed.
  std::optional<std::string> detail;
};

/// Applies the pass rule of §7 to the rows `ModelTestSql` returned: a count of 0 (not_null,
/// relationships, expression), no rows (unique, accepted_values), a count within the inclusive
/// bounds (row_count_range). Fails when a count query did not return one integer.
Result<ModelTestVerdict> EvaluateModelTest(const ModelTest& test, const sdk::QueryResult& result);

/// `type(column)` or `type` for messages and text output (`not_null(email)`).
std::string ModelTestLabel(const ModelTest& test);

}  // namespace rocky::project
