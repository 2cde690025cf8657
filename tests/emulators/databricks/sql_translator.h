#pragma once
// Databricks SQL → DuckDB SQL for the statements Rocky's Databricks dialect generates. The
// rewrites (research notes §7): `CREATE CATALOG` → ATTACH of an in-memory database (with its
// `default` schema), `DROP CATALOG` → DETACH, `<cat>.information_schema.X` → DuckDB's
// information_schema.X filtered on the catalog (with Databricks' `full_data_type` and
// `MANAGED` table type), `DESCRIBE TABLE t` → Databricks' (col_name, data_type, comment) shape,
// `INSERT INTO t REPLACE WHERE p SELECT …` → DELETE + INSERT in one transaction,
// `struct(a, b)` → struct_pack(a, b), TIMESTAMP_NTZ → TIMESTAMP, table-format clauses of
// CREATE TABLE dropped, `ADD COLUMNS (…)` → one ADD COLUMN each, backtick identifiers and Spark
// string literals re-quoted. Governance statements are not translated (governance.h).

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "emulators/common/sql_tokens.h"

namespace rocky::emulator::databricks {

/// What a statement returns, which decides the result's shape.
enum class StatementKind {
  kQuery,          // a result set (SELECT, WITH, VALUES, SHOW, EXPLAIN, …)
  kDescribeTable,  // DESCRIBE [TABLE] t: rows of (col_name, data_type, comment)
  kInsert,         // num_affected_rows, num_inserted_rows
  kDml,            // UPDATE, DELETE, MERGE: num_affected_rows
  kCreate,         // CREATE …: num_affected_rows, num_inserted_rows when it wrote rows (CTAS)
  kOther,          // DDL and the rest: no result
};

struct Translation {
  StatementKind kind = StatementKind::kOther;
  /// DuckDB statements, run in order as one transactional unit when there are several. For
  /// kDescribeTable: the DuckDB `DESCRIBE` to run.
  std::vector<std::string> duckdb;
  /// `statement_type` for the query history (SELECT, INSERT, CREATE, …, OTHER).
  std::string history_type = "OTHER";
};

/// Translates one statement; fails with a `[PARSE_SYNTAX_ERROR] …` message on text it cannot
/// lex, or that is empty.
Result<Translation> Translate(const SqlStatement& statement);

/// The `statement_type` of the query history for a statement's first keyword.
std::string HistoryType(std::string_view keyword);
/// The same for a whole statement text ("OTHER" when it does not lex).
std::string HistoryTypeOf(std::string_view sql);

}  // namespace rocky::emulator::databricks
