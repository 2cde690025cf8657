// Warehouse and SQL type names → Type. Both inputs (a describe string, a sql::DataType node) are
// first read into a TypeSpec (upper-case name words, numeric parameters, element types, struct
// fields, `[]` suffixes); one resolver then maps the spec through name tables: a common table plus
// a small override table per dialect. No code branches on the dialect.

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "base/strings.h"
#include "compiler/types.h"

#include <fmt/format.h>
#include "sql/dialect.h"
#include "sql/parser.h"

namespace rocky::compiler {

namespace {

struct TypeSpec {
  std::string name;  // upper-case words joined by one space: "TIMESTAMP WITH TIME ZONE"
  std::vector<int> params;
  std::vector<TypeSpec> elements;                        // ARRAY<T>, MAP(K, V), LIST(T)
  std::vector<std::pair<std::string, TypeSpec>> fields;  // STRUCT<a: T>, STRUCT(a T)
  int array_depth = 0;                                   // T[], T[][]
};

// How a name maps: a fixed type, or a rule reading the spec's parameters.
enum class Rule : uint8_t { kFixed, kDecimal, kNumber, kArray, kMap, kStruct, kObject };

struct NameRule {
  Rule rule = Rule::kFixed;
  Type type;  // kFixed
};

struct DialectTypes {
  int decimal_precision = 0;  // DECIMAL without parameters; 0: unparameterized Decimal
  int decimal_scale = 0;
  std::vector<std::pair<std::string_view, Type>> overrides;
};

using NameTable = std::unordered_map<std::string_view, NameRule>;

const NameTable& CommonNames() {
  static const NameTable table = [] {
    NameTable t;
    auto fixed = [&](std::initializer_list<std::string_view> names, Type type) {
      for (auto n : names) t[n] = {Rule::kFixed, type};
    };
    auto rule = [&](std::initializer_list<std::string_view> names, Rule r) {
      for (auto n : names) t[n] = {r, Type()};
    };
    fixed({"BOOLEAN", "BOOL", "LOGICAL"}, Type::Boolean());
    fixed({"TINYINT", "INT1", "BYTEINT", "BYTE", "SMALLINT", "INT2", "SHORT", "INTEGER", "INT",
           "INT4", "INT32", "SIGNED", "MEDIUMINT", "UTINYINT", "USMALLINT"},
          Type::Int32());
    fixed({"BIGINT", "INT8", "INT64", "LONG", "UINTEGER"}, Type::Int64());
    fixed({"HUGEINT", "INT128", "UHUGEINT"}, Type::Decimal(38, 0));
    fixed({"UBIGINT"}, Type::Decimal(20, 0));
    fixed({"REAL", "FLOAT4", "FLOAT32"}, Type::Float32());
    fixed({"FLOAT", "FLOAT8", "FLOAT64", "DOUBLE", "DOUBLE PRECISION"}, Type::Float64());
    rule({"DECIMAL", "NUMERIC", "DEC"}, Rule::kDecimal);
    rule({"NUMBER"}, Rule::kNumber);
    fixed({"VARCHAR", "CHAR", "CHARACTER", "CHARACTER VARYING", "CHAR VARYING", "NCHAR",
           "NCHAR VARYING", "NVARCHAR", "NVARCHAR2", "VARCHAR2", "STRING", "TEXT", "BPCHAR",
           "ENUM"},
          Type::String());
    fixed({"BINARY", "VARBINARY", "BLOB", "BYTEA", "BYTES"}, Type::Binary());
    fixed({"DATE"}, Type::Date());
    fixed({"TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH LOCAL TIME ZONE",
           "TIMESTAMP_LTZ", "TIMESTAMP_TZ", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_US",
           "TIMESTAMP_NS"},
          Type::Timestamp());
    fixed({"TIMESTAMP_NTZ", "TIMESTAMP WITHOUT TIME ZONE", "DATETIME"}, Type::TimestampNtz());
    rule({"ARRAY", "LIST"}, Rule::kArray);
    rule({"MAP"}, Rule::kMap);
    rule({"STRUCT", "ROW"}, Rule::kStruct);
    rule({"OBJECT"}, Rule::kObject);
    fixed({"VARIANT", "JSON"}, Type::Variant());
    fixed({"VOID", "NULL"}, Type::Null());
    return t;
  }();
  return table;
}

const DialectTypes& TypesOf(std::string_view dialect_name) {
  static const DialectTypes generic{};
  static const DialectTypes duckdb{18, 3, {{"FLOAT", Type::Float32()}}};
  static const DialectTypes databricks{10, 0, {{"FLOAT", Type::Float32()}}};
  static const DialectTypes snowflake{38,
                                      0,
                                      {{"REAL", Type::Float64()},
                                       {"FLOAT4", Type::Float64()},
                                       {"TINYINT", Type::Int64()},
                                       {"BYTEINT", Type::Int64()},
                                       {"SMALLINT", Type::Int64()},
                                       {"INTEGER", Type::Int64()},
                                       {"INT", Type::Int64()},
                                       {"BIGINT", Type::Int64()}}};
  const sql::Dialect* d = sql::FindDialect(dialect_name);
  switch (d ? d->id : sql::DialectId::kGeneric) {
    case sql::DialectId::kDuckDb:
      return duckdb;
    case sql::DialectId::kDatabricks:
      return databricks;
    case sql::DialectId::kSnowflake:
      return snowflake;
    default:
      return generic;
  }
}

Type Resolve(const TypeSpec& spec, const DialectTypes& dialect);

Type ResolveBase(const TypeSpec& spec, const DialectTypes& dialect) {
  for (const auto& [name, type] : dialect.overrides)
    if (name == spec.name) return type;
  const auto& table = CommonNames();
  auto it = table.find(spec.name);
  if (it == table.end()) return Type::Unknown();
  const auto& p = spec.params;
  switch (it->second.rule) {
    case Rule::kFixed:
      return it->second.type;
    case Rule::kDecimal:
      if (!p.empty()) return Type::Decimal(p[0], p.size() > 1 ? p[1] : 0);
      if (dialect.decimal_precision == 0) return Type::Decimal();
      return Type::Decimal(dialect.decimal_precision, dialect.decimal_scale);
    case Rule::kNumber: {
      int precision = p.empty() ? dialect.decimal_precision : p[0];
      int scale = p.size() > 1 ? p[1] : (p.empty() ? dialect.decimal_scale : 0);
      if (precision == 0) return Type::Decimal();
      if (scale == 0 && precision <= 18) return Type::Int64();
      return Type::Decimal(precision, scale);
    }
    case Rule::kArray:
      if (spec.elements.size() == 1) return Type::Array(Resolve(spec.elements[0], dialect));
      return Type::Array();
    case Rule::kMap:
      if (spec.elements.size() == 2)
        return Type::Map(Resolve(spec.elements[0], dialect), Resolve(spec.elements[1], dialect));
      return Type::Map();
    case Rule::kStruct:
    case Rule::kObject: {
      if (spec.fields.empty())
        return it->second.rule == Rule::kObject ? Type::Variant() : Type::Struct();
      std::vector<StructField> fields;
      for (const auto& [name, field] : spec.fields)
        fields.push_back({name, Resolve(field, dialect)});
      return Type::Struct(std::move(fields));
    }
  }
  return Type::Unknown();
}

Type Resolve(const TypeSpec& spec, const DialectTypes& dialect) {
  Type t = ResolveBase(spec, dialect);
  for (int i = 0; i < spec.array_depth; ++i) t = Type::Array(std::move(t));
  return t;
}

bool IsRecordName(std::string_view name) {
  return name == "STRUCT" || name == "ROW" || name == "OBJECT";
}

bool IsContainerName(std::string_view name) {
  return name == "ARRAY" || name == "LIST" || name == "MAP";
}

// Appends an upper-cased word to a spec name; a trailing `NOT NULL` / `NULL` of a describe string
// is dropped by the caller.
void AppendWord(std::string& name, std::string_view word) {
  if (!name.empty()) name += ' ';
  name += ToUpper(word);
}

void DropNullability(std::string& name) {
  for (std::string_view tail : {" NOT NULL", " NULL"}) {
    if (EndsWith(name, tail)) {
      name.resize(name.size() - tail.size());
      return;
    }
  }
}

// ---- Describe strings ----

enum class Tok : uint8_t { kWord, kQuoted, kPunct, kEnd };

class WarehouseTypeParser {
 public:
  explicit WarehouseTypeParser(std::string_view text) : text_(text) { Next(); }

