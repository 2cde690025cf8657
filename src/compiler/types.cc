// Type values, their contract spelling and contract matching. Mapping from warehouse types lives
// in type_mapping.cc, the §8 inference rules in type_inference.cc.

#include "compiler/types.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "core/contract.h"

namespace rocky::compiler {

struct Type::Nested {
  std::vector<Type> args;           // Array: {T}; Map: {K, V}
  std::vector<StructField> fields;  // Struct
};

namespace {

constexpr std::string_view kKindNames[] = {
    "Boolean", "Int32",  "Int64",   "Float32",   "Float64",      "Decimal",
    "String",  "Binary", "Date",    "Timestamp", "TimestampNtz", "Array",
    "Map",     "Struct", "Variant", "Null",      "Unknown"};
static_assert(std::size(kKindNames) == static_cast<size_t>(TypeKind::kUnknown) + 1);

// Kinds a contract may name (everything before Null).
constexpr size_t kContractKindCount = static_cast<size_t>(TypeKind::kNull);

const Type& UnknownType() {
  static const Type unknown;
  return unknown;
}

}  // namespace

std::string_view TypeKindName(TypeKind kind) { return kKindNames[static_cast<size_t>(kind)]; }

Type Type::Decimal(int precision, int scale) {
  Type t(TypeKind::kDecimal);
  precision = std::clamp(precision, 1, kMaxDecimalPrecision);
  t.precision_ = static_cast<uint8_t>(precision);
  t.scale_ = static_cast<uint8_t>(std::clamp(scale, 0, precision));
  return t;
}

Type Type::Array(Type element) {
  Type t(TypeKind::kArray);
  t.nested_ = std::make_shared<const Nested>(Nested{{std::move(element)}, {}});
  return t;
}

Type Type::Map(Type key, Type value) {
  Type t(TypeKind::kMap);
  t.nested_ = std::make_shared<const Nested>(Nested{{std::move(key), std::move(value)}, {}});
  return t;
}

Type Type::Struct(std::vector<StructField> fields) {
  Type t(TypeKind::kStruct);
  if (!fields.empty()) t.nested_ = std::make_shared<const Nested>(Nested{{}, std::move(fields)});
  return t;
}

const Type& Type::element() const {
  if (kind_ == TypeKind::kArray && nested_) return nested_->args[0];
  return UnknownType();
}

const Type& Type::key() const {
  if (kind_ == TypeKind::kMap && nested_) return nested_->args[0];
  return UnknownType();
}

const Type& Type::value() const {
  if (kind_ == TypeKind::kMap && nested_) return nested_->args[1];
  return UnknownType();
}

std::span<const StructField> Type::fields() const {
  if (kind_ == TypeKind::kStruct && nested_) return nested_->fields;
  return {};
}

std::string Type::ToString() const {
  std::string out(TypeKindName(kind_));
  switch (kind_) {
    case TypeKind::kDecimal:
      if (precision_ != 0) out += fmt::format("({},{})", precision_, scale_);
      break;
    case TypeKind::kArray:
      if (nested_) out += "<" + element().ToString() + ">";
      break;
    case TypeKind::kMap:
      if (nested_) out += "<" + key().ToString() + "," + value().ToString() + ">";
      break;
    case TypeKind::kStruct:
      if (nested_) {
        out += '<';
        for (size_t i = 0; i < nested_->fields.size(); ++i) {
          if (i > 0) out += ',';
          out += nested_->fields[i].name + ":" + nested_->fields[i].type.ToString();
        }
        out += '>';
      }
      break;
    default:
      break;
  }
  return out;
}

bool Type::operator==(const Type& other) const {
  if (kind_ != other.kind_ || precision_ != other.precision_ || scale_ != other.scale_)
    return false;
  if (nested_ == other.nested_) return true;
  if (!nested_ || !other.nested_) return false;
  return nested_->args == other.nested_->args && nested_->fields == other.nested_->fields;
}

std::string ColumnType::ToString() const {
  return nullable ? type.ToString() : type.ToString() + " NOT NULL";
}

// ---- Contract type names ----

namespace {

// Recursive descent over one contract type name.
class ContractTypeParser {
 public:
  explicit ContractTypeParser(std::string_view text) : text_(text) {}

  std::expected<Type, TypeParseError> ParseAll() {
    auto type = Parse();
    if (!type) return type;
    SkipSpaces();
    if (pos_ != text_.size())
      return Fail(
          fmt::format("unexpected '{}' after '{}'", text_.substr(pos_), text_.substr(0, pos_)));
    return type;
  }

 private:
  static std::unexpected<TypeParseError> Fail(std::string message,
                                              std::optional<std::string> suggestion = {}) {
    return std::unexpected(TypeParseError{std::move(message), std::move(suggestion)});
  }

