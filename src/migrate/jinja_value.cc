#include <fmt/format.h>

#include <cmath>

#include "migrate/jinja.h"

namespace rocky::migrate {

JinjaValue JinjaValue::Bool(bool b) {
  JinjaValue v;
  v.kind = Kind::kBool;
  v.boolean = b;
  return v;
}

JinjaValue JinjaValue::Number(double n) {
  JinjaValue v;
  v.kind = Kind::kNumber;
  v.number = n;
  return v;
}

JinjaValue JinjaValue::String(std::string s) {
  JinjaValue v;
  v.kind = Kind::kString;
  v.text = std::move(s);
  return v;
}

JinjaValue JinjaValue::List(std::vector<JinjaValue> items) {
  JinjaValue v;
  v.kind = Kind::kList;
  v.items = std::move(items);
  return v;
}

JinjaValue JinjaValue::Dict(std::map<std::string, JinjaValue> fields) {
  JinjaValue v;
  v.kind = Kind::kDict;
  v.fields = std::move(fields);
  return v;
}

bool JinjaValue::Truthy() const {
  switch (kind) {
    case Kind::kNone:
      return false;
    case Kind::kBool:
      return boolean;
    case Kind::kNumber:
      return number != 0;
    case Kind::kString:
      return !text.empty();
    case Kind::kList:
      return !items.empty();
    case Kind::kDict:
      return !fields.empty();
  }
  return false;
}

namespace {

std::string Repr(const JinjaValue& v) {
  if (v.kind != JinjaValue::Kind::kString) return v.Render();
  std::string out = "'";
  for (char c : v.text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string JinjaValue::Render() const {
  switch (kind) {
    case Kind::kNone:
      return "None";
    case Kind::kBool:
      return boolean ? "True" : "False";
    case Kind::kNumber:
      if (std::floor(number) == number && std::fabs(number) < 1e15)
        return fmt::format("{}", static_cast<long long>(number));
      return fmt::format("{}", number);
    case Kind::kString:
      return text;
    case Kind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + Repr(items[i]);
      return out + "]";
    }
    case Kind::kDict: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, v] : fields) {
        out += (first ? "'" : ", '") + k + "': " + Repr(v);
        first = false;
      }
      return out + "}";
    }
  }
  return "";
}

bool JinjaValue::operator==(const JinjaValue& o) const {
  if (kind != o.kind) {
    // True == 1 in Python; other mixed kinds are unequal.
    if ((kind == Kind::kBool || kind == Kind::kNumber) &&
        (o.kind == Kind::kBool || o.kind == Kind::kNumber)) {
      double a = kind == Kind::kBool ? boolean : number;
      double b = o.kind == Kind::kBool ? o.boolean : o.number;
      return a == b;
    }
    return false;
  }
  switch (kind) {
    case Kind::kNone:
      return true;
    case Kind::kBool:
      return boolean == o.boolean;
    case Kind::kNumber:
      return number == o.number;
    case Kind::kString:
      return text == o.text;
    case Kind::kList:
      return items == o.items;
    case Kind::kDict:
      return fields == o.fields;
  }
  return false;
}

std::string JinjaError::Text() const { return fmt::format("line {}: {}", line, message); }

}  // namespace rocky::migrate
