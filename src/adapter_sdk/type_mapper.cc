#include "adapter_sdk/type_mapper.h"

#include <cctype>
#include <charconv>

#include "base/strings.h"

namespace rocky::sdk {

namespace {

bool OneOf(std::string_view value, std::initializer_list<std::string_view> options) {
  for (auto o : options)
    if (value == o) return true;
  return false;
}

}  // namespace

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

std::optional<TypeShape> ParseTypeShape(std::string_view type) {
  std::string normalized = NormalizeType(type);
  size_t open = normalized.find('(');
  if (open == std::string::npos) return TypeShape{normalized, {}};
  if (normalized.back() != ')') return std::nullopt;
  TypeShape shape{normalized.substr(0, open), {}};
  for (const auto& part : Split(normalized.substr(open + 1, normalized.size() - open - 2), ",")) {
    std::string_view p = Trim(part);
    int value = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
    if (ec != std::errc() || end != p.data() + p.size()) return std::nullopt;
    shape.params.push_back(value);
  }
  return shape;
}

bool IsSafeWidening(std::string_view from_text, std::string_view to_text) {
  auto from = ParseTypeShape(from_text);
  auto to = ParseTypeShape(to_text);
  if (!from || !to) return false;
  const std::string& f = from->base;
  const std::string& t = to->base;
  bool f_plain = from->params.empty();
  bool t_plain = to->params.empty();

  if (t == "VARCHAR" && t_plain) {
    if (f == "VARCHAR") return true;  // VARCHAR(n) → unbounded
    if (f == "DECIMAL") return true;
    if (f_plain && OneOf(f, {"INTEGER", "BIGINT", "FLOAT", "DOUBLE", "BOOLEAN"})) return true;
    return false;
  }
  if (f == "DECIMAL" && t == "DECIMAL") {
    if (from->params.size() != 2 || to->params.size() != 2) return false;
    return from->params[1] == to->params[1] && to->params[0] >= from->params[0];
  }
  if (f == "VARCHAR" && t == "VARCHAR") {
    if (from->params.size() != 1 || to->params.size() != 1) return false;
    return to->params[0] >= from->params[0];
  }
  if (!f_plain || !t_plain) return false;
  if (f == "INTEGER") return t == "BIGINT";
  if (f == "SMALLINT") return OneOf(t, {"INTEGER", "BIGINT"});
  if (f == "TINYINT") return OneOf(t, {"SMALLINT", "INTEGER", "BIGINT"});
  if (f == "FLOAT") return t == "DOUBLE";
  return false;
}

bool TypesCompatible(std::string_view a, std::string_view b) {
  return NormalizeType(a) == NormalizeType(b);
}

}  // namespace rocky::sdk
