#include "base/json_schema.h"

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <string_view>

namespace rocky {
namespace {

// Deep enough for any real document; stops a `$ref` cycle such as {"$ref": "#"} from recursing
// without end.
constexpr int kMaxDepth = 256;
constexpr size_t kMaxShownChars = 60;

std::string_view TypeName(const Json& value) {
  switch (value.type()) {
    case Json::Type::kNull:
      return "null";
    case Json::Type::kBool:
      return "boolean";
    case Json::Type::kInt:
      return "integer";
    case Json::Type::kDouble:
      return "number";
    case Json::Type::kString:
      return "string";
    case Json::Type::kArray:
      return "array";
    case Json::Type::kObject:
      return "object";
    case Json::Type::kRaw:
      return "raw JSON text";  // output only: never validated
  }
  return "unknown";
}

bool HasType(const Json& value, std::string_view type) {
  if (type == "null") return value.IsNull();
  if (type == "boolean") return value.IsBool();
  if (type == "string") return value.IsString();
  if (type == "array") return value.IsArray();
  if (type == "object") return value.IsObject();
  if (type == "number") return value.IsNumber();
  if (type == "integer") {
    if (value.IsInt()) return true;
    if (!value.IsNumber()) return false;
    double d = value.AsDouble();
    return std::isfinite(d) && std::trunc(d) == d;
  }
  return false;
}

// A value as it appears in a message: compact JSON text, cut short when long.
std::string Show(const Json& value) {
  std::string text = value.Dump();
  if (text.size() > kMaxShownChars) text = text.substr(0, kMaxShownChars) + "…";
  return text;
}

bool IsIdentifier(std::string_view key) {
  if (key.empty()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string MemberPath(const std::string& parent, std::string_view key) {
  if (IsIdentifier(key)) return parent + "." + std::string(key);
  std::string path = parent + "[";
  AppendJsonString(path, key);
  return path + "]";
}

std::string IndexPath(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

// "a", "a or b", "a, b or c".
std::string JoinAlternatives(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

bool BelowMinimum(const Json& value, const Json& minimum) {
  if (value.IsInt() && minimum.IsInt()) return value.AsInt() < minimum.AsInt();
  return value.AsDouble() < minimum.AsDouble();
}

class Validator {
 public:
  explicit Validator(const Json& root) : root_(root) {}

  void Validate(const Json& value, const Json& schema, const std::string& path, int depth,
                std::vector<std::string>& errors) const {
    if (depth > kMaxDepth) {
      errors.push_back(path + ": schema nesting too deep (a $ref cycle?)");
      return;
    }
    if (schema.IsBool()) {
      if (!schema.AsBool()) errors.push_back(path + ": no value is allowed here");
      return;
    }
    if (!schema.IsObject()) {
      errors.push_back(path + ": invalid schema: expected an object or a boolean");
      return;
    }
    if (const Json* ref = schema.Find("$ref")) {
      const Json* target = ref->IsString() ? Resolve(ref->AsString()) : nullptr;
      if (!target) {
        errors.push_back(path + ": invalid schema: unresolvable $ref " + Show(*ref));
      } else {
        Validate(value, *target, path, depth + 1, errors);
      }
    }
    if (const Json* type = schema.Find("type")) {
      if (!CheckType(value, *type, path, errors)) return;
    }
    if (const Json* expected = schema.Find("const")) {
      if (!(value == *expected)) {
        errors.push_back(path + ": expected " + Show(*expected) + ", got " + Show(value));
      }
    }
    if (const Json* options = schema.Find("enum")) CheckEnum(value, *options, path, errors);
    if (const Json* minimum = schema.Find("minimum")) {
      if (!minimum->IsNumber()) {
        errors.push_back(path + ": invalid schema: minimum must be a number");
      } else if (value.IsNumber() && BelowMinimum(value, *minimum)) {
        errors.push_back(path + ": expected a number >= " + minimum->Dump() + ", got " +
                         Show(value));
      }
    }
    if (const Json* maximum = schema.Find("maximum")) {
      if (!maximum->IsNumber()) {
        errors.push_back(path + ": invalid schema: maximum must be a number");
      } else if (value.IsNumber() && BelowMinimum(*maximum, value)) {
        errors.push_back(path + ": expected a number <= " + maximum->Dump() + ", got " +
                         Show(value));
      }
    }
    if (const Json* min_items = schema.Find("minItems")) {
      if (!min_items->IsInt()) {
        errors.push_back(path + ": invalid schema: minItems must be an integer");
      } else if (value.IsArray() && static_cast<int64_t>(value.size()) < min_items->AsInt()) {
        errors.push_back(path + ": expected at least " + min_items->Dump() + " item(s), got " +
                         std::to_string(value.size()));
      }
    }
    if (value.IsObject()) CheckObject(value, schema, path, depth, errors);
    if (value.IsArray()) {
      if (const Json* items = schema.Find("items")) {
        for (size_t i = 0; i < value.size(); ++i) {
          Validate(value[i], *items, IndexPath(path, i), depth + 1, errors);
        }
      }
    }
    if (const Json* any_of = schema.Find("anyOf")) {
      CheckAlternatives(value, *any_of, "anyOf", path, depth, errors);
    }
    if (const Json* one_of = schema.Find("oneOf")) {
      CheckAlternatives(value, *one_of, "oneOf", path, depth, errors);
    }
  }

 private:
  // Follows a JSON pointer fragment ("#", "#/$defs/Name") from the root schema.
  const Json* Resolve(std::string_view ref) const {
    if (ref.empty() || ref[0] != '#') return nullptr;
    std::string_view pointer = ref.substr(1);
    const Json* node = &root_;
    while (!pointer.empty()) {
      if (pointer[0] != '/') return nullptr;
      pointer.remove_prefix(1);
      size_t end = pointer.find('/');
      std::string_view raw = pointer.substr(0, end);
      pointer = end == std::string_view::npos ? std::string_view() : pointer.substr(end);
      std::string token;
      for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
          token.push_back(raw[i + 1] == '0' ? '~' : '/');
          ++i;
        } else {
          token.push_back(raw[i]);
        }
      }
      if (node->IsObject()) {
        node = node->Find(token);
      } else if (node->IsArray()) {
        char* end_digits = nullptr;
        unsigned long index = std::strtoul(token.c_str(), &end_digits, 10);
        if (token.empty() || *end_digits != '\0' || index >= node->size()) return nullptr;
        node = &(*node)[index];
      } else {
        return nullptr;
      }
      if (!node) return nullptr;
    }
    return node;
  }

  // Whether `value` passes the `type` keyword of `schema`, following `$ref`s. Ranks the
  // alternatives of anyOf/oneOf when none matches.
  bool TopLevelTypeMatches(const Json& value, const Json& schema, int depth) const {
    if (depth > kMaxDepth || !schema.IsObject()) return true;
    if (const Json* ref = schema.Find("$ref")) {
      const Json* target = ref->IsString() ? Resolve(ref->AsString()) : nullptr;
      if (target && !TopLevelTypeMatches(value, *target, depth + 1)) return false;
    }
    std::vector<std::string> ignored;
    const Json* type = schema.Find("type");
    return !type || CheckType(value, *type, "", ignored);
  }

  // Whether a member of object `value` differs from a `const` that `schema` gives for it, such
  // as {"name": {"const": "row_count"}}: such a member tags the alternative the value is not.
  bool DiscriminatorDiffers(const Json& value, const Json& schema, int depth) const {
    if (depth > kMaxDepth || !schema.IsObject() || !value.IsObject()) return false;
    if (const Json* ref = schema.Find("$ref")) {
      const Json* target = ref->IsString() ? Resolve(ref->AsString()) : nullptr;
      if (target && DiscriminatorDiffers(value, *target, depth + 1)) return true;
    }
    const Json* properties = schema.Find("properties");
    if (!properties || !properties->IsObject()) return false;
    for (size_t i = 0; i < properties->keys().size(); ++i) {
      const Json* expected =
          properties->items()[i].IsObject() ? properties->items()[i].Find("const") : nullptr;
      const Json* member = value.Find(properties->keys()[i]);
      if (expected && member && !(*member == *expected)) return true;
    }
    return false;
  }

  bool CheckType(const Json& value, const Json& type, const std::string& path,
                 std::vector<std::string>& errors) const {
    std::vector<std::string> names;
    if (type.IsString()) {
      names.push_back(type.AsString());
    } else if (type.IsArray()) {
      for (const Json& name : type.items()) {
        if (name.IsString()) names.push_back(name.AsString());
      }
    }
    if (names.empty()) {
      errors.push_back(path + ": invalid schema: type must be a name or a list of names");
      return false;
    }
    for (const std::string& name : names) {
      if (HasType(value, name)) return true;
    }
    errors.push_back(path + ": expected " + JoinAlternatives(names) + ", got " +
                     std::string(TypeName(value)));
    return false;
  }

  void CheckEnum(const Json& value, const Json& options, const std::string& path,
                 std::vector<std::string>& errors) const {
    if (!options.IsArray()) {
      errors.push_back(path + ": invalid schema: enum must be an array");
      return;
    }
    std::string shown;
    for (const Json& option : options.items()) {
      if (value == option) return;
      if (!shown.empty()) shown += ", ";
      shown += Show(option);
    }
    errors.push_back(path + ": expected one of " + shown + "; got " + Show(value));
  }

  void CheckObject(const Json& value, const Json& schema, const std::string& path, int depth,
                   std::vector<std::string>& errors) const {
    const Json* properties = schema.Find("properties");
    const Json* additional = schema.Find("additionalProperties");
    if (const Json* required = schema.Find("required")) {
      if (!required->IsArray()) {
        errors.push_back(path + ": invalid schema: required must be an array");
      } else {
        for (const Json& name : required->items()) {
          if (name.IsString() && !value.Find(name.AsString())) {
            errors.push_back(MemberPath(path, name.AsString()) + ": missing required property");
          }
        }
      }
    }
    const std::vector<std::string>& keys = value.keys();
    for (size_t i = 0; i < keys.size(); ++i) {
      const Json& member = value.items()[i];
      const Json* member_schema = properties ? properties->Find(keys[i]) : nullptr;
      if (member_schema) {
        Validate(member, *member_schema, MemberPath(path, keys[i]), depth + 1, errors);
      } else if (additional && additional->IsBool() && !additional->AsBool()) {
        errors.push_back(MemberPath(path, keys[i]) + ": unexpected property");
      } else if (additional) {
        Validate(member, *additional, MemberPath(path, keys[i]), depth + 1, errors);
      }
    }
  }

  // anyOf: at least one alternative must match; oneOf: exactly one. When none matches, the
  // message is followed by the problems of the closest alternative: preferably one whose type
  // fits and whose tagging constants (a `name` or `type` const) agree, then the fewest problems.
  void CheckAlternatives(const Json& value, const Json& alternatives, std::string_view keyword,
                         const std::string& path, int depth,
                         std::vector<std::string>& errors) const {
    if (!alternatives.IsArray() || alternatives.empty()) {
      errors.push_back(path + ": invalid schema: " + std::string(keyword) +
                       " must be a non-empty array");
      return;
    }
    size_t matches = 0;
    std::vector<std::string> closest;
    size_t closest_score = std::numeric_limits<size_t>::max();
    for (const Json& alternative : alternatives.items()) {
      std::vector<std::string> found;
      Validate(value, alternative, path, depth + 1, found);
      if (found.empty()) {
        ++matches;
        continue;
      }
      size_t score = found.size();
      if (!TopLevelTypeMatches(value, alternative, depth + 1)) score += 1'000'000;
      if (DiscriminatorDiffers(value, alternative, depth + 1)) score += 1'000;
      if (score < closest_score) {
        closest_score = score;
        closest = std::move(found);
      }
    }
    if (matches == 0) {
      errors.push_back(path + ": matches none of the " + std::to_string(alternatives.size()) +
                       " alternatives of " + std::string(keyword) + "; the closest fails with:");
      errors.insert(errors.end(), closest.begin(), closest.end());
    } else if (keyword == "oneOf" && matches > 1) {
      errors.push_back(path + ": matches " + std::to_string(matches) +
                       " alternatives of oneOf, expected exactly one");
    }
  }

  const Json& root_;
};

}  // namespace

std::vector<std::string> ValidateJson(const Json& document, const Json& schema) {
  std::vector<std::string> errors;
  Validator(schema).Validate(document, schema, "$", 0, errors);
  return errors;
}

}  // namespace rocky
