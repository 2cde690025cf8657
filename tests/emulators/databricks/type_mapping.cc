#include "emulators/databricks/type_mapping.h"

#include <fmt/format.h>

#include <cctype>
#include <vector>

#include "base/strings.h"

namespace rocky::emulator::databricks {

namespace {

struct Scalar {
  std::string_view duckdb;
  std::string_view type_name;
  std::string_view type_text;
  CellForm form;
};

constexpr Scalar kScalars[] = {
    {"BOOLEAN", "BOOLEAN", "boolean", CellForm::kNative},
    {"TINYINT", "BYTE", "tinyint", CellForm::kNative},
    {"SMALLINT", "SHORT", "smallint", CellForm::kNative},
    {"INTEGER", "INT", "int", CellForm::kNative},
    {"BIGINT", "LONG", "bigint", CellForm::kNative},
    {"UTINYINT", "SHORT", "smallint", CellForm::kNative},
    {"USMALLINT", "INT", "int", CellForm::kNative},
    {"UINTEGER", "LONG", "bigint", CellForm::kNative},
    {"UBIGINT", "DECIMAL", "decimal(20,0)", CellForm::kNative},
    {"HUGEINT", "DECIMAL", "decimal(38,0)", CellForm::kNative},
    {"UHUGEINT", "DECIMAL", "decimal(38,0)", CellForm::kNative},
    {"FLOAT", "FLOAT", "float", CellForm::kFloat},
    {"DOUBLE", "DOUBLE", "double", CellForm::kNative},
    {"VARCHAR", "STRING", "string", CellForm::kNative},
    {"DATE", "DATE", "date", CellForm::kNative},
    {"TIMESTAMP", "TIMESTAMP", "timestamp", CellForm::kTimestamp},
    {"TIMESTAMP_S", "TIMESTAMP", "timestamp", CellForm::kTimestamp},
    {"TIMESTAMP_MS", "TIMESTAMP", "timestamp", CellForm::kTimestamp},
    {"TIMESTAMP_NS", "TIMESTAMP", "timestamp", CellForm::kTimestamp},
    {"TIMESTAMP WITH TIME ZONE", "TIMESTAMP", "timestamp", CellForm::kTimestamp},
    {"BLOB", "BINARY", "binary", CellForm::kBase64},
    {"INTERVAL", "INTERVAL", "interval", CellForm::kText},
    {"\"NULL\"", "NULL", "void", CellForm::kNative},
    {"NULL", "NULL", "void", CellForm::kNative},
};

// Splits "a, b(c, d), e" on the commas outside parentheses.
std::vector<std::string_view> SplitTopLevel(std::string_view text) {
  std::vector<std::string_view> out;
  int depth = 0;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(Trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(Trim(text.substr(start)));
  return out;
}

// The text between "NAME(" and the final ")".
std::optional<std::string_view> Arguments(std::string_view type, std::string_view name) {
  if (type.size() < name.size() + 2 || !EqualsIgnoreCase(type.substr(0, name.size()), name) ||
      type[name.size()] != '(' || type.back() != ')')
    return std::nullopt;
  return type.substr(name.size() + 1, type.size() - name.size() - 2);
}

std::string TypeText(std::string_view type);

std::string StructFieldText(std::string_view field) {
  std::string name;
  size_t i = 0;
  if (!field.empty() && field[0] == '"') {
    for (i = 1; i < field.size(); ++i) {
      if (field[i] == '"' && i + 1 < field.size() && field[i + 1] == '"') {
        name.push_back('"');
        ++i;
      } else if (field[i] == '"') {
        ++i;
        break;
      } else {
        name.push_back(field[i]);
      }
    }
  } else {
    while (i < field.size() && !std::isspace(static_cast<unsigned char>(field[i]))) ++i;
    name = std::string(field.substr(0, i));
  }
  return fmt::format("{}:{}", name, TypeText(Trim(field.substr(i))));
}

std::string TypeText(std::string_view type) {
  type = Trim(type);
  if (EndsWith(type, "]")) {
    size_t open = type.rfind('[');
    if (open != std::string_view::npos)
      return fmt::format("array<{}>", TypeText(type.substr(0, open)));
  }
  if (auto args = Arguments(type, "STRUCT")) {
    std::vector<std::string> fields;
    for (auto field : SplitTopLevel(*args)) fields.push_back(StructFieldText(field));
    return fmt::format("struct<{}>", Join(fields, ","));
  }
  if (auto args = Arguments(type, "MAP")) {
    auto parts = SplitTopLevel(*args);
    if (parts.size() == 2) return fmt::format("map<{},{}>", TypeText(parts[0]), TypeText(parts[1]));
  }
  if (Arguments(type, "DECIMAL")) return ToLower(type);
  for (const auto& s : kScalars)
    if (EqualsIgnoreCase(type, s.duckdb)) return std::string(s.type_text);
  return "string";
}

std::optional<int> ParseInt(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

DatabricksType MapDuckDbType(std::string_view duckdb_type) {
  std::string_view type = Trim(duckdb_type);
  DatabricksType out;
  out.type_text = TypeText(type);
  if (EndsWith(type, "]")) {
    out.type_name = "ARRAY";
    out.form = CellForm::kJson;
  } else if (Arguments(type, "STRUCT")) {
    out.type_name = "STRUCT";
    out.form = CellForm::kJson;
  } else if (Arguments(type, "MAP")) {
    out.type_name = "MAP";
    out.form = CellForm::kJson;
  } else if (auto args = Arguments(type, "DECIMAL")) {
    out.type_name = "DECIMAL";
    auto parts = SplitTopLevel(*args);
    if (parts.size() == 2) {
      out.precision = ParseInt(parts[0]);
      out.scale = ParseInt(parts[1]);
    }
  } else {
    out.type_name = "STRING";
    out.form = CellForm::kText;
    for (const auto& s : kScalars) {
      if (!EqualsIgnoreCase(type, s.duckdb)) continue;
      out.type_name = std::string(s.type_name);
      out.form = s.form;
      break;
    }
    if (out.type_name == "DECIMAL") {  // the wide unsigned integers
      out.precision = out.type_text == "decimal(20,0)" ? 20 : 38;
      out.scale = 0;
    }
  }
  return out;
}

std::string TypeTextSql(std::string_view column) {
  std::string out = fmt::format("CASE upper({})", column);
  for (const auto& s : kScalars)
    if (s.duckdb[0] != '"') out += fmt::format(" WHEN '{}' THEN '{}'", s.duckdb, s.type_text);
  out += fmt::format(" ELSE lower({}) END", column);
  return out;
}

DatabricksType TypeOfValue(const sdk::Value& value) {
  if (std::holds_alternative<bool>(value)) return MapDuckDbType("BOOLEAN");
  if (std::holds_alternative<int64_t>(value)) return MapDuckDbType("BIGINT");
  if (std::holds_alternative<double>(value)) return MapDuckDbType("DOUBLE");
  return MapDuckDbType("VARCHAR");
}

std::string ReadExpression(CellForm form, size_t position) {
  switch (form) {
    case CellForm::kNative:
    case CellForm::kFloat:
      return fmt::format("#{}", position);
    case CellForm::kTimestamp:
      return fmt::format("CAST(#{} AS TIMESTAMP)", position);
    case CellForm::kJson:
      return fmt::format("CAST(to_json(#{}) AS VARCHAR)", position);
    case CellForm::kBase64:
      return fmt::format("to_base64(#{})", position);
    case CellForm::kText:
      return fmt::format("CAST(#{} AS VARCHAR)", position);
  }
  return fmt::format("#{}", position);
}

std::string IsoTimestamp(std::string_view text) {
  // YYYY-MM-DD HH:MM:SS[.f…]
  if (text.size() < 19 || text[4] != '-' || text[10] != ' ' || text[13] != ':') {
    return std::string(text);
  }
  std::string out(text.substr(0, 10));
  out += 'T';
  out += text.substr(11, 8);
  std::string_view rest = text.substr(19);
  if (!rest.empty() && rest[0] == '.') {
    std::string fraction(rest.substr(1));
    if (fraction.size() < 6) fraction.append(6 - fraction.size(), '0');
    out += '.';
    out += fraction;
  } else if (!rest.empty()) {
    return std::string(text);  // an offset or an era: leave DuckDB's text
  }
  out += 'Z';
  return out;
}

std::optional<std::string> RenderCell(const sdk::Value& value, const DatabricksType& type) {
  if (sdk::IsNull(value)) return std::nullopt;
  if (const auto* d = std::get_if<double>(&value)) {
    std::string text = type.form == CellForm::kFloat ? fmt::format("{}", static_cast<float>(*d))
                                                     : fmt::format("{}", *d);
    if (text == "inf") return "Infinity";
    if (text == "-inf") return "-Infinity";
    if (text == "nan") return "NaN";
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    return text;
  }
  std::string text = sdk::ValueToString(value);
  if (type.form == CellForm::kTimestamp) return IsoTimestamp(text);
  return text;
}

}  // namespace rocky::emulator::databricks
