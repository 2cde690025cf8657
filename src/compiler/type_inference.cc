// The §8 inference rules over types: arithmetic, common supertypes, comparability.

#include <algorithm>

#include "base/strings.h"
#include "compiler/types.h"
#include "sql/ast.h"

namespace rocky::compiler {

namespace {

// The decimal an integer converts to without loss.
Type AsDecimal(const Type& t) {
  if (t.Is(TypeKind::kInt32)) return Type::Decimal(10, 0);
  if (t.Is(TypeKind::kInt64)) return Type::Decimal(19, 0);
  return t;
}

Type WiderInteger(const Type& a, const Type& b) {
  return a.Is(TypeKind::kInt64) || b.Is(TypeKind::kInt64) ? Type::Int64() : Type::Int32();
}

// Decimal(max p + 1, max s), unparameterized when either side is.
Type DecimalArithmetic(const Type& a, const Type& b) {
  Type da = AsDecimal(a), db = AsDecimal(b);
  if (!da.parameterized() || !db.parameterized()) return Type::Decimal();
  int p = std::min(std::max(da.precision(), db.precision()) + 1, kMaxDecimalPrecision);
  return Type::Decimal(p, std::max(da.scale(), db.scale()));
}

// The smallest decimal holding both: max integer digits + max scale.
Type DecimalSupertype(const Type& a, const Type& b) {
  Type da = AsDecimal(a), db = AsDecimal(b);
  if (!da.parameterized() || !db.parameterized()) return Type::Decimal();
  int s = std::max(da.scale(), db.scale());
  int digits = std::max(da.precision() - da.scale(), db.precision() - db.scale());
  return Type::Decimal(std::min(digits + s, kMaxDecimalPrecision), s);
}

}  // namespace

std::optional<ArithmeticOp> ToArithmeticOp(sql::BinaryOp op) {
  switch (op) {
    case sql::BinaryOp::kAdd:
      return ArithmeticOp::kAdd;
    case sql::BinaryOp::kSub:
      return ArithmeticOp::kSub;
    case sql::BinaryOp::kMul:
      return ArithmeticOp::kMul;
    case sql::BinaryOp::kDiv:
      return ArithmeticOp::kDiv;
    case sql::BinaryOp::kIntDiv:
    case sql::BinaryOp::kDivKw:
      return ArithmeticOp::kIntDiv;
    case sql::BinaryOp::kMod:
      return ArithmeticOp::kMod;
    default:
      return std::nullopt;
  }
}

Type ArithmeticResult(ArithmeticOp op, const Type& a, const Type& b) {
  if (a.IsNumeric() && b.IsNumeric()) {
    if (a.IsInteger() && b.IsInteger())
      return op == ArithmeticOp::kDiv ? Type::Float64() : WiderInteger(a, b);
    if (a.IsFloat() || b.IsFloat()) {
      if (a.Is(TypeKind::kFloat32) && b.Is(TypeKind::kFloat32)) return Type::Float32();
      return Type::Float64();
    }
    return DecimalArithmetic(a, b);
  }
  bool additive = op == ArithmeticOp::kAdd || op == ArithmeticOp::kSub;
  if (additive && a.Is(TypeKind::kDate) && b.IsInteger()) return Type::Date();
  if (op == ArithmeticOp::kAdd && a.IsInteger() && b.Is(TypeKind::kDate)) return Type::Date();
  if (op == ArithmeticOp::kSub && a.Is(TypeKind::kDate) && b.Is(TypeKind::kDate))
    return Type::Int64();
  return Type::Unknown();
}

ColumnType NullWhenEither(Type type, const ColumnType& a, const ColumnType& b) {
  const bool provable = a.ProvablyNullable() || b.ProvablyNullable();
  return ColumnType{std::move(type), a.nullable || b.nullable,
                    provable || (a.nullability_known && b.nullability_known)};
}

ColumnType ArithmeticResult(ArithmeticOp op, const ColumnType& a, const ColumnType& b) {
  return NullWhenEither(ArithmeticResult(op, a.type, b.type), a, b);
}

ColumnType ComparisonResult(const ColumnType& a, const ColumnType& b) {
  return NullWhenEither(Type::Boolean(), a, b);
}

std::optional<Type> CommonSupertype(const Type& a, const Type& b) {
  if (a.Is(TypeKind::kNull)) return b;
  if (b.Is(TypeKind::kNull)) return a;
  if (a.Is(TypeKind::kUnknown) || b.Is(TypeKind::kUnknown)) return Type::Unknown();
  if (a.Is(TypeKind::kVariant) || b.Is(TypeKind::kVariant)) return Type::Variant();
  if (a == b) return a;
  if (a.IsNumeric() && b.IsNumeric()) {
    if (a.IsInteger() && b.IsInteger()) return WiderInteger(a, b);
    if (a.IsFloat() || b.IsFloat()) return Type::Float64();  // equal Float32s returned above
    return DecimalSupertype(a, b);
  }
  if (a.IsTemporal() && b.IsTemporal()) {
    if (a.Is(TypeKind::kTimestamp) || b.Is(TypeKind::kTimestamp)) return Type::Timestamp();
    return Type::TimestampNtz();  // Date with TimestampNtz
  }
  if (a.kind() != b.kind()) return std::nullopt;
  // Same nested kind, different parameters.
  if (!a.parameterized() || !b.parameterized()) return Type(a.kind());
  switch (a.kind()) {
    case TypeKind::kArray: {
      auto e = CommonSupertype(a.element(), b.element());
      if (!e) return std::nullopt;
      return Type::Array(std::move(*e));
    }
    case TypeKind::kMap: {
      auto k = CommonSupertype(a.key(), b.key());
      auto v = CommonSupertype(a.value(), b.value());
      if (!k || !v) return std::nullopt;
      return Type::Map(std::move(*k), std::move(*v));
    }
    case TypeKind::kStruct: {
      auto fa = a.fields();
      auto fb = b.fields();
      if (fa.size() != fb.size()) return std::nullopt;
      std::vector<StructField> fields;
      for (size_t i = 0; i < fa.size(); ++i) {
        if (!EqualsIgnoreCase(fa[i].name, fb[i].name)) return std::nullopt;
        auto t = CommonSupertype(fa[i].type, fb[i].type);
        if (!t) return std::nullopt;
        fields.push_back({fa[i].name, std::move(*t)});
      }
      return Type::Struct(std::move(fields));
    }
    default:
      return std::nullopt;
  }
}

bool Comparable(const Type& a, const Type& b) {
  if (!a.IsKnown() || !b.IsKnown()) return true;
  if (a.Is(TypeKind::kVariant) || b.Is(TypeKind::kVariant)) return true;
  if (a.IsNumeric() && b.IsNumeric()) return true;
  if (a.IsTemporal() && b.IsTemporal()) return true;
  if (a.kind() != b.kind()) return false;
  if (!a.parameterized() || !b.parameterized()) return true;
  switch (a.kind()) {
    case TypeKind::kArray:
      return Comparable(a.element(), b.element());
    case TypeKind::kMap:
      return Comparable(a.key(), b.key()) && Comparable(a.value(), b.value());
    case TypeKind::kStruct: {
      auto fa = a.fields();
      auto fb = b.fields();
      if (fa.size() != fb.size()) return false;
      for (size_t i = 0; i < fa.size(); ++i)
        if (!Comparable(fa[i].type, fb[i].type)) return false;
      return true;
    }
    default:
      return true;
  }
}

bool NeedsImplicitCoercion(const Type& a, const Type& b) {
  if (!a.IsKnown() || !b.IsKnown()) return false;
  if (a.Is(TypeKind::kVariant) || b.Is(TypeKind::kVariant)) return false;
  if (!Comparable(a, b)) return false;
  if (a.IsNumeric() && b.IsNumeric()) return a.IsFloat() != b.IsFloat();
  if (a.IsTemporal() && b.IsTemporal()) return a.kind() != b.kind();
  if (!a.parameterized() || !b.parameterized()) return false;
  switch (a.kind()) {
    case TypeKind::kArray:
      return NeedsImplicitCoercion(a.element(), b.element());
    case TypeKind::kMap:
      return NeedsImplicitCoercion(a.key(), b.key()) || NeedsImplicitCoercion(a.value(), b.value());
    case TypeKind::kStruct: {
      auto fa = a.fields();
      auto fb = b.fields();
      for (size_t i = 0; i < fa.size() && i < fb.size(); ++i)
        if (NeedsImplicitCoercion(fa[i].type, fb[i].type)) return true;
      return false;
    }
    default:
      return false;
  }
}

}  // namespace rocky::compiler