  std::optional<TypeSpec> ParseAll() {
    auto spec = ParseType();
    if (!spec || tok_ != Tok::kEnd) return std::nullopt;
    return spec;
  }

 private:
  void Next() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
    if (pos_ >= text_.size()) {
      tok_ = Tok::kEnd;
      word_ = {};
      return;
    }
    char c = text_[pos_];
    if (c == '"' || c == '`' || c == '\'') {
      // Quoted name or string (ENUM values); doubled quotes escape themselves.
      std::string value;
      size_t i = pos_ + 1;
      while (i < text_.size()) {
        if (text_[i] == c) {
          if (i + 1 < text_.size() && text_[i + 1] == c) {
            value += c;
            i += 2;
            continue;
          }
          break;
        }
        value += text_[i++];
      }
      pos_ = std::min(i + 1, text_.size());
      tok_ = Tok::kQuoted;
      quoted_ = std::move(value);
      word_ = quoted_;
      return;
    }
    auto is_word = [](char ch) {
      return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
             ch == '_' || ch == '$';
    };
    if (is_word(c)) {
      size_t start = pos_;
      while (pos_ < text_.size() && is_word(text_[pos_])) ++pos_;
      tok_ = Tok::kWord;
      word_ = text_.substr(start, pos_ - start);
      return;
    }
    tok_ = Tok::kPunct;
    word_ = text_.substr(pos_++, 1);
  }

