#include "compiler/types.h"

#include <gtest/gtest.h>

#include "project/contract.h"
#include "sql/parser.h"

namespace rocky::compiler {
namespace {

Type T(std::string_view contract);

// `Struct<a:T,b:U>` (not a contract name, but what ToString prints for warehouse structs),
// with top-level fields split at depth 0.
std::optional<Type> StructWithFields(std::string_view text) {
  if (!text.starts_with("Struct<") || !text.ends_with(">")) return std::nullopt;
  std::string_view body = text.substr(7, text.size() - 8);
  std::vector<StructField> fields;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= body.size(); ++i) {
    if (i < body.size() && (body[i] == '<' || body[i] == '(')) ++depth;
    if (i < body.size() && (body[i] == '>' || body[i] == ')')) --depth;
    if (i == body.size() || (body[i] == ',' && depth == 0)) {
      std::string_view field = body.substr(start, i - start);
      size_t colon = field.find(':');
      fields.push_back({std::string(field.substr(0, colon)), T(field.substr(colon + 1))});
      start = i + 1;
    }
  }
  return Type::Struct(std::move(fields));
}

Type T(std::string_view contract) {
  if (auto s = StructWithFields(contract)) return *s;
  auto t = ParseContractType(contract);
  EXPECT_TRUE(t.has_value()) << contract << ": " << (t ? "" : t.error().message);
  return t ? *t : Type::Unknown();
}

// ---- Values ----

TEST(TypeTest, DefaultIsUnknownAndScalarsShareNothing) {
  Type t;
  EXPECT_EQ(t.kind(), TypeKind::kUnknown);
  EXPECT_FALSE(t.IsKnown());
  EXPECT_FALSE(Type::Null().IsKnown());
  EXPECT_FALSE(Type::Int64().parameterized());
  EXPECT_TRUE(Type::Decimal(10, 2).parameterized());
  EXPECT_FALSE(Type::Decimal().parameterized());
  EXPECT_EQ(Type::Decimal(10, 2).precision(), 10);
  EXPECT_EQ(Type::Decimal(10, 2).scale(), 2);
}

TEST(TypeTest, DecimalParametersAreClamped) {
  EXPECT_EQ(Type::Decimal(40, 2), Type::Decimal(38, 2));
  EXPECT_EQ(Type::Decimal(5, 9), Type::Decimal(5, 5));
  EXPECT_EQ(Type::Decimal(0, 0), Type::Decimal(1, 0));
}

TEST(TypeTest, NestedAccessorsAndCopies) {
  Type m = Type::Map(Type::String(), Type::Array(Type::Int64()));
  Type copy = m;  // shares the nested block
  EXPECT_EQ(copy, m);
  EXPECT_EQ(copy.key(), Type::String());
  EXPECT_EQ(copy.value().element(), Type::Int64());
  EXPECT_EQ(Type::Int64().element(), Type::Unknown());
  EXPECT_TRUE(Type::Array().element() == Type::Unknown());
  Type s = Type::Struct({{"id", Type::Int64()}, {"name", Type::String()}});
  ASSERT_EQ(s.fields().size(), 2u);
  EXPECT_EQ(s.fields()[1].name, "name");
  EXPECT_NE(s, Type::Struct({{"id", Type::Int64()}}));
  EXPECT_NE(Type::Array(Type::Int64()), Type::Array(Type::Int32()));
  EXPECT_NE(Type::Array(Type::Int64()), Type::Array());
  EXPECT_EQ(Type::Struct({}), Type::Struct());
}

TEST(TypeTest, ToStringSpellings) {
  struct Case {
    Type type;
    const char* text;
  };
  const Case cases[] = {
      {Type::Boolean(), "Boolean"},
      {Type::Int32(), "Int32"},
      {Type::Int64(), "Int64"},
      {Type::Float32(), "Float32"},
      {Type::Float64(), "Float64"},
      {Type::Decimal(), "Decimal"},
      {Type::Decimal(10, 2), "Decimal(10,2)"},
      {Type::String(), "String"},
      {Type::Binary(), "Binary"},
      {Type::Date(), "Date"},
      {Type::Timestamp(), "Timestamp"},
      {Type::TimestampNtz(), "TimestampNtz"},
      {Type::Array(), "Array"},
      {Type::Array(Type::String()), "Array<String>"},
      {Type::Map(), "Map"},
      {Type::Map(Type::String(), Type::Int64()), "Map<String,Int64>"},
      {Type::Map(Type::String(), Type::Array(Type::Decimal(38, 0))),
       "Map<String,Array<Decimal(38,0)>>"},
      {Type::Struct(), "Struct"},
      {Type::Struct({{"id", Type::Int64()}, {"tags", Type::Array(Type::String())}}),
       "Struct<id:Int64,tags:Array<String>>"},
      {Type::Variant(), "Variant"},
      {Type::Null(), "Null"},
      {Type::Unknown(), "Unknown"},
  };
  for (const auto& c : cases) EXPECT_EQ(c.type.ToString(), c.text);
  EXPECT_EQ((ColumnType{Type::Int64(), false}).ToString(), "Int64 NOT NULL");
  EXPECT_EQ((ColumnType{Type::Int64(), true}).ToString(), "Int64");
}

// ---- Contract names ----

TEST(ContractTypeTest, EveryNameRoundTrips) {
  const char* names[] = {"Boolean",
                         "Int32",
                         "Int64",
                         "Float32",
                         "Float64",
                         "Decimal",
                         "Decimal(10,2)",
                         "Decimal(38,0)",
                         "String",
                         "Binary",
                         "Date",
                         "Timestamp",
                         "TimestampNtz",
                         "Array",
                         "Array<String>",
                         "Array<Array<Int64>>",
                         "Map",
                         "Map<String,Int64>",
                         "Map<String,Array<Decimal(12,4)>>",
                         "Struct",
                         "Variant"};
  for (const char* name : names) {
    auto t = ParseContractType(name);
    ASSERT_TRUE(t.has_value()) << name << ": " << t.error().message;
    EXPECT_EQ(t->ToString(), name);
    EXPECT_EQ(*ParseContractType(t->ToString()), *t);
  }
}

TEST(ContractTypeTest, CaseAndSpacesAreForgiven) {
  EXPECT_EQ(T("int64"), Type::Int64());
  EXPECT_EQ(T("TIMESTAMPNTZ"), Type::TimestampNtz());
  EXPECT_EQ(T(" decimal ( 10 , 2 ) "), Type::Decimal(10, 2));
  EXPECT_EQ(T("map < string , array<int32> >"),
            Type::Map(Type::String(), Type::Array(Type::Int32())));
}

TEST(ContractTypeTest, Errors) {
  struct Case {
    const char* text;
    const char* message_part;
    const char* suggestion;  // nullptr: none
  };
  const Case cases[] = {
      {"Strng", "unknown type 'Strng'; expected one of Boolean, Int32", "String"},
      {"Integer", "unknown type 'Integer'", nullptr},
      {"Timestmp", "(did you mean 'Timestamp'?)", "Timestamp"},
      {"Unknown", "unknown type 'Unknown'", nullptr},
      {"Null", "unknown type 'Null'", nullptr},
      {"Blob", "unknown type 'Blob'", nullptr},
      {"", "empty type name", nullptr},
      {"Decimal(40,2)", "Decimal precision must be between 1 and 38 (got 40)", nullptr},
      {"Decimal(10,12)", "Decimal scale must be between 0 and the precision 10 (got 12)", nullptr},
      {"Decimal(10)", "Decimal needs a precision and a scale", nullptr},
      {"Array<Int64", "Array takes one element type", nullptr},
      {"Map<String>", "Map needs a key and a value type", nullptr},
      {"Int64 x", "unexpected 'x' after 'Int64 '", nullptr},
      {"Array<Strin>", "did you mean 'String'", "String"},
  };
  for (const auto& c : cases) {
    auto t = ParseContractType(c.text);
    ASSERT_FALSE(t.has_value()) << c.text;
    EXPECT_NE(t.error().message.find(c.message_part), std::string::npos)
        << c.text << ": " << t.error().message;
    if (c.suggestion) {
      EXPECT_EQ(t.error().suggestion, std::optional<std::string>(c.suggestion)) << c.text;
    } else {
      EXPECT_FALSE(t.error().suggestion.has_value()) << c.text;
    }
  }
}

TEST(ContractTypeTest, FromCoreContractType) {
  for (const char* name : {"Int64", "Decimal", "Decimal(10,2)", "Array", "Array<String>",
                           "Map<String,Array<Int64>>", "Struct", "Variant", "TimestampNtz"}) {
    auto core_type = project::ParseContractType(name);
    ASSERT_TRUE(core_type.has_value()) << name;
    EXPECT_EQ(FromContractType(*core_type), T(name)) << name;
  }
}

// ---- Matching (§3) ----

TEST(MatchesTest, Table) {
  struct Case {
    const char* inferred;  // contract spelling, or "Unknown" / "Null"
    const char* declared;
    bool matches;
  };
  const Case cases[] = {
      {"Int64", "Int64", true},
      {"Int32", "Int64", false},
      {"Int64", "Int32", false},
      {"String", "Int64", false},
      {"Float64", "Float32", false},
      {"Decimal(10,2)", "Decimal", true},
      {"Decimal(38,0)", "Decimal", true},
      {"Decimal(10,2)", "Decimal(10,2)", true},
      {"Decimal(10,2)", "Decimal(12,2)", false},
      {"Decimal(10,2)", "Decimal(10,3)", false},
      {"Decimal", "Decimal(10,2)", true},  // parameters unknown: cannot prove a mismatch
      {"Int64", "Decimal", false},
      {"Unknown", "Int64", true},
      {"Unknown", "Decimal(10,2)", true},
      {"Unknown", "Array<String>", true},
      {"Null", "String", true},
      {"Timestamp", "TimestampNtz", false},
      {"TimestampNtz", "Timestamp", false},
      {"Date", "Timestamp", false},
      {"Array<String>", "Array", true},
      {"Array<String>", "Array<String>", true},
      {"Array<Int64>", "Array<String>", false},
      {"Array<Unknown>", "Array<String>", true},
      {"Array", "Array<String>", true},
      {"Map<String,Int64>", "Map", true},
      {"Map<String,Int64>", "Map<String,Int64>", true},
      {"Map<String,Int64>", "Map<String,String>", false},
      {"Struct<id:Int64>", "Struct", true},
      {"Struct<id:Int64>", "Struct<ID:Int64>", true},
      {"Struct<id:Int64>", "Struct<id:String>", false},
      {"Struct<id:Int64>", "Struct<key:Int64>", false},
      {"Variant", "Variant", true},
      {"Variant", "String", false},
  };
  auto parse = [](std::string_view text) -> Type {
    if (text == "Unknown") return Type::Unknown();
    if (text == "Null") return Type::Null();
    if (text == "Array<Unknown>") return Type::Array(Type::Unknown());
    return T(text);
  };
  for (const auto& c : cases)
    EXPECT_EQ(Matches(parse(c.inferred), parse(c.declared)), c.matches)
        << c.inferred << " vs " << c.declared;
}

// ---- Warehouse type strings ----

struct WarehouseCase {
  const char* dialect;
  const char* text;
  const char* type;  // ToString of the expected type
};

TEST(FromWarehouseTypeTest, Table) {
  const WarehouseCase cases[] = {
      // Generic / ANSI.
      {"ansi", "INTEGER", "Int32"},
      {"ansi", "int", "Int32"},
      {"ansi", "SMALLINT", "Int32"},
      {"ansi", "BIGINT", "Int64"},
      {"ansi", "INT8", "Int64"},
      {"ansi", "REAL", "Float32"},
      {"ansi", "FLOAT", "Float64"},
      {"ansi", "DOUBLE PRECISION", "Float64"},
      {"ansi", "DECIMAL(10, 2)", "Decimal(10,2)"},
      {"ansi", "numeric(12)", "Decimal(12,0)"},
      {"ansi", "DECIMAL", "Decimal"},
      {"ansi", "VARCHAR(255)", "String"},
      {"ansi", "CHARACTER VARYING(20)", "String"},
      {"ansi", "CHAR(1)", "String"},
      {"ansi", "TEXT", "String"},
      {"ansi", "BOOLEAN", "Boolean"},
      {"ansi", "DATE", "Date"},
      {"ansi", "TIMESTAMP", "Timestamp"},
      {"ansi", "TIMESTAMP(6)", "Timestamp"},
      {"ansi", "TIMESTAMP WITH TIME ZONE", "Timestamp"},
      {"ansi", "timestamp(3) with time zone", "Timestamp"},
      {"ansi", "TIMESTAMP WITHOUT TIME ZONE", "TimestampNtz"},
      {"ansi", "BYTEA", "Binary"},
      {"ansi", "BIGINT NOT NULL", "Int64"},
      {"ansi", "TIME", "Unknown"},
      {"ansi", "INTERVAL", "Unknown"},
      {"ansi", "GEOGRAPHY", "Unknown"},
      {"ansi", "", "Unknown"},
      {"ansi", "DECIMAL(10,2", "Unknown"},
      {"nonsense-dialect", "BIGINT", "Int64"},
      // DuckDB.
      {"duckdb", "INTEGER", "Int32"},
      {"duckdb", "BIGINT", "Int64"},
      {"duckdb", "TINYINT", "Int32"},
      {"duckdb", "UINTEGER", "Int64"},
      {"duckdb", "UBIGINT", "Decimal(20,0)"},
      {"duckdb", "HUGEINT", "Decimal(38,0)"},
      {"duckdb", "FLOAT", "Float32"},
      {"duckdb", "REAL", "Float32"},
      {"duckdb", "DOUBLE", "Float64"},
      {"duckdb", "DECIMAL(18,3)", "Decimal(18,3)"},
      {"duckdb", "DECIMAL", "Decimal(18,3)"},
      {"duckdb", "VARCHAR", "String"},
      {"duckdb", "BLOB", "Binary"},
      {"duckdb", "TIMESTAMP", "Timestamp"},
      {"duckdb", "TIMESTAMP WITH TIME ZONE", "Timestamp"},
      {"duckdb", "TIMESTAMPTZ", "Timestamp"},
      {"duckdb", "TIMESTAMP_NS", "Timestamp"},
      {"duckdb", "INTEGER[]", "Array<Int32>"},
      {"duckdb", "VARCHAR[][]", "Array<Array<String>>"},
      {"duckdb", "DOUBLE[3]", "Array<Float64>"},
      {"duckdb", "LIST", "Array"},
      {"duckdb", "MAP(VARCHAR, INTEGER)", "Map<String,Int32>"},
      {"duckdb", "MAP(VARCHAR, INTEGER[])", "Map<String,Array<Int32>>"},
      {"duckdb", "STRUCT(a INTEGER, b VARCHAR)", "Struct<a:Int32,b:String>"},
      {"duckdb", "STRUCT(\"my field\" TIMESTAMP WITH TIME ZONE)", "Struct<my field:Timestamp>"},
      {"duckdb", "STRUCT(a INTEGER)[]", "Array<Struct<a:Int32>>"},
      {"duckdb", "ENUM('a', 'b')", "String"},
      {"duckdb", "JSON", "Variant"},
      {"duckdb", "UUID", "Unknown"},
      {"duckdb", "UNION(a INTEGER, b VARCHAR)", "Unknown"},
      {"duckdb", "\"NULL\"", "Unknown"},
      // Databricks.
      {"databricks", "INT", "Int32"},
      {"databricks", "BIGINT", "Int64"},
      {"databricks", "LONG", "Int64"},
      {"databricks", "FLOAT", "Float32"},
      {"databricks", "DOUBLE", "Float64"},
      {"databricks", "DECIMAL", "Decimal(10,0)"},
      {"databricks", "decimal(10,2)", "Decimal(10,2)"},
      {"databricks", "STRING", "String"},
      {"databricks", "BINARY", "Binary"},
      {"databricks", "TIMESTAMP", "Timestamp"},
      {"databricks", "TIMESTAMP_NTZ", "TimestampNtz"},
      {"databricks", "ARRAY<STRING>", "Array<String>"},
      {"databricks", "array<array<int>>", "Array<Array<Int32>>"},
      {"databricks", "MAP<STRING,BIGINT>", "Map<String,Int64>"},
      {"databricks", "MAP<STRING, ARRAY<DECIMAL(10,2)>>", "Map<String,Array<Decimal(10,2)>>"},
      {"databricks", "STRUCT<a: INT, b: STRING>", "Struct<a:Int32,b:String>"},
      {"databricks", "struct<`x y`:bigint>", "Struct<x y:Int64>"},
      {"databricks", "VARIANT", "Variant"},
      {"databricks", "VOID", "Null"},
      {"spark", "INTERVAL DAY", "Unknown"},
      // Snowflake.
      {"snowflake", "NUMBER(38,0)", "Decimal(38,0)"},
      {"snowflake", "NUMBER(18,0)", "Int64"},
      {"snowflake", "NUMBER(9,0)", "Int64"},
      {"snowflake", "NUMBER(19,0)", "Decimal(19,0)"},
      {"snowflake", "NUMBER(10,2)", "Decimal(10,2)"},
      {"snowflake", "NUMBER", "Decimal(38,0)"},
      {"snowflake", "DECIMAL", "Decimal(38,0)"},
      {"snowflake", "INTEGER", "Int64"},
      {"snowflake", "INT", "Int64"},
      {"snowflake", "SMALLINT", "Int64"},
      {"snowflake", "FLOAT", "Float64"},
      {"snowflake", "REAL", "Float64"},
      {"snowflake", "DOUBLE", "Float64"},
      {"snowflake", "VARCHAR(16777216)", "String"},
      {"snowflake", "TEXT", "String"},
      {"snowflake", "BOOLEAN", "Boolean"},
      {"snowflake", "DATE", "Date"},
      {"snowflake", "TIMESTAMP_NTZ(9)", "TimestampNtz"},
      {"snowflake", "TIMESTAMP_LTZ(9)", "Timestamp"},
      {"snowflake", "TIMESTAMP_TZ", "Timestamp"},
      {"snowflake", "DATETIME", "TimestampNtz"},
      {"snowflake", "BINARY(8388608)", "Binary"},
      {"snowflake", "VARIANT", "Variant"},
      {"snowflake", "OBJECT", "Variant"},
      {"snowflake", "ARRAY", "Array"},
      {"snowflake", "ARRAY(NUMBER(38,0))", "Array<Decimal(38,0)>"},
      {"snowflake", "OBJECT(a NUMBER(10,0), b VARCHAR)", "Struct<a:Int64,b:String>"},
      {"snowflake", "MAP(VARCHAR, NUMBER(5,2))", "Map<String,Decimal(5,2)>"},
      {"snowflake", "GEOGRAPHY", "Unknown"},
      {"snowflake", "TIME", "Unknown"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(FromWarehouseType(c.text, c.dialect).ToString(), c.type)
        << c.dialect << ": " << c.text;
}

// ---- SQL tree types ----

TEST(FromSqlDataTypeTest, CastTargets) {
  const WarehouseCase cases[] = {
      {"generic", "INT", "Int32"},
      {"generic", "DECIMAL(10, 2)", "Decimal(10,2)"},
      {"generic", "DOUBLE PRECISION", "Float64"},
      {"generic", "TIMESTAMP WITH TIME ZONE", "Timestamp"},
      {"generic", "VARCHAR(20)", "String"},
      {"duckdb", "INTEGER[]", "Array<Int32>"},
      {"duckdb", "MAP(VARCHAR, BIGINT)", "Map<String,Int64>"},
      {"duckdb", "STRUCT(a INT, b VARCHAR)", "Struct<a:Int32,b:String>"},
      {"duckdb", "DECIMAL", "Decimal(18,3)"},
      {"duckdb", "FLOAT", "Float32"},
      {"databricks", "ARRAY<STRING>", "Array<String>"},
      {"databricks", "MAP<STRING, ARRAY<INT>>", "Map<String,Array<Int32>>"},
      {"databricks", "STRUCT<a: INT, b: STRING>", "Struct<a:Int32,b:String>"},
      {"databricks", "TIMESTAMP_NTZ", "TimestampNtz"},
      {"snowflake", "NUMBER(38, 0)", "Decimal(38,0)"},
      {"snowflake", "NUMBER(10, 0)", "Int64"},
      {"snowflake", "INT", "Int64"},
      {"snowflake", "VARIANT", "Variant"},
      {"snowflake", "TIMESTAMP_LTZ", "Timestamp"},
  };
  for (const auto& c : cases) {
    std::string text = std::string("SELECT CAST(x AS ") + c.text + ")";
    auto script = sql::Parse(text, *sql::FindDialect(c.dialect));
    ASSERT_TRUE(script->ok()) << c.dialect << ": " << text;
    const auto* stmt = script->statements()[0].tree;
    ASSERT_EQ(stmt->kind, sql::StatementKind::kQueryStatement);
    const auto* query = static_cast<const sql::QueryStatement*>(stmt)->query;
    ASSERT_EQ(query->kind, sql::QueryKind::kSelect);
    const auto* expr = static_cast<const sql::Select*>(query)->items[0]->expr;
    ASSERT_EQ(expr->kind, sql::ExprKind::kCast) << text;
    const auto* cast = static_cast<const sql::Cast*>(expr);
    EXPECT_EQ(FromSqlDataType(*script, *cast->type).ToString(), c.type)
        << c.dialect << ": " << c.text;
  }
}

// ---- Inference (§8) ----

struct BinaryCase {
  const char* a;
  const char* b;
  const char* result;  // "none": no supertype / false
};

Type P(std::string_view text) {
  if (text == "Unknown") return Type::Unknown();
  if (text == "Null") return Type::Null();
  return T(text);
}

TEST(ArithmeticTest, Table) {
  struct Case {
    ArithmeticOp op;
    const char* a;
    const char* b;
    const char* result;
  };
  using O = ArithmeticOp;
  const Case cases[] = {
      // integer arithmetic widens to the wider side
      {O::kAdd, "Int32", "Int32", "Int32"},
      {O::kAdd, "Int32", "Int64", "Int64"},
      {O::kMul, "Int64", "Int32", "Int64"},
      {O::kSub, "Int64", "Int64", "Int64"},
      {O::kMod, "Int32", "Int64", "Int64"},
      {O::kIntDiv, "Int32", "Int32", "Int32"},
      // `/` on integers gives Float64
      {O::kDiv, "Int32", "Int32", "Float64"},
      {O::kDiv, "Int64", "Int64", "Float64"},
      // int with float gives Float64
      {O::kAdd, "Int32", "Float32", "Float64"},
      {O::kMul, "Float64", "Int64", "Float64"},
      {O::kAdd, "Float32", "Float32", "Float32"},
      {O::kAdd, "Float32", "Float64", "Float64"},
      // decimal with decimal gives Decimal(max p + 1, max s)
      {O::kAdd, "Decimal(10,2)", "Decimal(12,4)", "Decimal(13,4)"},
      {O::kMul, "Decimal(10,2)", "Decimal(10,2)", "Decimal(11,2)"},
      {O::kDiv, "Decimal(5,1)", "Decimal(7,3)", "Decimal(8,3)"},
      {O::kAdd, "Decimal(38,2)", "Decimal(38,10)", "Decimal(38,10)"},
      {O::kAdd, "Decimal", "Decimal(10,2)", "Decimal"},
      // decimal with integer: the integer counts as Decimal(10,0) / Decimal(19,0)
      {O::kAdd, "Decimal(10,2)", "Int32", "Decimal(11,2)"},
      {O::kMul, "Int64", "Decimal(10,2)", "Decimal(20,2)"},
      {O::kDiv, "Decimal(10,2)", "Int32", "Decimal(11,2)"},
      // decimal with float
      {O::kAdd, "Decimal(10,2)", "Float32", "Float64"},
      // dates
      {O::kAdd, "Date", "Int32", "Date"},
      {O::kAdd, "Int64", "Date", "Date"},
      {O::kSub, "Date", "Int64", "Date"},
      {O::kSub, "Date", "Date", "Int64"},
      {O::kAdd, "Date", "Date", "Unknown"},
      {O::kSub, "Timestamp", "Timestamp", "Unknown"},
      // anything else
      {O::kAdd, "String", "Int64", "Unknown"},
      {O::kAdd, "Unknown", "Int64", "Unknown"},
      {O::kAdd, "Null", "Int64", "Unknown"},
      {O::kAdd, "Variant", "Int64", "Unknown"},
      {O::kAdd, "Boolean", "Boolean", "Unknown"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(ArithmeticResult(c.op, P(c.a), P(c.b)).ToString(), c.result)
        << c.a << " op" << int(c.op) << " " << c.b;
}

TEST(ArithmeticTest, NullabilityAndOperators) {
  ColumnType a{Type::Int32(), false}, b{Type::Int64(), true}, c{Type::Int64(), false};
  EXPECT_EQ(ArithmeticResult(ArithmeticOp::kAdd, a, b), (ColumnType{Type::Int64(), true}));
  EXPECT_EQ(ArithmeticResult(ArithmeticOp::kAdd, a, c), (ColumnType{Type::Int64(), false}));
  EXPECT_EQ(ComparisonResult(a, c), (ColumnType{Type::Boolean(), false}));
  EXPECT_EQ(ComparisonResult(a, b), (ColumnType{Type::Boolean(), true}));
  EXPECT_EQ(ToArithmeticOp(sql::BinaryOp::kAdd), ArithmeticOp::kAdd);
  EXPECT_EQ(ToArithmeticOp(sql::BinaryOp::kDiv), ArithmeticOp::kDiv);
  EXPECT_EQ(ToArithmeticOp(sql::BinaryOp::kDivKw), ArithmeticOp::kIntDiv);
  EXPECT_EQ(ToArithmeticOp(sql::BinaryOp::kIntDiv), ArithmeticOp::kIntDiv);
  EXPECT_EQ(ToArithmeticOp(sql::BinaryOp::kMod), ArithmeticOp::kMod);
  EXPECT_EQ(ToArithmeticOp(sql::BinaryOp::kEq), std::nullopt);
  EXPECT_EQ(ToArithmeticOp(sql::BinaryOp::kConcat), std::nullopt);
}

TEST(CommonSupertypeTest, Table) {
  const BinaryCase cases[] = {
      {"Int64", "Int64", "Int64"},
      {"Int32", "Int64", "Int64"},
      {"Int32", "Float32", "Float64"},
      {"Float32", "Float32", "Float32"},
      {"Float32", "Float64", "Float64"},
      {"Decimal(10,2)", "Float64", "Float64"},
      {"Decimal(10,2)", "Decimal(12,4)", "Decimal(12,4)"},
      {"Decimal(10,2)", "Decimal(5,4)", "Decimal(12,4)"},
      {"Decimal(38,0)", "Decimal(38,10)", "Decimal(38,10)"},
      {"Decimal(10,2)", "Int32", "Decimal(12,2)"},
      {"Int64", "Decimal(5,0)", "Decimal(19,0)"},
      {"Decimal", "Decimal(5,0)", "Decimal"},
      {"Date", "Timestamp", "Timestamp"},
      {"Date", "TimestampNtz", "TimestampNtz"},
      {"Timestamp", "TimestampNtz", "Timestamp"},
      {"String", "String", "String"},
      {"String", "Int64", "none"},
      {"Boolean", "Int32", "none"},
      {"Binary", "String", "none"},
      {"Date", "String", "none"},
      {"Null", "Int64", "Int64"},
      {"String", "Null", "String"},
      {"Null", "Null", "Null"},
      {"Unknown", "Int64", "Unknown"},
      {"String", "Unknown", "Unknown"},
      {"Variant", "Int64", "Variant"},
      {"Array<Int32>", "Array<Int64>", "Array<Int64>"},
      {"Array<Int32>", "Array", "Array"},
      {"Array<Int32>", "Array<String>", "none"},
      {"Map<String,Int32>", "Map<String,Float64>", "Map<String,Float64>"},
      {"Struct<a:Int32>", "Struct<a:Int64>", "Struct<a:Int64>"},
      {"Struct<a:Int32>", "Struct<b:Int32>", "none"},
      {"Array<Int32>", "Map", "none"},
  };
  for (const auto& c : cases) {
    auto t = CommonSupertype(P(c.a), P(c.b));
    EXPECT_EQ(t ? t->ToString() : "none", c.result) << c.a << ", " << c.b;
    auto r = CommonSupertype(P(c.b), P(c.a));  // symmetric
    EXPECT_EQ(r ? r->ToString() : "none", c.result) << c.b << ", " << c.a;
  }
}

// What ToWarehouseType writes, FromWarehouseType reads back as the same type, in every dialect.
TEST(ToWarehouseTypeTest, SpellingsRoundTripInEveryDialect) {
  const std::vector<Type> types = {
      Type::Boolean(), Type::Int32(), Type::Int64(), Type::Float64(), Type::Decimal(10, 2),
      Type::String(), Type::Date(), Type::Timestamp(), Type::TimestampNtz(),
      Type::Array(Type::Int64()), Type::Map(Type::String(), Type::Int64()),
      Type::Struct({{"id", Type::Int64()}, {"name", Type::String()}})};
  for (const char* dialect : {"duckdb", "databricks", "snowflake"})
    for (const Type& t : types) {
      // Snowflake's semi-structured types carry no element types and all its integers are
      // 64-bit; DuckDB has a single TIMESTAMP name.
      const std::string_view d = dialect;
      if (d == "snowflake" && (t.Is(TypeKind::kArray) || t.Is(TypeKind::kMap) ||
                               t.Is(TypeKind::kStruct) || t.Is(TypeKind::kInt32)))
        continue;
      if (d == "duckdb" && t.Is(TypeKind::kTimestampNtz)) continue;
      const std::string spelled = ToWarehouseType(t, dialect);
      EXPECT_EQ(FromWarehouseType(spelled, dialect), t) << dialect << " " << spelled;
    }
  EXPECT_EQ(ToWarehouseType(Type::Decimal(12, 4), "snowflake"), "NUMBER(12,4)");
  EXPECT_EQ(ToWarehouseType(Type::String(), "databricks"), "STRING");
  EXPECT_EQ(ToWarehouseType(Type::Array(Type::Int64()), "duckdb"), "BIGINT[]");
}

TEST(ComparableTest, JoinKeysAndCoercions) {
  struct Case {
    const char* a;
    const char* b;
    bool comparable;  // E001 when false
    bool coercion;    // W001 when true
  };
  const Case cases[] = {
      {"Int64", "Int64", true, false},
      {"Int32", "Int64", true, false},
      {"Int64", "Decimal(10,0)", true, false},
      {"Decimal(10,2)", "Decimal(12,4)", true, false},
      {"Int64", "Float64", true, true},
      {"Decimal(10,2)", "Float32", true, true},
      {"Float32", "Float64", true, false},
      {"String", "String", true, false},
      {"String", "Int64", false, false},
      {"Int64", "String", false, false},
      {"String", "Date", false, false},
      {"Boolean", "Int32", false, false},
      {"Binary", "String", false, false},
      {"Date", "Date", true, false},
      {"Date", "Timestamp", true, true},
      {"Timestamp", "TimestampNtz", true, true},
      {"Unknown", "String", true, false},
      {"Null", "Int64", true, false},
      {"Variant", "Int64", true, false},
      {"Array<Int64>", "Array<Int32>", true, false},
      {"Array<Int64>", "Array<Float64>", true, true},
      {"Array<Int64>", "Array<String>", false, false},
      {"Array", "Array<String>", true, false},
      {"Struct<a:Int64>", "Struct<a:String>", false, false},
      {"Map<String,Int64>", "Map<String,Int64>", true, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Comparable(P(c.a), P(c.b)), c.comparable) << c.a << " vs " << c.b;
    EXPECT_EQ(Comparable(P(c.b), P(c.a)), c.comparable) << c.b << " vs " << c.a;
    EXPECT_EQ(NeedsImplicitCoercion(P(c.a), P(c.b)), c.coercion) << c.a << " vs " << c.b;
    EXPECT_EQ(NeedsImplicitCoercion(P(c.b), P(c.a)), c.coercion) << c.b << " vs " << c.a;
  }
}

}  // namespace
}  // namespace rocky::compiler
