// Type values, their contract spelling and contract matching. Mapping from warehouse types lives
// in type_mapping.cc, the §8 inference rules in type_inference.cc.

#include "compiler/types.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "project/contract.h"

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


std::expected<Type, TypeParseError> ParseContractType(std::string_view text) {
  auto parsed = project::ParseContractType(text);
  if (!parsed) return std::unexpected(TypeParseError{parsed.error().message, parsed.error().suggestion});
  return FromContractType(*parsed);
}

Type FromContractType(const project::ContractType& contract) {
  using K = project::ContractTypeKind;
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
