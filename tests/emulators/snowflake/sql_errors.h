#pragma once
// Snowflake's failure shapes for a statement: a six-digit error code, an SQLSTATE and a message,
// as the SQL API's 422 body carries them. DuckDB's errors are mapped onto the closest Snowflake
// error (compilation errors keep Snowflake's "SQL compilation error:\n…" first line):
//   001003 42000  syntax error line L at position P unexpected 'X'.
//   002003 42S02  Object 'DB.SCHEMA.T' does not exist or not authorized.
//   002003 02000  Database 'D' / Schema 'D.S' does not exist or not authorized.
//   000904 42000  invalid identifier 'C'
//   002002 42710  Object 'T' already exists.
//   100038 22018  Numeric value 'x' is not recognized (100040 dates, 100035 timestamps, 22007)
//   100072 22000  NULL result in a non-nullable column
//   000008 0A000  Actual statement count N did not match the desired statement count M.
//   000002 0A000  Unsupported feature 'X'.
//   000604 57014  SQL execution canceled
//   000603 XX000  SQL execution internal error: <DuckDB's message> (anything else)

#include <string>
#include <string_view>

namespace rocky::emulator::snowflake {

struct StatementError {
  std::string code;       // "002003"
  std::string sql_state;  // "42S02"
  std::string message;
};

/// "SQL compilation error:\n<detail>" with the given code and state.
StatementError CompilationError(std::string_view code, std::string_view sql_state,
                                std::string_view detail);
/// 001003: a syntax error near `near` (its first occurrence in `sql` gives line and position).
StatementError SyntaxError(std::string_view sql, std::string_view near);
/// 002003: `kind` is Object, Database, Schema, Tag, …; `name` the dotted name as Snowflake
/// prints it.
StatementError DoesNotExist(std::string_view kind, std::string_view name);
/// 000008.
StatementError StatementCountMismatch(size_t actual, size_t desired);
/// 000002.
StatementError Unsupported(std::string_view feature);
/// 000604.
StatementError Canceled();

/// Maps a DuckDB error message of a statement. `sql` is the statement as submitted; `qualify`
/// turns a table name DuckDB reports into the dotted name the statement spelled, when it can.
StatementError MapDuckDbError(std::string_view duckdb_message, std::string_view sql,
                              std::string_view qualified_table = {});

/// The object name a DuckDB "does not exist" error mentions ("" when there is none).
std::string MissingTableName(std::string_view duckdb_message);

}  // namespace rocky::emulator::snowflake
