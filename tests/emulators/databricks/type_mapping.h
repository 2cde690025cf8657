#pragma once
// DuckDB result types as the Databricks statement API describes them (`type_name`, `type_text`,
// precision and scale) and renders them (JSON_ARRAY cells are strings or null). The mapping is
// the one of /tmp/research §7: INTEGER → INT/int, BIGINT → LONG/bigint, VARCHAR → STRING/string,
// DECIMAL(p,s) → DECIMAL/decimal(p,s), LIST → ARRAY/array<…>, STRUCT → STRUCT/struct<…>, ….

#include <optional>
#include <string>
#include <string_view>

#include "adapter_sdk/types.h"

namespace rocky::emulator::databricks {

/// How a column's values must be read from DuckDB so that they render as Databricks does.
enum class CellForm {
  kNative,     // read as is (booleans, integers, doubles, decimals, strings, dates)
  kFloat,      // a FLOAT: shortest text of the single-precision value
  kTimestamp,  // cast to TIMESTAMP, rendered `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`
  kJson,       // ARRAY / STRUCT / MAP: JSON text (to_json)
  kBase64,     // BINARY: base64 text
  kText,       // anything else: DuckDB's VARCHAR cast
};

struct DatabricksType {
  std::string type_name;         // the ColumnInfoTypeName enum: INT, LONG, STRING, DECIMAL, …
  std::string type_text;         // lower-case SQL: int, bigint, decimal(10,2), array<int>, …
  std::optional<int> precision;  // DECIMAL only
  std::optional<int> scale;
  CellForm form = CellForm::kNative;
};

/// Maps a DuckDB type as DESCRIBE prints it (`INTEGER`, `DECIMAL(10,2)`, `VARCHAR[]`,
/// `STRUCT(a INTEGER)`, `TIMESTAMP WITH TIME ZONE`, …). Unknown types map to STRING.
DatabricksType MapDuckDbType(std::string_view duckdb_type);

/// A SQL expression giving the Databricks type text of `column`, a DuckDB type-name column (for
/// information_schema.columns.full_data_type).
std::string TypeTextSql(std::string_view column);

/// The type a value suggests when DuckDB cannot describe the statement (SHOW, PRAGMA, …).
DatabricksType TypeOfValue(const sdk::Value& value);

/// The projection that reads column `position` (1-based) of a query in the right form, for
/// `SELECT <expr>, … FROM (<query>)`.
std::string ReadExpression(CellForm form, size_t position);

/// One JSON_ARRAY cell: nullopt for NULL, else the Databricks text of the value.
std::optional<std::string> RenderCell(const sdk::Value& value, const DatabricksType& type);

/// DuckDB's timestamp text (`2024-01-02 03:04:05.5`) as `2024-01-02T03:04:05.500000Z`; other
/// text (infinity, BC dates) is returned unchanged.
std::string IsoTimestamp(std::string_view duckdb_text);

}  // namespace rocky::emulator::databricks
