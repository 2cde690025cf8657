#pragma once
// Snowflake SQL → DuckDB SQL for the statements Rocky's Snowflake dialect generates (adapters.md
// §2) and the usual hand-written ones:
// - identifiers: unquoted words are upper-cased, as Snowflake resolves them, so objects are
//   created and listed with upper-case names; "quoted" ones keep their case;
// - `CREATE [OR REPLACE] DATABASE [IF NOT EXISTS] d` → an attached in-memory database with a
//   PUBLIC schema (`DROP DATABASE` detaches);
// - `d.INFORMATION_SCHEMA.TABLES|COLUMNS|SCHEMATA|VIEWS|DATABASES` (or the current database's) →
//   DuckDB's catalog shaped as Snowflake's views (upper-case columns, Snowflake DATA_TYPE,
//   NUMERIC_PRECISION/SCALE, CHARACTER_MAXIMUM_LENGTH), DuckDB's `main` schemas hidden;
// - `SHOW DATABASES|SCHEMAS|TABLES|VIEWS [LIKE 'p'] [IN …]` → Snowflake's leading columns;
// - `DESCRIBE TABLE t` → (name, type, kind, null?, default, primary key, unique key) rows;
// - types: NUMBER(p,s) → DECIMAL(p,s) (NUMBER → DECIMAL(38,0)), INT/INTEGER/BIGINT/… → BIGINT,
//   FLOAT/DOUBLE/REAL → DOUBLE, TEXT/STRING/CHAR → VARCHAR, BINARY → BLOB, TIMESTAMP_NTZ /
//   DATETIME → TIMESTAMP, TIMESTAMP_LTZ/TZ → TIMESTAMPTZ, VARIANT/OBJECT/ARRAY → JSON; precision
//   modifiers of time types are dropped;
// - `CREATE OR REPLACE DYNAMIC TABLE t TARGET_LAG = … WAREHOUSE = … AS q` → a table built from q;
//   materialized and secure views → views; table properties (CLUSTER BY, COMMENT =, …) dropped;
//   `INSERT OVERWRITE INTO t q` → DELETE + INSERT in one transaction;
// - functions: OBJECT_CONSTRUCT[_KEEP_NULL] → json_object, IFF → if, NVL/ZEROIFNULL → coalesce,
//   LEN → length, PARSE_JSON → json, ARRAY_CONSTRUCT → list_value, DATEADD/DATEDIFF,
//   TO_VARCHAR/TO_DATE/TO_TIMESTAMP[_NTZ]/TO_DOUBLE(x) → casts, TO_BINARY(hex) → unhex,
//   CURRENT_TIMESTAMP() → without
//   parentheses; `SAMPLE (n)` → TABLESAMPLE bernoulli(n PERCENT);
// - `//` comments become `--` comments.
// Transaction control, ALTER SESSION, USE and governance statements are classified, not
// translated: the statement runner and Governance apply them.

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulators/common/sql_tokens.h"
#include "emulators/snowflake/sql_errors.h"

namespace rocky::emulator::snowflake {

enum class StatementKind {
  kQuery,          // a result set
  kDescribeTable,  // DESCRIBE TABLE t
  kInsert,         // number of rows inserted
  kUpdate,         // number of rows updated
  kDelete,         // number of rows deleted
  kMerge,          // number of rows inserted, number of rows updated
  kDdl,            // a status row
  kBegin,
  kCommit,
  kRollback,
  kAlterSession,
  kUse,
  kGovernance,  // GRANT, REVOKE, SHOW GRANTS, SET/UNSET TAG, CREATE/DROP TAG
};

struct DynamicTable {
  std::string name;        // as written, identifiers normalized
  std::string target_lag;  // '1 hour' (unquoted) or DOWNSTREAM
  std::string warehouse;
};

struct Translation {
  StatementKind kind = StatementKind::kDdl;
  /// DuckDB statements, run in order as one transactional unit when there are several. For
  /// kDescribeTable: the DuckDB `DESCRIBE`.
  std::vector<std::string> duckdb;
  /// kDdl: the status row ("Table T successfully created.").
  std::string status;
  /// kMerge and INSERT OVERWRITE: the DuckDB name of the target table.
  std::string target;
  std::optional<DynamicTable> dynamic_table;
  /// kUse: the database and schema the session moves to ("" = unchanged).
  std::string use_database;
  std::string use_schema;
  /// kAlterSession: (PARAMETER, value) pairs; UNSET gives an empty value.
  std::vector<std::pair<std::string, std::string>> session_parameters;
};

/// Snowflake's resolution of one name part: an unquoted word upper-cased, a quoted identifier as
/// written.
std::string NormalizeName(const Token& token);
/// A dotted name at significant index `i`, each part normalized, and the index after it.
std::optional<std::pair<std::vector<std::string>, size_t>> NormalizedName(const SqlStatement& st,
                                                                          size_t i);
/// A normalized name as DuckDB text: every part double-quoted.
std::string DuckDbName(const std::vector<std::string>& parts);

/// Translates one statement (no trailing semicolon); fails with a Snowflake compilation error on
/// an empty statement or a shape it cannot rewrite.
std::expected<Translation, StatementError> Translate(const SqlStatement& statement,
                                                     std::string_view sql);

}  // namespace rocky::emulator::snowflake