  bool AtPunct(char c) const { return tok_ == Tok::kPunct && word_[0] == c; }
  bool Eat(char c) {
    if (!AtPunct(c)) return false;
    Next();
    return true;
  }

  std::optional<std::pair<std::string, TypeSpec>> ParseField() {
    if (tok_ != Tok::kWord && tok_ != Tok::kQuoted) return std::nullopt;
    std::string name(word_);
    Next();
    Eat(':');
    auto type = ParseType();
    if (!type) return std::nullopt;
    return std::pair{std::move(name), std::move(*type)};
  }

  // The inside of `(…)` / `<…>` after `name`, up to and including `close`.
  bool ParseArgs(TypeSpec& spec, char close) {
    if (IsRecordName(spec.name)) {
      do {
        auto field = ParseField();
        if (!field) return false;
        spec.fields.push_back(std::move(*field));
      } while (Eat(','));
    } else if (IsContainerName(spec.name) || close == '>') {
      do {
        auto element = ParseType();
        if (!element) return false;
        spec.elements.push_back(std::move(*element));
      } while (Eat(','));
    } else {
      // Numeric parameters; anything else (ENUM values, VARCHAR(MAX)) is skipped.
      int depth = 0;
      while (tok_ != Tok::kEnd && !(depth == 0 && AtPunct(close))) {
        if (AtPunct('(')) ++depth;
        if (AtPunct(')')) --depth;
        int value = 0;
        if (tok_ == Tok::kWord &&
            std::from_chars(word_.data(), word_.data() + word_.size(), value).ptr ==
                word_.data() + word_.size())
          spec.params.push_back(value);
        Next();
      }
    }
    return Eat(close);
  }

  std::optional<TypeSpec> ParseType() {
    if (++depth_ > 64) return std::nullopt;
    TypeSpec spec;
    auto words = [&] {
      while (tok_ == Tok::kWord) {
        AppendWord(spec.name, word_);
        Next();
      }
    };
    words();
    if (spec.name.empty()) return std::nullopt;
    if (Eat('(')) {
      if (!ParseArgs(spec, ')')) return std::nullopt;
    } else if (Eat('<')) {
      if (!ParseArgs(spec, '>')) return std::nullopt;
    }
    words();  // TIMESTAMP(6) WITH TIME ZONE
    DropNullability(spec.name);
    while (Eat('[')) {
      if (tok_ == Tok::kWord) Next();
      if (!Eat(']')) return std::nullopt;
      ++spec.array_depth;
    }
    --depth_;
    return spec;
  }

