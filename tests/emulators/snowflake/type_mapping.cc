#include "emulators/snowflake/type_mapping.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <vector>

#include "base/strings.h"

namespace rocky::emulator::snowflake {

namespace {

constexpr std::string_view kIntegerTypes[] = {"TINYINT",  "SMALLINT",  "INTEGER",  "BIGINT",
                                              "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
                                              "HUGEINT",  "UHUGEINT"};

struct Scalar {
  std::string_view duckdb;
  std::string_view type;
  std::string_view data_type;
  std::string_view sql_text;
  CellEncoding encoding;
};

constexpr Scalar kScalars[] = {
    {"BOOLEAN", "BOOLEAN", "BOOLEAN", "BOOLEAN", CellEncoding::kNative},
    {"FLOAT", "REAL", "FLOAT", "FLOAT", CellEncoding::kReal},
    {"DOUBLE", "REAL", "FLOAT", "FLOAT", CellEncoding::kReal},
    {"DATE", "DATE", "DATE", "DATE", CellEncoding::kDate},
    {"TIME", "TIME", "TIME", "TIME(9)", CellEncoding::kTime},
    {"TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_NTZ", "TIMESTAMP_NTZ(9)",
     CellEncoding::kTimestampNtz},
    {"TIMESTAMP_S", "TIMESTAMP_NTZ", "TIMESTAMP_NTZ", "TIMESTAMP_NTZ(9)",
     CellEncoding::kTimestampNtz},
    {"TIMESTAMP_MS", "TIMESTAMP_NTZ", "TIMESTAMP_NTZ", "TIMESTAMP_NTZ(9)",
     CellEncoding::kTimestampNtz},
    {"TIMESTAMP_NS", "TIMESTAMP_NTZ", "TIMESTAMP_NTZ", "TIMESTAMP_NTZ(9)",
     CellEncoding::kTimestampNtz},
    {"TIMESTAMP WITH TIME ZONE", "TIMESTAMP_LTZ", "TIMESTAMP_LTZ", "TIMESTAMP_LTZ(9)",
     CellEncoding::kTimestampLtz},
    {"JSON", "VARIANT", "VARIANT", "VARIANT", CellEncoding::kJson},
};

bool IsInteger(std::string_view type) {
  for (auto t : kIntegerTypes)
    if (EqualsIgnoreCase(type, t)) return true;
  return false;
}

// The text between "NAME(" and the final ")".
std::optional<std::string_view> Arguments(std::string_view type, std::string_view name) {
  if (type.size() < name.size() + 2 || !EqualsIgnoreCase(type.substr(0, name.size()), name) ||
      type[name.size()] != '(' || type.back() != ')')
    return std::nullopt;
  return type.substr(name.size() + 1, type.size() - name.size() - 2);
}

std::optional<int64_t> ParseInt(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

SnowflakeType Make(std::string_view type, std::string_view data_type, std::string sql_text,
                   CellEncoding encoding) {
  SnowflakeType out;
  out.type = std::string(type);
  out.data_type = std::string(data_type);
  out.sql_text = std::move(sql_text);
  out.encoding = encoding;
  if (out.type == "TIME" || StartsWith(out.type, "TIMESTAMP")) {
    out.precision = 0;
    out.scale = 9;
  }
  return out;
}

std::string InList(const std::string_view* begin, const std::string_view* end) {
  std::vector<std::string> quoted;
  for (auto it = begin; it != end; ++it) quoted.push_back(fmt::format("'{}'", *it));
  return Join(quoted, ", ");
}

std::string IntegerList() { return InList(std::begin(kIntegerTypes), std::end(kIntegerTypes)); }

}  // namespace

SnowflakeType TextType() {
  SnowflakeType out =
      Make("TEXT", "TEXT", fmt::format("VARCHAR({})", kMaxTextLength), CellEncoding::kNative);
  out.length = kMaxTextLength;
  return out;
}

SnowflakeType FixedType(int64_t precision, int64_t scale) {
  SnowflakeType out = Make("FIXED", "NUMBER", fmt::format("NUMBER({},{})", precision, scale),
                           CellEncoding::kNative);
  out.precision = precision;
  out.scale = scale;
  return out;
}

SnowflakeType TimestampLtzType() { return MapDuckDbType("TIMESTAMP WITH TIME ZONE"); }

SnowflakeType MapDuckDbType(std::string_view duckdb_type) {
  std::string_view type = Trim(duckdb_type);
  if (IsInteger(type)) return FixedType();
  if (auto args = Arguments(type, "DECIMAL")) {
    auto parts = Split(*args, ",");
    if (parts.size() == 2) {
      auto precision = ParseInt(parts[0]);
      auto scale = ParseInt(parts[1]);
      if (precision && scale) return FixedType(*precision, *scale);
    }
    return FixedType();
  }
  if (EqualsIgnoreCase(type, "VARCHAR")) return TextType();
  if (EqualsIgnoreCase(type, "BLOB")) {
    SnowflakeType out = Make("BINARY", "BINARY", fmt::format("BINARY({})", kMaxBinaryLength),
                             CellEncoding::kBinary);
    out.length = kMaxBinaryLength;
    return out;
  }
  if (EndsWith(type, "]")) return Make("ARRAY", "ARRAY", "ARRAY", CellEncoding::kJson);
  if (Arguments(type, "STRUCT") || Arguments(type, "MAP"))
    return Make("OBJECT", "OBJECT", "OBJECT", CellEncoding::kJson);
  if (Arguments(type, "UNION")) return Make("VARIANT", "VARIANT", "VARIANT", CellEncoding::kJson);
  for (const auto& s : kScalars)
    if (EqualsIgnoreCase(type, s.duckdb))
      return Make(s.type, s.data_type, std::string(s.sql_text), s.encoding);
  SnowflakeType out = TextType();
  out.encoding = CellEncoding::kText;
  return out;
}

nlohmann::json RowTypeJson(std::string_view name, const SnowflakeType& type, bool nullable) {
  auto optional = [](const std::optional<int64_t>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  return {{"name", name},
          {"database", ""},
          {"schema", ""},
          {"table", ""},
          {"nullable", nullable},
          {"type", type.type},
          {"byteLength", optional(type.length)},
          {"length", optional(type.length)},
          {"precision", optional(type.precision)},
          {"scale", optional(type.scale)},
          {"collation", nullptr}};
}

std::string ReadExpression(CellEncoding encoding, size_t position) {
  switch (encoding) {
    case CellEncoding::kNative:
    case CellEncoding::kReal:
      return fmt::format("#{}", position);
    case CellEncoding::kDate:
      return fmt::format("date_diff('day', DATE '1970-01-01', #{})", position);
    case CellEncoding::kTime:
      return fmt::format("epoch_us(DATE '1970-01-01' + #{})", position);
    case CellEncoding::kTimestampNtz:
      return fmt::format("epoch_us(CAST(#{} AS TIMESTAMP))", position);
    case CellEncoding::kTimestampLtz:
    case CellEncoding::kTimestampTz:
      return fmt::format("epoch_us(#{})", position);
    case CellEncoding::kBinary:
      return fmt::format("hex(#{})", position);
    case CellEncoding::kJson:
      return fmt::format("CAST(to_json(#{}) AS VARCHAR)", position);
    case CellEncoding::kText:
      return fmt::format("CAST(#{} AS VARCHAR)", position);
  }
  return fmt::format("#{}", position);
}

std::string EpochSecondsText(int64_t micros) {
  const bool negative = micros < 0;
  // Work in unsigned magnitude so that INT64_MIN does not overflow.
  uint64_t magnitude =
      negative ? uint64_t(0) - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
  return fmt::format("{}{}.{:06d}000", negative ? "-" : "", magnitude / 1000000,
                     magnitude % 1000000);
}

std::optional<std::string> RenderCell(const sdk::Value& value, const SnowflakeType& type) {
  if (sdk::IsNull(value)) return std::nullopt;
  const auto* integer = std::get_if<int64_t>(&value);
  switch (type.encoding) {
    case CellEncoding::kReal: {
      const auto* d = std::get_if<double>(&value);
      if (d == nullptr) break;
      if (std::isnan(*d)) return "NaN";
      if (std::isinf(*d)) return *d > 0 ? "inf" : "-inf";
      return fmt::format("{}", *d);
    }
    case CellEncoding::kTime:
    case CellEncoding::kTimestampNtz:
    case CellEncoding::kTimestampLtz:
      if (integer) return EpochSecondsText(*integer);
      break;
    case CellEncoding::kTimestampTz:
      if (integer) return EpochSecondsText(*integer) + " 1440";
      break;
    default:
      break;
  }
  return sdk::ValueToString(value);
}

std::string DataTypeSql(std::string_view c) {
  std::string out =
      fmt::format("CASE WHEN {0} IN ({1}) OR {0} LIKE 'DECIMAL(%' THEN 'NUMBER'", c, IntegerList());
  out += fmt::format(" WHEN {} = 'VARCHAR' THEN 'TEXT' WHEN {} = 'BLOB' THEN 'BINARY'", c, c);
  out += fmt::format(" WHEN {} LIKE '%]' THEN 'ARRAY'", c);
  out += fmt::format(" WHEN {0} LIKE 'STRUCT(%' OR {0} LIKE 'MAP(%' THEN 'OBJECT'", c);
  for (const auto& s : kScalars)
    out += fmt::format(" WHEN {} = '{}' THEN '{}'", c, s.duckdb, s.data_type);
  return out + " ELSE 'TEXT' END";
}

std::string NumericPrecisionSql(std::string_view c, std::string_view precision) {
  return fmt::format(
      "CASE WHEN {0} LIKE 'DECIMAL(%' THEN CAST({1} AS BIGINT) WHEN {0} IN ({2}) THEN 38 END", c,
      precision, IntegerList());
}

std::string NumericScaleSql(std::string_view c, std::string_view scale) {
  return fmt::format(
      "CASE WHEN {0} LIKE 'DECIMAL(%' THEN CAST({1} AS BIGINT) WHEN {0} IN ({2}) THEN 0 END", c,
      scale, IntegerList());
}

std::string CharacterLengthSql(std::string_view c) {
  return fmt::format("CASE WHEN {0} = 'BLOB' THEN {1} WHEN ({2}) = 'TEXT' THEN {3} END", c,
                     kMaxBinaryLength, DataTypeSql(c), kMaxTextLength);
}

}  // namespace rocky::emulator::snowflake
