#pragma once
// The compiler's column types (models.md §3 names, §8 inference rules).
//
// Representation. A Type is a kind plus, for Decimal, an optional (precision, scale) packed into
// two bytes, plus, for Array / Map / Struct, an optional pointer to an immutable `Nested` block
// (element types, struct field names) shared between copies. Scalar types never allocate; copying a
// nested type bumps one reference count. The block is a `shared_ptr<const …>` because the element
// types of one inferred column are shared by every expression and column that copies it, with no
// single owner; being immutable, sharing is thread-safe (the DAG is type-checked in parallel).
// Nullability is not part of a Type: a column is a ColumnType {type, nullable}; element types of
// arrays and maps carry no nullability.
//
// An unparameterized `Decimal`, `Array`, `Map` or `Struct` means "some decimal / array / …, the
// parameters are not known": as a contract type it matches any of its kind, and as an inferred type
// it matches any declared parameters too (we cannot prove a mismatch). `Unknown` is the type of
// anything we cannot infer. `Null` (not a contract name) is the type of a bare NULL literal and of
// Databricks VOID: it joins any type in CommonSupertype and matches any contract type.

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rocky::sql {
class Script;
struct DataType;
enum class BinaryOp : uint8_t;
}  // namespace rocky::sql

namespace rocky::project {
struct ContractType;
}

namespace rocky::compiler {

enum class TypeKind : uint8_t {
  kBoolean,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kDecimal,
  kString,
  kBinary,
  kDate,
  kTimestamp,
  kTimestampNtz,
  kArray,
  kMap,
  kStruct,
  kVariant,
  kNull,
  kUnknown,
};

/// "Int64", "TimestampNtz", "Unknown", …
std::string_view TypeKindName(TypeKind kind);

inline constexpr int kMaxDecimalPrecision = 38;

struct StructField;

class Type {
 public:
  /// Unknown.
  Type() = default;
  /// An unparameterized type of `kind` (for Decimal / Array / Map / Struct: "any of its kind").
  explicit Type(TypeKind kind) : kind_(kind) {}

  static Type Boolean() { return Type(TypeKind::kBoolean); }
  static Type Int32() { return Type(TypeKind::kInt32); }
  static Type Int64() { return Type(TypeKind::kInt64); }
  static Type Float32() { return Type(TypeKind::kFloat32); }
  static Type Float64() { return Type(TypeKind::kFloat64); }
  static Type Decimal() { return Type(TypeKind::kDecimal); }
  /// Precision is clamped to 1..38 and scale to 0..precision.
  static Type Decimal(int precision, int scale);
  static Type String() { return Type(TypeKind::kString); }
  static Type Binary() { return Type(TypeKind::kBinary); }
  static Type Date() { return Type(TypeKind::kDate); }
  static Type Timestamp() { return Type(TypeKind::kTimestamp); }
  static Type TimestampNtz() { return Type(TypeKind::kTimestampNtz); }
  static Type Array() { return Type(TypeKind::kArray); }
  static Type Array(Type element);
  static Type Map() { return Type(TypeKind::kMap); }
  static Type Map(Type key, Type value);
  static Type Struct() { return Type(TypeKind::kStruct); }
  static Type Struct(std::vector<StructField> fields);
  static Type Variant() { return Type(TypeKind::kVariant); }
  static Type Null() { return Type(TypeKind::kNull); }
  static Type Unknown() { return Type(); }

  TypeKind kind() const { return kind_; }
  bool Is(TypeKind k) const { return kind_ == k; }
  /// Decimal(p,s), Array<T>, Map<K,V> or Struct with fields (as opposed to the bare kind).
  bool parameterized() const { return precision_ != 0 || nested_ != nullptr; }

  /// Decimal(p,s) only; 0 when unparameterized.
  int precision() const { return precision_; }
  int scale() const { return scale_; }
  /// Array<T>: T; Map<K,V>: K and V. Unknown when unparameterized or of another kind.
  const Type& element() const;
  const Type& key() const;
  const Type& value() const;
  /// Struct fields in order; empty when unparameterized or not a struct.
  std::span<const StructField> fields() const;

  bool IsInteger() const { return kind_ == TypeKind::kInt32 || kind_ == TypeKind::kInt64; }
  bool IsFloat() const { return kind_ == TypeKind::kFloat32 || kind_ == TypeKind::kFloat64; }
  bool IsNumeric() const { return IsInteger() || IsFloat() || kind_ == TypeKind::kDecimal; }
  /// Timestamp or TimestampNtz.
  bool IsTimestamp() const {
    return kind_ == TypeKind::kTimestamp || kind_ == TypeKind::kTimestampNtz;
  }
  /// Date, Timestamp or TimestampNtz.
  bool IsTemporal() const { return kind_ == TypeKind::kDate || IsTimestamp(); }
  /// Neither Unknown nor Null.
  bool IsKnown() const { return kind_ != TypeKind::kUnknown && kind_ != TypeKind::kNull; }

