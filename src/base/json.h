#pragma once
// A small JSON value with insertion-ordered objects: every JSON document Rocky prints keeps the
// field order the spec gives, so objects are key/value lists, not maps. Lightweight on purpose:
// it is included widely, unlike nlohmann/json.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace rocky {

class Json {
 public:
  /// kRaw: JSON text made elsewhere, written as is (output only; see Raw()).
  enum class Type { kNull, kBool, kInt, kDouble, kString, kArray, kObject, kRaw };

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool b) : type_(Type::kBool), bool_(b) {}
  Json(int i) : type_(Type::kInt), int_(i) {}
  Json(long i) : type_(Type::kInt), int_(i) {}
  Json(long long i) : type_(Type::kInt), int_(i) {}
  Json(unsigned i) : type_(Type::kInt), int_(i) {}
  Json(unsigned long i) : type_(Type::kInt), int_(static_cast<int64_t>(i)) {}
  Json(unsigned long long i) : type_(Type::kInt), int_(static_cast<int64_t>(i)) {}
  Json(double d) : type_(Type::kDouble), double_(d) {}
  Json(const char* s) : type_(Type::kString), string_(s) {}
  Json(std::string s) : type_(Type::kString), string_(std::move(s)) {}
  Json(std::string_view s) : type_(Type::kString), string_(s) {}

  static Json Array() { Json j; j.type_ = Type::kArray; return j; }
  static Json Object() { Json j; j.type_ = Type::kObject; return j; }
  static Json ArrayOf(std::vector<std::string> items);
  /// Compact JSON text written verbatim by Dump (also when pretty-printing), for large outputs
  /// built faster than a tree. The caller guarantees it is one valid JSON value.
  static Json Raw(std::string text) {
    Json j;
    j.type_ = Type::kRaw;
    j.string_ = std::move(text);
    return j;
  }

  Type type() const { return type_; }
  bool IsNull() const { return type_ == Type::kNull; }
  bool IsBool() const { return type_ == Type::kBool; }
  bool IsInt() const { return type_ == Type::kInt; }
  bool IsNumber() const { return type_ == Type::kInt || type_ == Type::kDouble; }
  bool IsString() const { return type_ == Type::kString; }
  bool IsArray() const { return type_ == Type::kArray; }
  bool IsObject() const { return type_ == Type::kObject; }

  bool AsBool() const { return bool_; }
  int64_t AsInt() const { return type_ == Type::kDouble ? static_cast<int64_t>(double_) : int_; }
  double AsDouble() const { return type_ == Type::kInt ? static_cast<double>(int_) : double_; }
  const std::string& AsString() const { return string_; }

  /// Object: appends `key` (or replaces its value when present). Returns *this for chaining.
  Json& Set(std::string_view key, Json value);
  /// Array: appends. Returns *this.
  Json& Push(Json value);

  /// Object member or nullptr.
  const Json* Find(std::string_view key) const;
  Json* Find(std::string_view key);
  /// Object member, or a null value when absent.
  const Json& operator[](std::string_view key) const;
  /// Array element.
  const Json& operator[](size_t i) const { return values_[i]; }
  size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }

  /// Array elements or object values, in order.
  const std::vector<Json>& items() const { return values_; }
  std::vector<Json>& items() { return values_; }
  /// Object keys, in order (parallel to items()).
  const std::vector<std::string>& keys() const { return keys_; }

  /// Compact text (indent < 0) or pretty text with `indent` spaces per level (no trailing newline).
  std::string Dump(int indent = -1) const;
  static Result<Json> Parse(std::string_view text);

  bool operator==(const Json& other) const;

 private:
  void DumpTo(std::string& out, int indent, int depth) const;

  Type type_ = Type::kNull;
  bool bool_ = false;
  int64_t int_ = 0;
  double double_ = 0;
  std::string string_;
  std::vector<std::string> keys_;  // objects only
  std::vector<Json> values_;       // array elements or object values
};

/// Appends `s` to `out` as a quoted JSON string.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace rocky