  void SkipSpaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool Eat(char c) {
    SkipSpaces();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::string_view Word() {
    SkipSpaces();
    size_t start = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      bool word =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (!word) break;
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }
  std::optional<int> Number() {
    std::string_view digits = Word();
    if (digits.empty() || digits.size() > 4) return std::nullopt;
    int value = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  static TypeParseError UnknownName(std::string_view word) {
    std::vector<std::string> names, lower;
    for (size_t i = 0; i < kContractKindCount; ++i) {
      names.emplace_back(kKindNames[i]);
      lower.push_back(ToLower(kKindNames[i]));
    }
    std::optional<std::string> suggestion;
    if (auto hit = DidYouMean(ToLower(word), lower)) {
      for (size_t i = 0; i < lower.size(); ++i)
        if (lower[i] == *hit) suggestion = names[i];
    }
    std::string message =
        fmt::format("unknown type '{}'; expected one of {}", word, Join(names, ", "));
    if (suggestion) message += fmt::format(" (did you mean '{}'?)", *suggestion);
    return {std::move(message), std::move(suggestion)};
  }

  std::expected<Type, TypeParseError> Parse() {
    std::string_view word = Word();
    if (word.empty()) {
      if (pos_ >= text_.size()) return Fail("empty type name");
      return Fail(fmt::format("unexpected '{}' in type name", text_.substr(pos_, 1)));
    }
    std::optional<TypeKind> kind;
    for (size_t i = 0; i < kContractKindCount; ++i)
      if (EqualsIgnoreCase(word, kKindNames[i])) kind = static_cast<TypeKind>(i);
    if (!kind) return std::unexpected(UnknownName(word));

    switch (*kind) {
      case TypeKind::kDecimal: {
        if (!Eat('(')) return Type::Decimal();
        auto p = Number();
        if (!p || !Eat(',')) return Fail("Decimal needs a precision and a scale: Decimal(p,s)");
        auto s = Number();
        if (!s || !Eat(')')) return Fail("Decimal needs a precision and a scale: Decimal(p,s)");
        if (*p < 1 || *p > kMaxDecimalPrecision)
          return Fail(fmt::format("Decimal precision must be between 1 and 38 (got {})", *p));
        if (*s > *p)
          return Fail(
              fmt::format("Decimal scale must be between 0 and the precision {} (got {})", *p, *s));
        return Type::Decimal(*p, *s);
      }
      case TypeKind::kArray: {
        if (!Eat('<')) return Type::Array();
        auto element = Parse();
        if (!element) return element;
        if (!Eat('>')) return Fail("Array takes one element type: Array<T>");
        return Type::Array(std::move(*element));
      }
      case TypeKind::kMap: {
        if (!Eat('<')) return Type::Map();
        auto key = Parse();
        if (!key) return key;
        if (!Eat(',')) return Fail("Map needs a key and a value type: Map<K,V>");
        auto value = Parse();
        if (!value) return value;
        if (!Eat('>')) return Fail("Map needs a key and a value type: Map<K,V>");
        return Type::Map(std::move(*key), std::move(*value));
      }
      case TypeKind::kStruct: {
        if (!Eat('<')) return Type::Struct();
        std::vector<StructField> fields;
        do {
          std::string_view name = Word();
          if (name.empty() || !Eat(':'))
            return Fail("Struct fields are written name:Type: Struct<id:Int64,name:String>");
          auto type = Parse();
          if (!type) return type;
          fields.push_back({std::string(name), std::move(*type)});
        } while (Eat(','));
        if (!Eat('>'))
          return Fail("Struct fields are written name:Type: Struct<id:Int64,name:String>");
        return Type::Struct(std::move(fields));
      }
      default:
        return Type(*kind);
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::expected<Type, TypeParseError> ParseContractType(std::string_view text) {
  return ContractTypeParser(text).ParseAll();
}

Type FromContractType(const core::ContractType& contract) {
  using K = core::ContractTypeKind;
  switch (contract.kind) {
    case K::kBoolean:
      return Type::Boolean();
    case K::kInt32:
      return Type::Int32();
    case K::kInt64:
      return Type::Int64();
    case K::kFloat32:
      return Type::Float32();
    case K::kFloat64:
      return Type::Float64();
    case K::kDecimal:
      if (contract.precision) return Type::Decimal(*contract.precision, contract.scale.value_or(0));
      return Type::Decimal();
    case K::kString:
      return Type::String();
    case K::kBinary:
      return Type::Binary();
    case K::kDate:
      return Type::Date();
    case K::kTimestamp:
      return Type::Timestamp();
    case K::kTimestampNtz:
      return Type::TimestampNtz();
    case K::kArray:
      if (contract.args.size() == 1) return Type::Array(FromContractType(contract.args[0]));
      return Type::Array();
    case K::kMap:
      if (contract.args.size() == 2)
        return Type::Map(FromContractType(contract.args[0]), FromContractType(contract.args[1]));
      return Type::Map();
    case K::kStruct:
      return Type::Struct();
    case K::kVariant:
      return Type::Variant();
  }
  return Type::Unknown();
}

// ---- Matching ----

bool Matches(const Type& inferred, const Type& declared) {
  if (!inferred.IsKnown()) return true;
  if (inferred.kind() != declared.kind()) return false;
  if (!inferred.parameterized() || !declared.parameterized()) return true;
  switch (declared.kind()) {
    case TypeKind::kDecimal:
      return inferred.precision() == declared.precision() && inferred.scale() == declared.scale();
    case TypeKind::kArray:
      return Matches(inferred.element(), declared.element());
    case TypeKind::kMap:
      return Matches(inferred.key(), declared.key()) && Matches(inferred.value(), declared.value());
    case TypeKind::kStruct: {
      auto a = inferred.fields();
      auto b = declared.fields();
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i)
        if (!EqualsIgnoreCase(a[i].name, b[i].name) || !Matches(a[i].type, b[i].type)) return false;
      return true;
    }
    default:
      return true;
  }
}

}  // namespace rocky::compiler