  /// The contract spelling: `Int64`, `Decimal(10,2)`, `Array<String>`, `Map<String,Int64>`,
  /// `Struct<id:Int64,name:String>`, `Unknown`, `Null`.
  std::string ToString() const;

  /// Structural equality (struct field names compare exactly).
  bool operator==(const Type& other) const;

 private:
  struct Nested;
  TypeKind kind_ = TypeKind::kUnknown;
  uint8_t precision_ = 0;  // Decimal: 0 = unparameterized
  uint8_t scale_ = 0;
  std::shared_ptr<const Nested> nested_;  // see the file comment
};

struct StructField {
  std::string name;
  Type type;
  bool operator==(const StructField&) const = default;
};

/// An output column's type and nullability. Nullability derived only from columns of unknown
/// type (a source nobody described) is assumed, not known: such a column counts as nullable
/// where that is the safe side (no NOT NULL in its type), but "may be NULL" is reported
/// (E012, E022) only when it is provably nullable.
struct ColumnType {
  Type type;
  bool nullable = true;
  bool nullability_known = true;

  /// Nullable, and provably so: a described nullable column, an outer join's inner side, a CASE
  /// without ELSE, a NULL literal, or an expression over one of those.
  bool ProvablyNullable() const { return nullable && nullability_known; }