  std::string_view text_;
  size_t pos_ = 0;
  Tok tok_ = Tok::kEnd;
  std::string_view word_;
  std::string quoted_;
  int depth_ = 0;
};

// ---- SQL tree types ----

TypeSpec SpecOf(const sql::Script& script, const sql::DataType& type) {
  TypeSpec spec;
  if (type.syntax == sql::TypeSyntax::kArraySuffix && type.elements.size == 1) {
    spec = SpecOf(script, *type.elements[0]);
    ++spec.array_depth;
    return spec;
  }
  for (const auto& w : type.words) AppendWord(spec.name, script.Spelling(w));
  for (const auto& w : type.suffix) AppendWord(spec.name, script.Spelling(w));
  for (const sql::Expr* e : type.params) {
    int value = 0;
    if (e && e->kind == sql::ExprKind::kLiteral) {
      auto text = static_cast<const sql::Literal*>(e)->text;
      if (std::from_chars(text.data(), text.data() + text.size(), value).ptr ==
          text.data() + text.size())
        spec.params.push_back(value);
    }
  }
  for (const sql::DataType* e : type.elements)
    if (e) spec.elements.push_back(SpecOf(script, *e));
  for (const sql::StructFieldType* f : type.fields)
    if (f && f->type)
      spec.fields.emplace_back(std::string(script.Spelling(f->name)), SpecOf(script, *f->type));
  return spec;
}

}  // namespace

Type FromWarehouseType(std::string_view text, std::string_view dialect_name) {
  auto spec = WarehouseTypeParser(text).ParseAll();
  if (!spec) return Type::Unknown();
  return Resolve(*spec, TypesOf(dialect_name));
}

Type FromSqlDataType(const sql::Script& script, const sql::DataType& type) {
  return Resolve(SpecOf(script, type), TypesOf(script.dialect().name));
}

}  // namespace rocky::compiler

namespace rocky::compiler {

std::string ToWarehouseType(const Type& type, std::string_view dialect_name) {
  const bool databricks = dialect_name == "databricks";
  const bool snowflake = dialect_name == "snowflake";
  switch (type.kind()) {
    case TypeKind::kBoolean: return "BOOLEAN";
    case TypeKind::kInt32: return "INT";
    case TypeKind::kInt64: return "BIGINT";
    case TypeKind::kFloat32: return "FLOAT";
    case TypeKind::kFloat64: return snowflake ? "FLOAT" : "DOUBLE";
    case TypeKind::kDecimal:
      if (type.precision() == 0) return snowflake ? "NUMBER" : "DECIMAL";
      return fmt::format("{}({},{})", snowflake ? "NUMBER" : "DECIMAL", type.precision(),
                         type.scale());
    case TypeKind::kString: return databricks ? "STRING" : "VARCHAR";
    case TypeKind::kBinary: return databricks ? "BINARY" : snowflake ? "BINARY" : "BLOB";
    case TypeKind::kDate: return "DATE";
    case TypeKind::kTimestamp:
      return snowflake ? "TIMESTAMP_TZ" : "TIMESTAMP";
    case TypeKind::kTimestampNtz:
      return databricks || snowflake ? "TIMESTAMP_NTZ" : "TIMESTAMP";  // DuckDB has one name
    case TypeKind::kArray:
      if (snowflake) return "ARRAY";
      if (!type.parameterized()) return databricks ? "ARRAY<STRING>" : "VARCHAR[]";
      return databricks ? "ARRAY<" + ToWarehouseType(type.element(), dialect_name) + ">"
                        : ToWarehouseType(type.element(), dialect_name) + "[]";
    case TypeKind::kMap:
      if (snowflake) return "OBJECT";
      if (!type.parameterized()) return databricks ? "MAP<STRING,STRING>" : "MAP(VARCHAR, VARCHAR)";
      return databricks ? fmt::format("MAP<{},{}>", ToWarehouseType(type.key(), dialect_name),
                                      ToWarehouseType(type.value(), dialect_name))
                        : fmt::format("MAP({}, {})", ToWarehouseType(type.key(), dialect_name),
                                      ToWarehouseType(type.value(), dialect_name));
    case TypeKind::kStruct: {
      if (snowflake) return "OBJECT";
      std::string out = databricks ? "STRUCT<" : "STRUCT(";
      bool first = true;
      for (const StructField& f : type.fields()) {
        if (!first) out += ", ";
        first = false;
        out += f.name + (databricks ? ": " : " ") + ToWarehouseType(f.type, dialect_name);
      }
      return out + (databricks ? ">" : ")");
    }
    case TypeKind::kVariant: return databricks ? "VARIANT" : snowflake ? "VARIANT" : "JSON";
    case TypeKind::kNull:
    case TypeKind::kUnknown: break;
  }
  return type.ToString();
}

}  // namespace rocky::compiler
