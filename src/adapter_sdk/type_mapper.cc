#include "adapter_sdk/type_mapper.h"

#include <cctype>

#include "base/strings.h"

namespace rocky::sdk {

std::string NormalizeType(std::string_view type) {
  // Upper-case, drop whitespace next to punctuation, collapse runs of spaces.
  std::string t;
  for (char c : Trim(type)) {
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (u == ' ' || u == '\t' || u == '\n') {
      if (!t.empty() && t.back() != ' ' && t.back() != '(' && t.back() != ',') t.push_back(' ');
      continue;
    }
    if ((u == '(' || u == ')' || u == ',') && !t.empty() && t.back() == ' ') t.pop_back();
    t.push_back(u);
  }
  std::string base = t, params;
  if (size_t p = t.find('('); p != std::string::npos) {
    base = std::string(Trim(t.substr(0, p)));
    params = t.substr(p);
  }
  struct Alias {
    const char* from;
    const char* to;
  };
  static constexpr Alias kAliases[] = {
      {"STRING", "VARCHAR"},       {"TEXT", "VARCHAR"},          {"INT", "INTEGER"},
      {"INT4", "INTEGER"},         {"LONG", "BIGINT"},           {"INT8", "BIGINT"},
      {"REAL", "FLOAT"},           {"FLOAT4", "FLOAT"},          {"DOUBLE PRECISION", "DOUBLE"},
      {"FLOAT8", "DOUBLE"},        {"BOOL", "BOOLEAN"},          {"TIMESTAMP_NTZ", "TIMESTAMP"},
      {"DATETIME", "TIMESTAMP"},   {"NUMERIC", "DECIMAL"},       {"INT2", "SMALLINT"},
      {"INT1", "TINYINT"},
  };
  for (const auto& a : kAliases) {
    if (base == a.from) {
      base = a.to;
      break;
    }
  }
  return base + params;
}

bool TypesCompatible(std::string_view a, std::string_view b) {
  return NormalizeType(a) == NormalizeType(b);
}

}  // namespace rocky::sdk
