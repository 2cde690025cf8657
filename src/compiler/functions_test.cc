#include "compiler/functions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/strings.h"

namespace rocky::compiler {
namespace {

// A column written `Int64` (nullable) or `Int64!` (not null), types in contract spelling plus
// `Unknown` and `Null`.
ColumnType Col(std::string_view text) {
  bool not_null = !text.empty() && text.back() == '!';
  if (not_null) text.remove_suffix(1);
  Type t;
  if (text == "Null") {
    t = Type::Null();
  } else if (text != "Unknown") {
    auto parsed = ParseContractType(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    if (parsed) t = *parsed;
  }
  return {t, !not_null};
}

struct Case {
  const char* dialect;
  const char* call;    // NAME(arg, arg, …) with argument types in Col() notation
  const char* result;  // ColumnType::ToString(), or "unknown function"
};

std::string Call(const Case& c) {
  std::string_view call = c.call;
  size_t open = call.find('(');
  std::string_view name = call.substr(0, open);
  std::vector<ColumnType> args;
  std::string_view inside = call.substr(open + 1, call.size() - open - 2);
  if (!Trim(inside).empty()) {
    // Split on top-level commas (types like Map<String,Int64> contain commas).
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i <= inside.size(); ++i) {
      if (i == inside.size() || (inside[i] == ',' && depth == 0)) {
        args.push_back(Col(Trim(inside.substr(start, i - start))));
        start = i + 1;
      } else if (inside[i] == '<' || inside[i] == '(') {
        ++depth;
      } else if (inside[i] == '>' || inside[i] == ')') {
        --depth;
      }
    }
  }
  const FunctionSignature* sig = LookupFunction(name, c.dialect);
  if (!sig) return "unknown function";
  return ResultType(*sig, args).ToString();
}

TEST(FunctionsTest, ResultTypes) {
  const Case cases[] = {
      // Aggregates (§8): COUNT Int64 not null; SUM widens; AVG Float64 / Decimal; MIN/MAX keep.
      {"generic", "COUNT()", "Int64 NOT NULL"},
      {"generic", "count(String)", "Int64 NOT NULL"},
      {"generic", "SUM(Int32!)", "Int64"},
      {"generic", "SUM(Int64)", "Int64"},
      {"generic", "SUM(Decimal(10,2)!)", "Decimal(38,2)"},
      {"generic", "SUM(Decimal)", "Decimal"},
      {"generic", "SUM(Float32)", "Float64"},
      {"generic", "SUM(String)", "Unknown"},
      {"generic", "SUM(Unknown)", "Unknown"},
      {"generic", "AVG(Int64!)", "Float64"},
      {"generic", "AVG(Float32)", "Float64"},
      {"generic", "AVG(Decimal(10,2))", "Decimal"},
      {"generic", "MIN(Date!)", "Date"},
      {"generic", "MAX(Decimal(10,2))", "Decimal(10,2)"},
      {"generic", "max(String!)", "String"},
      {"generic", "STDDEV(Int64!)", "Float64"},
      {"generic", "COUNT_IF(Boolean)", "Int64 NOT NULL"},
      {"generic", "STRING_AGG(String!, String!)", "String"},
      // Window functions.
      {"generic", "ROW_NUMBER()", "Int64 NOT NULL"},
      {"duckdb", "rank()", "Int64 NOT NULL"},
      {"snowflake", "DENSE_RANK()", "Int64 NOT NULL"},
      {"databricks", "NTILE(Int32!)", "Int64 NOT NULL"},
      {"generic", "PERCENT_RANK()", "Float64 NOT NULL"},
      {"generic", "LAG(Int64!, Int32!)", "Int64"},
      {"generic", "LEAD(String!)", "String"},
      {"generic", "FIRST_VALUE(Date!)", "Date NOT NULL"},
      {"generic", "LAST_VALUE(Date)", "Date"},
      // Strings.
      {"generic", "UPPER(String!)", "String NOT NULL"},
      {"generic", "lower(String)", "String"},
      {"generic", "TRIM(String!)", "String NOT NULL"},
      {"generic", "SUBSTRING(String!, Int32!, Int32)", "String"},
      {"generic", "SUBSTR(String!, Int32!)", "String NOT NULL"},
      {"generic", "REPLACE(String!, String!, String!)", "String NOT NULL"},
      {"generic", "SPLIT_PART(String!, String!, Int32!)", "String NOT NULL"},
      {"generic", "LPAD(String!, Int32!, String!)", "String NOT NULL"},
      {"generic", "REGEXP_REPLACE(String, String!, String!)", "String"},
      {"generic", "INITCAP(String!)", "String NOT NULL"},
      {"generic", "LENGTH(String!)", "Int64 NOT NULL"},
      {"duckdb", "len(String)", "Int64"},
      {"generic", "CONCAT(String!, String)", "String"},
      {"snowflake", "CONCAT(String!, String)", "String"},
      {"duckdb", "CONCAT(String!, String)", "String NOT NULL"},  // DuckDB skips NULLs
      {"duckdb", "CONCAT(String, String)", "String"},
      // Dates and times.
      {"generic", "DATE_TRUNC(String!, Date!)", "Timestamp NOT NULL"},
      {"snowflake", "DATE_TRUNC(String!, Timestamp)", "Timestamp"},
      {"generic", "DATE_PART(String!, Timestamp!)", "Int64 NOT NULL"},
      {"generic", "EXTRACT(Timestamp)", "Int64"},
      {"generic", "YEAR(Date!)", "Int64 NOT NULL"},
      {"generic", "CURRENT_DATE()", "Date NOT NULL"},
      {"generic", "CURRENT_TIMESTAMP()", "Timestamp NOT NULL"},
      {"duckdb", "now()", "Timestamp NOT NULL"},
      {"generic", "DATEDIFF(String!, Date!, Date)", "Int64"},
      {"duckdb", "date_diff(String!, Date!, Date!)", "Int64 NOT NULL"},
      {"generic", "TO_DATE(String!)", "Date NOT NULL"},
      {"generic", "TO_TIMESTAMP(String)", "Timestamp"},
      {"snowflake", "DATEADD(String!, Int32!, Date!)", "Date NOT NULL"},
      {"snowflake", "DATEADD(String!, Int32!, TimestampNtz)", "TimestampNtz"},
      {"databricks", "date_add(Date!, Int32!)", "Date NOT NULL"},
      {"databricks", "DATE_ADD(Timestamp!, Int32!)", "Date NOT NULL"},
      {"duckdb", "DATE_ADD(Date!, Unknown!)", "Timestamp NOT NULL"},
      {"duckdb", "strftime(Timestamp!, String!)", "String NOT NULL"},
      {"duckdb", "strptime(String!, String!)", "Timestamp NOT NULL"},
      {"duckdb", "epoch_ms(Int64!)", "Timestamp NOT NULL"},
      {"duckdb", "epoch_ms(Timestamp!)", "Int64 NOT NULL"},
      {"snowflake", "TRY_TO_DATE(String!)", "Date"},
      // Math.
      {"generic", "ABS(Int32!)", "Int32 NOT NULL"},
      {"generic", "ABS(Decimal(10,2))", "Decimal(10,2)"},
      {"generic", "ROUND(Decimal(10,2)!, Int32!)", "Decimal(10,2) NOT NULL"},
      {"generic", "ROUND(Float64!)", "Float64 NOT NULL"},
      {"generic", "CEIL(Float64!)", "Float64 NOT NULL"},
      {"generic", "FLOOR(Int64)", "Int64"},
      {"generic", "SQRT(Int64!)", "Float64 NOT NULL"},
      {"generic", "LN(Decimal(10,2))", "Float64"},
      {"generic", "POWER(Int32!, Int32!)", "Float64 NOT NULL"},
      {"generic", "EXP(Int32!)", "Float64 NOT NULL"},
      {"generic", "MOD(Int32!, Int64!)", "Int64 NOT NULL"},
      // Conditionals: COALESCE is nullable only if every argument is (§8).
      {"generic", "COALESCE(Int32, Int64!)", "Int64 NOT NULL"},
      {"generic", "COALESCE(Int32, Int64)", "Int64"},
      {"generic", "COALESCE(Decimal(10,2), Int32)", "Decimal(12,2)"},
      {"generic", "COALESCE(Null, String!)", "String NOT NULL"},
      {"generic", "COALESCE(String, Int64!)", "Unknown NOT NULL"},
      {"generic", "COALESCE(Unknown, Int64!)", "Unknown NOT NULL"},
      {"databricks", "nvl(String, String!)", "String NOT NULL"},
      {"snowflake", "NVL(Date, Timestamp)", "Timestamp"},
      {"generic", "IFNULL(Int32, Int32!)", "Int32 NOT NULL"},
      {"generic", "NULLIF(Int64!, Int64!)", "Int64"},
      {"snowflake", "GREATEST(Int32!, Float64!)", "Float64 NOT NULL"},
      {"snowflake", "LEAST(Int32!, Int64)", "Int64"},
      {"databricks", "GREATEST(Int32!, Int64)", "Int64 NOT NULL"},  // skips NULLs
      {"snowflake", "IFF(Boolean, Int32!, Int64!)", "Int64 NOT NULL"},
      {"snowflake", "IFF(Boolean!, Int32!, Null)", "Int32"},
      {"databricks", "IF(Boolean!, String!, String!)", "String NOT NULL"},
      {"snowflake", "NVL2(Int32, String!, String!)", "String NOT NULL"},
      {"snowflake", "ZEROIFNULL(Decimal(10,2))", "Decimal(10,2) NOT NULL"},
      // Dialect names.
      {"snowflake", "TO_VARCHAR(Int64!)", "String NOT NULL"},
      {"snowflake", "TO_NUMBER(String!)", "Decimal NOT NULL"},
      {"snowflake", "PARSE_JSON(String!)", "Variant NOT NULL"},
      {"snowflake", "ARRAY_AGG(Int64!)", "Array NOT NULL"},
      {"snowflake", "ARRAY_SIZE(Array!)", "Int64 NOT NULL"},
      {"databricks", "collect_list(Int64!)", "Array<Int64> NOT NULL"},
      {"databricks", "COLLECT_SET(String)", "Array<String> NOT NULL"},
      {"databricks", "ARRAY_AGG(Unknown)", "Array NOT NULL"},
      {"databricks", "split(String!, String!)", "Array<String> NOT NULL"},
      {"databricks", "explode(Array<Date>!)", "Date"},
      {"databricks", "array(Int32!, Int64!)", "Array<Int64> NOT NULL"},
      {"duckdb", "list(Int32!)", "Array<Int32>"},
      {"duckdb", "list_value(Int32!, Float64)", "Array<Float64> NOT NULL"},
      {"duckdb", "list_extract(Array<String>!, Int32!)", "String"},
      {"duckdb", "list_contains(Array<String>!, String!)", "Boolean NOT NULL"},
      {"duckdb", "list_sort(Array<Int64>!)", "Array<Int64> NOT NULL"},
      {"duckdb", "string_split(String!, String!)", "Array<String> NOT NULL"},
      {"duckdb", "arg_max(String!, Int64!)", "String"},
      {"duckdb", "unnest(Map<String,Int64>!)", "Int64"},
      // Unknown functions (and names of another dialect).
      {"generic", "NO_SUCH_FUNCTION(Int64)", "unknown function"},
      {"duckdb", "IF(Boolean, Int32, Int32)", "Int32"},  // shared
      {"duckdb", "TO_VARCHAR(Int64)", "unknown function"},
      {"duckdb", "collect_list(Int64)", "unknown function"},
      {"snowflake", "strftime(Timestamp, String)", "unknown function"},
      {"databricks", "PARSE_JSON(String)", "unknown function"},
      // The generic dialect knows every dialect's names.
      {"generic", "collect_list(Int64!)", "Array<Int64> NOT NULL"},
      {"ansi", "TO_VARCHAR(Int64!)", "String NOT NULL"},
      {"generic", "strftime(Timestamp!, String!)", "String NOT NULL"},
      {"generic", "CONCAT(String!, String)", "String"},  // shared rule, not DuckDB's
  };
  for (const auto& c : cases) EXPECT_EQ(Call(c), c.result) << c.dialect << ": " << c.call;
}

TEST(FunctionsTest, LookupIsCaseInsensitiveAndCategorised) {
  const FunctionSignature* sum = LookupFunction("sum", "duckdb");
  ASSERT_NE(sum, nullptr);
  EXPECT_EQ(sum, LookupFunction("SUM", "duckdb"));
  EXPECT_EQ(sum, LookupFunction("Sum", "snowflake"));  // shared
  EXPECT_EQ(sum->category, FunctionCategory::kAggregate);
  EXPECT_EQ(LookupFunction("row_number", "generic")->category, FunctionCategory::kWindow);
  EXPECT_EQ(LookupFunction("lag", "generic")->category, FunctionCategory::kWindow);
  EXPECT_EQ(LookupFunction("upper", "generic")->category, FunctionCategory::kScalar);
  EXPECT_EQ(LookupFunction("collect_list", "spark")->category, FunctionCategory::kAggregate);
  EXPECT_EQ(LookupFunction("upper", "no-such-dialect"), LookupFunction("upper", "generic"));
  EXPECT_EQ(LookupFunction("", "generic"), nullptr);
}

TEST(FunctionsTest, TablesAreConsistent) {
  for (const char* dialect : {"generic", "duckdb", "databricks", "snowflake"}) {
    auto all = FunctionsOf(dialect);
    EXPECT_GT(all.size(), 40u) << dialect;
    for (const FunctionSignature* sig : all) {
      for (const auto& name : Split(sig->names, "|")) {
        EXPECT_FALSE(name.empty()) << sig->names;
        EXPECT_EQ(name, ToUpper(name)) << sig->names;
      }
      if (sig->rule == ReturnRule::kFixed && sig->category == FunctionCategory::kAggregate &&
          sig->fixed == Type::Int64()) {
        EXPECT_EQ(sig->nulls, NullRule::kNever) << sig->names;  // counts are never NULL
      }
    }
  }
  // Every name resolves to a signature listing it.
  for (const char* dialect : {"generic", "duckdb", "databricks", "snowflake"}) {
    for (const FunctionSignature* sig : FunctionsOf(dialect)) {
      for (const auto& name : Split(sig->names, "|")) {
        const FunctionSignature* found = LookupFunction(name, dialect);
        ASSERT_NE(found, nullptr) << dialect << ": " << name;
        auto names = Split(found->names, "|");
        EXPECT_NE(std::find(names.begin(), names.end(), name), names.end());
      }
    }
  }
}

}  // namespace
}  // namespace rocky::compiler