  /// `Int64` or `Int64 NOT NULL`.
  std::string ToString() const;
  bool operator==(const ColumnType&) const = default;
};

// ---- Parsing and mapping ----

struct TypeParseError {
  std::string message;
  std::optional<std::string> suggestion;  // a close type name, for did-you-mean fixes
};

/// Parses a contract type name (§3): `Boolean, Int32, Int64, Float32, Float64, Decimal |
/// Decimal(p,s), String, Binary, Date, Timestamp, TimestampNtz, Array | Array<T>, Map | Map<K,V>,
/// Struct, Variant`, case-insensitively, spaces allowed around punctuation: core's contract
/// parser (core/contract.h) then FromContractType. `Unknown` and `Null` are not contract names.
/// Errors read `unknown type 'Integr'; expected one of Boolean, Int32, … (did you mean 'Int32'?)`.
std::expected<Type, TypeParseError> ParseContractType(std::string_view text);

/// The type of a contract parsed by core (core/contract.h).
Type FromContractType(const project::ContractType& contract);

/// Maps a warehouse type string as a warehouse describes it (`BIGINT`, `DECIMAL(10, 2)`,
/// `NUMBER(38,0)`, `VARCHAR(255)`, `TIMESTAMP WITH TIME ZONE`, `INTEGER[]`, `MAP(VARCHAR, INT)`,
/// `STRUCT<a: INT>`, …) under `dialect_name` ("generic"/"ansi", "duckdb", "databricks"/"spark",
/// "snowflake"; anything else reads as generic). Anything unrecognised gives Unknown. Mapping
/// decisions (see types.cc for the tables):
/// - `TIMESTAMP` alone is Timestamp in every dialect; only the explicit no-zone spellings
///   (`TIMESTAMP_NTZ`, `TIMESTAMP WITHOUT TIME ZONE`, `DATETIME`) give TimestampNtz; the zoned
///   spellings (`TIMESTAMPTZ`, `TIMESTAMP_LTZ`, `TIMESTAMP_TZ`, `… WITH TIME ZONE`) give Timestamp.
/// - `NUMBER(p,0)` with p ≤ 18 is Int64, larger p is Decimal(p,0) (Snowflake describes every
///   integer column as NUMBER(38,0): that reads as Decimal(38,0), faithfully, as it may hold more
///   than 64 bits). The integer names themselves (`INT`, `BIGINT`, …) are Int64 on Snowflake.
/// - `DECIMAL` / `NUMERIC` / `NUMBER` without parameters take the dialect's default: DuckDB
///   (18,3), Databricks (10,0), Snowflake (38,0), generic unparameterized.
/// - small integers (TINYINT, SMALLINT) widen to Int32; HUGEINT and UBIGINT are decimals.
/// - FLOAT is Float32 on DuckDB and Databricks, Float64 on Snowflake (all its floats are
///   doubles) and in ANSI; REAL is Float32 except on Snowflake.
/// - VARIANT, OBJECT (without fields) and JSON are Variant; ENUM is String.
Type FromWarehouseType(std::string_view text, std::string_view dialect_name);

/// How `type` is spelled in a CAST for `dialect_name` (duckdb, databricks, snowflake; others as
/// DuckDB): `BIGINT`, `DECIMAL(10,2)` (`NUMBER(10,2)` on Snowflake), `VARCHAR` / `STRING`…
/// Unknown and Null have no spelling and give their contract names.
std::string ToWarehouseType(const Type& type, std::string_view dialect_name);

/// Maps a type written in SQL (`CAST(x AS DECIMAL(10,2))`) under the script's dialect; same
/// rules as FromWarehouseType.
Type FromSqlDataType(const sql::Script& script, const sql::DataType& type);

// ---- Contract matching (§3) ----

/// Whether an inferred type satisfies a declared contract type. Inferred Unknown or Null matches
/// anything; an unparameterized declared (or inferred) Decimal / Array / Map / Struct matches any
/// of its kind; otherwise kinds must be equal, Decimal parameters equal, and element / field types
/// match recursively (struct field names case-insensitively).
bool Matches(const Type& inferred, const Type& declared);

// ---- Inference (§8) ----

enum class ArithmeticOp : uint8_t { kAdd, kSub, kMul, kDiv, kIntDiv, kMod };

/// The arithmetic operator of a SQL binary operator (`+ - * / // DIV %`); nullopt otherwise.
std::optional<ArithmeticOp> ToArithmeticOp(sql::BinaryOp op);

/// The result type of `a op b`:
/// - integer with integer widens to the wider side; `/` on two integers gives Float64 (`//` and
///   `DIV` keep integers);
/// - int with float, and any float with a decimal, gives Float64; Float32 with Float32 stays;
/// - decimal with decimal gives Decimal(max p + 1, max s), capped at 38, for every operator (§8);
///   an unparameterized side gives an unparameterized Decimal;
/// - decimal with integer (decision): the integer counts as Decimal(10,0) (Int32) or
///   Decimal(19,0) (Int64), then the decimal rule applies: Decimal(10,2) + Int32 → Decimal(11,2);
/// - Date ± integer gives Date; Date - Date gives Int64 (days);
/// - anything involving Unknown, Null, Variant, or non-numeric operands gives Unknown.
Type ArithmeticResult(ArithmeticOp op, const Type& a, const Type& b);
/// Same, nullable when either side is.
ColumnType ArithmeticResult(ArithmeticOp op, const ColumnType& a, const ColumnType& b);

/// A `type` that is NULL when `a` or `b` is: provably nullable when one of them is, known NOT NULL
/// when both are known NOT NULL, of unknown nullability otherwise.
ColumnType NullWhenEither(Type type, const ColumnType& a, const ColumnType& b);

/// Comparisons and boolean operators give Boolean, nullable when either side is.
ColumnType ComparisonResult(const ColumnType& a, const ColumnType& b);

/// The type both sides convert to in COALESCE / CASE / UNION / GREATEST; nullopt when they have
/// none (String with Int64, Boolean with Date, …). Null gives way to the other side; Unknown with
/// anything gives Unknown; Variant absorbs anything. Numbers: integers widen; int or decimal with
/// float → Float64; Float32 with Float64 → Float64; decimals → Decimal(max integer digits + max s,
/// max s) (capped at 38), integers counting as Decimal(10,0) / Decimal(19,0). Date with Timestamp
/// → Timestamp (TimestampNtz with TimestampNtz), Timestamp with TimestampNtz → Timestamp. Arrays,
/// maps and structs (same field names) join element-wise. Nullability is the caller's rule.
std::optional<Type> CommonSupertype(const Type& a, const Type& b);

/// E001: whether values of the two types can be compared (join keys, `=`). Unknown, Null and
/// Variant compare with anything; numbers with numbers; Date / Timestamp / TimestampNtz with each
/// other; String, Binary and Boolean only with themselves; arrays / maps / structs element-wise.
/// String vs Int64 is not comparable (string *literals* are the binder's business).
bool Comparable(const Type& a, const Type& b);

/// W001: the types are Comparable, both known, and comparing them converts one side in a way
/// worth a warning: integer or decimal with float, Date with a timestamp, Timestamp with
/// TimestampNtz (recursively for nested types). Integer widening, integer with decimal and
/// decimals of different parameters are not coercions worth a warning.
bool NeedsImplicitCoercion(const Type& a, const Type& b);

}  // namespace rocky::compiler
