#pragma once
// DuckDB result types as the Snowflake SQL API describes them (rowType entries: type, precision,
// scale, length, byteLength) and renders them in `jsonv2` (every cell a string or null):
//   FIXED          decimal text, the scale's digits kept ("12.50"); every integer type is
//                  NUMBER(38,0)
//   REAL           the shortest text of the double ("1.5", "2", "1e+20", "inf", "NaN")
//   TEXT           the string
//   BOOLEAN        "true" / "false"
//   DATE           days since 1970-01-01 ("19724")
//   TIME           seconds since midnight with nine decimals ("3723.250000000")
//   TIMESTAMP_NTZ  seconds since the epoch with nine decimals ("1700000000.000000000")
//   TIMESTAMP_LTZ  the same, for DuckDB's TIMESTAMP WITH TIME ZONE
//   TIMESTAMP_TZ   the same followed by a space and the offset in minutes plus 1440
//                  ("1700000000.000000000 1440" for UTC); DuckDB has no such type, so only the
//                  renderer exists
//   BINARY         upper-case hex
//   VARIANT        JSON text (DuckDB JSON); ARRAY (DuckDB lists) and OBJECT (structs, maps) too
// Anything else (UUID, INTERVAL, …) is TEXT, DuckDB's VARCHAR cast.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "adapter_sdk/types.h"

namespace rocky::emulator::snowflake {

/// How a column's values are read from DuckDB and written as jsonv2 text.
enum class CellEncoding {
  kNative,        // read as is: integers, decimals, booleans, strings
  kReal,          // a double
  kDate,          // read as days since the epoch
  kTime,          // read as microseconds since midnight
  kTimestampNtz,  // read as microseconds since the epoch of the wall-clock time
  kTimestampLtz,  // read as microseconds since the epoch of the instant
  kTimestampTz,   // the same, rendered with the UTC offset
  kBinary,        // read as hex
  kJson,          // read as JSON text
  kText,          // read as DuckDB's VARCHAR cast
};

struct SnowflakeType {
  std::string type;       // the rowType type: FIXED, REAL, TEXT, …
  std::string data_type;  // information_schema DATA_TYPE: NUMBER, FLOAT, TEXT, …
  std::string sql_text;   // DESCRIBE TABLE: NUMBER(38,0), VARCHAR(16777216), TIMESTAMP_NTZ(9), …
  std::optional<int64_t> precision;
  std::optional<int64_t> scale;
  std::optional<int64_t> length;  // TEXT and BINARY: length and byteLength
  CellEncoding encoding = CellEncoding::kNative;
};

/// The longest VARCHAR and BINARY Snowflake allows, which unbounded columns report.
inline constexpr int64_t kMaxTextLength = 16777216;
inline constexpr int64_t kMaxBinaryLength = 8388608;

/// Maps a DuckDB type as DESCRIBE prints it (`INTEGER`, `DECIMAL(10,2)`, `VARCHAR[]`,
/// `STRUCT(a INTEGER)`, `TIMESTAMP WITH TIME ZONE`, …). Unknown types map to TEXT.
SnowflakeType MapDuckDbType(std::string_view duckdb_type);
SnowflakeType TextType();
SnowflakeType FixedType(int64_t precision = 38, int64_t scale = 0);
SnowflakeType TimestampLtzType();

/// The rowType entry of a column.
nlohmann::json RowTypeJson(std::string_view name, const SnowflakeType& type, bool nullable);

/// The projection that reads column `position` (1-based) of a query for its encoding, for
/// `SELECT <expr>, … FROM (<query>)`.
std::string ReadExpression(CellEncoding encoding, size_t position);
/// One jsonv2 cell: nullopt for NULL, else the Snowflake text of the value as ReadExpression
/// read it.
std::optional<std::string> RenderCell(const sdk::Value& value, const SnowflakeType& type);

/// `micros` since the epoch as seconds with nine decimals: 1700000000500000 →
/// "1700000000.500000000", -1500000 → "-1.500000000".
std::string EpochSecondsText(int64_t micros);

/// DuckDB expressions over a DuckDB type-name column (`data_type` of information_schema.columns)
/// and its numeric precision and scale columns: the Snowflake DATA_TYPE, NUMERIC_PRECISION,
/// NUMERIC_SCALE and CHARACTER_MAXIMUM_LENGTH of Snowflake's information_schema.columns.
std::string DataTypeSql(std::string_view type_column);
std::string NumericPrecisionSql(std::string_view type_column, std::string_view precision_column);
std::string NumericScaleSql(std::string_view type_column, std::string_view scale_column);
std::string CharacterLengthSql(std::string_view type_column);

}  // namespace rocky::emulator::snowflake
