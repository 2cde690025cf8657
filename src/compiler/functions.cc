// Function tables (data) and the result-type rules that read them.

#include "compiler/functions.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "base/strings.h"
#include "sql/dialect.h"

namespace rocky::compiler {

namespace {

constexpr auto S = FunctionCategory::kScalar;
constexpr auto A = FunctionCategory::kAggregate;
constexpr auto W = FunctionCategory::kWindow;
constexpr auto kFixed = ReturnRule::kFixed;
constexpr auto kArg = ReturnRule::kArg;
constexpr auto kSuper = ReturnRule::kSupertype;
constexpr auto kAny = NullRule::kAnyArg;
constexpr auto kAll = NullRule::kAllArgs;
constexpr auto kNever = NullRule::kNever;
constexpr auto kAlways = NullRule::kAlways;

using Table = std::vector<FunctionSignature>;

// Functions every dialect knows (or that mean the same wherever they exist).
const Table& SharedFunctions() {
  static const Table t = {
      // Aggregates: NULL over no rows, except counts.
      {"COUNT", A, kFixed, Type::Int64(), 0, kNever},
      {"COUNT_IF|APPROX_COUNT_DISTINCT", A, kFixed, Type::Int64(), 0, kNever},
      {"SUM", A, ReturnRule::kSum, {}, 0, kAlways},
      {"AVG|MEDIAN", A, ReturnRule::kAvg, {}, 0, kAlways},
      {"MIN|MAX|ANY_VALUE", A, kArg, {}, 0, kAlways},
      {"STDDEV|STDDEV_SAMP|STDDEV_POP|VARIANCE|VAR_SAMP|VAR_POP|CORR|COVAR_POP|COVAR_SAMP", A,
       kFixed, Type::Float64(), 0, kAlways},
      {"BOOL_AND|BOOL_OR|EVERY", A, kFixed, Type::Boolean(), 0, kAlways},
      {"STRING_AGG|LISTAGG", A, kFixed, Type::String(), 0, kAlways},
      // Window functions.
      {"ROW_NUMBER|RANK|DENSE_RANK|NTILE", W, kFixed, Type::Int64(), 0, kNever},
      {"PERCENT_RANK|CUME_DIST", W, kFixed, Type::Float64(), 0, kNever},
      {"LAG|LEAD|NTH_VALUE", W, kArg, {}, 0, kAlways},
      {"FIRST_VALUE|LAST_VALUE", W, kArg, {}, 0, kAny},
      // Strings.
      {"UPPER|LOWER|UCASE|LCASE|TRIM|LTRIM|RTRIM|BTRIM|SUBSTRING|SUBSTR|REPLACE|SPLIT_PART|LPAD|"
       "RPAD|REGEXP_REPLACE|REGEXP_EXTRACT|REGEXP_SUBSTR|INITCAP|LEFT|RIGHT|REVERSE|REPEAT|"
       "TRANSLATE|CONCAT|CONCAT_WS|MD5|SHA1|SHA2|CHR|SOUNDEX|TO_CHAR|DAYNAME|MONTHNAME",
       S, kFixed, Type::String()},
      {"LENGTH|LEN|CHAR_LENGTH|CHARACTER_LENGTH|OCTET_LENGTH|BIT_LENGTH|STRPOS|POSITION|INSTR|"
       "ASCII|REGEXP_COUNT",
       S, kFixed, Type::Int64()},
      {"STARTS_WITH|STARTSWITH|ENDS_WITH|ENDSWITH|CONTAINS|REGEXP_LIKE|RLIKE", S, kFixed,
       Type::Boolean()},
      // Dates and times.
      {"DATE_TRUNC", S, kFixed, Type::Timestamp()},
      {"DATE_PART|DATEPART|EXTRACT|YEAR|MONTH|DAY|DAYOFMONTH|HOUR|MINUTE|SECOND|QUARTER|WEEK|"
       "WEEKOFYEAR|DAYOFWEEK|DAYOFWEEKISO|DAYOFYEAR|ISODOW|YEAROFWEEK",
       S, kFixed, Type::Int64()},
      {"CURRENT_DATE", S, kFixed, Type::Date(), 0, kNever},
      {"CURRENT_TIMESTAMP|NOW|GETDATE|LOCALTIMESTAMP", S, kFixed, Type::Timestamp(), 0, kNever},
      {"DATEDIFF|DATE_DIFF|TIMESTAMPDIFF|TIMEDIFF", S, kFixed, Type::Int64()},
      {"DATEADD|TIMESTAMPADD|TIMEADD", S, ReturnRule::kTemporalArg},
      {"TO_DATE|DATE|MAKE_DATE|DATE_FROM_PARTS|LAST_DAY", S, kFixed, Type::Date()},
      {"TO_TIMESTAMP", S, kFixed, Type::Timestamp()},
      {"TRY_TO_DATE", S, kFixed, Type::Date(), 0, kAlways},
      {"TRY_TO_TIMESTAMP", S, kFixed, Type::Timestamp(), 0, kAlways},
      // Math.
      {"ABS|ROUND|CEIL|CEILING|FLOOR|TRUNC|TRUNCATE|NEGATIVE", S, kArg},
      {"SQRT|CBRT|LN|LOG|LOG10|LOG2|EXP|POWER|POW|SIN|COS|TAN|COT|ASIN|ACOS|ATAN|ATAN2|DEGREES|"
       "RADIANS",
       S, kFixed, Type::Float64()},
      {"PI|RANDOM|RAND", S, kFixed, Type::Float64(), 0, kNever},
      {"SIGN", S, kFixed, Type::Int32()},
      {"MOD", S, kSuper},
      // Conditionals.
      {"COALESCE|IFNULL|NVL", S, kSuper, {}, 0, kAll},
      {"NULLIF", S, kArg, {}, 0, kAlways},
      {"GREATEST|LEAST", S, kSuper},
      {"IFF|IF|NVL2", S, kSuper, {}, 1, kAny, 1},
  };
  return t;
}

const Table& DuckDbFunctions() {
  static const Table t = {
      {"LIST|ARRAY_AGG", A, ReturnRule::kArrayOf, {}, 0, kAlways},
      {"ARG_MIN|ARG_MAX|ARGMIN|ARGMAX|MIN_BY|MAX_BY|FIRST|LAST|ARBITRARY", A, kArg, {}, 0, kAlways},
      {"MEAN", A, ReturnRule::kAvg, {}, 0, kAlways},
      {"QUANTILE_CONT", A, kFixed, Type::Float64(), 0, kAlways},
      {"COUNT_STAR", A, kFixed, Type::Int64(), 0, kNever},
      {"CONCAT", S, kFixed, Type::String(), 0, kAll},  // NULL arguments are skipped
      {"GREATEST|LEAST", S, kSuper, {}, 0, kAll},      // NULL arguments are skipped
      {"LIST_VALUE|LIST_PACK", S, ReturnRule::kArrayOfSupertype, {}, 0, kNever},
      {"LIST_CONCAT|LIST_CAT|ARRAY_CONCAT|ARRAY_CAT|LIST_SORT|ARRAY_SORT|LIST_REVERSE_SORT|"
       "LIST_DISTINCT|ARRAY_DISTINCT|LIST_SLICE|ARRAY_SLICE|LIST_FILTER|ARRAY_FILTER",
       S, kArg},
      {"LIST_EXTRACT|LIST_ELEMENT|ARRAY_EXTRACT|UNNEST", S, ReturnRule::kElementOf, {}, 0, kAlways},
      {"LIST_CONTAINS|LIST_HAS|ARRAY_CONTAINS|ARRAY_HAS|LIST_HAS_ANY|LIST_HAS_ALL|"
       "REGEXP_MATCHES|REGEXP_FULL_MATCH|PREFIX|SUFFIX",
       S, kFixed, Type::Boolean()},
      {"LIST_LENGTH|ARRAY_LENGTH", S, kFixed, Type::Int64()},
      {"STRING_SPLIT|STR_SPLIT|STRING_TO_ARRAY|SPLIT|STRING_SPLIT_REGEX|STR_SPLIT_REGEX|"
       "REGEXP_SPLIT_TO_ARRAY",
       S, kFixed, Type::Array(Type::String())},
      {"STRFTIME|JSON_EXTRACT_STRING|JSON_EXTRACT_PATH_TEXT", S, kFixed, Type::String()},
      {"STRPTIME|MAKE_TIMESTAMP|DATE_ADD", S, kFixed, Type::Timestamp()},
      {"TRY_STRPTIME", S, kFixed, Type::Timestamp(), 0, kAlways},
      {"DATE_SUB", S, kFixed, Type::Int64()},  // date_sub(part, start, end): a difference
      {"TODAY", S, kFixed, Type::Date(), 0, kNever},
      {"EPOCH", S, kFixed, Type::Float64()},
      {"EPOCH_MS|EPOCH_US|EPOCH_NS", S, ReturnRule::kEpoch},
      {"STRUCT_PACK|ROW", S, kFixed, Type::Struct(), 0, kNever},
      {"MAP", S, kFixed, Type::Map(), 0, kNever},
      {"JSON_EXTRACT|JSON", S, kFixed, Type::Variant()},
      {"HASH", S, kFixed, Type::Decimal(20, 0)},
      {"UUID|GEN_RANDOM_UUID", S, kFixed, Type::Unknown(), 0, kNever},
  };
  return t;
}

const Table& DatabricksFunctions() {
  static const Table t = {
      {"COLLECT_LIST|COLLECT_SET|ARRAY_AGG", A, ReturnRule::kArrayOf, {}, 0, kNever},
      {"FIRST|LAST", A, kArg, {}, 0, kAlways},
      {"PERCENTILE", A, kFixed, Type::Float64(), 0, kAlways},
      {"GREATEST|LEAST", S, kSuper, {}, 0, kAll},  // NULL arguments are skipped
      {"DATE_ADD|DATE_SUB|ADD_MONTHS|NEXT_DAY", S, kFixed, Type::Date()},
      {"MONTHS_BETWEEN", S, kFixed, Type::Float64()},
      {"UNIX_TIMESTAMP|TO_UNIX_TIMESTAMP|SIZE|CARDINALITY|ARRAY_SIZE", S, kFixed, Type::Int64()},
      {"ARRAY_CONTAINS", S, kFixed, Type::Boolean()},
      {"DATE_FORMAT|FROM_UNIXTIME|GET_JSON_OBJECT|TO_JSON|SUBSTRING_INDEX|FORMAT_NUMBER|BASE64|"
       "HEX|CURRENT_TIMEZONE",
       S, kFixed, Type::String()},
      {"TO_TIMESTAMP_NTZ", S, kFixed, Type::TimestampNtz()},
      {"SPLIT", S, kFixed, Type::Array(Type::String())},
      {"ARRAY", S, ReturnRule::kArrayOfSupertype, {}, 0, kNever},
      {"STRUCT|NAMED_STRUCT", S, kFixed, Type::Struct(), 0, kNever},
      {"MAP", S, kFixed, Type::Map(), 0, kNever},
      {"EXPLODE|EXPLODE_OUTER|ELEMENT_AT", S, ReturnRule::kElementOf, {}, 0, kAlways},
      {"UUID", S, kFixed, Type::String(), 0, kNever},
  };
  return t;
}

const Table& SnowflakeFunctions() {
  static const Table t = {
      {"ARRAY_AGG", A, kFixed, Type::Array(), 0, kNever},  // untyped ARRAY; [] over no rows
      {"BOOLAND_AGG|BOOLOR_AGG", A, kFixed, Type::Boolean(), 0, kAlways},
      {"RATIO_TO_REPORT", W, kFixed, Type::Float64(), 0, kAlways},
      {"ZEROIFNULL", S, kArg, {}, 0, kNever},
      {"NULLIFZERO", S, kArg, {}, 0, kAlways},
      {"TO_VARCHAR|TO_CHAR|STRTOK|TYPEOF", S, kFixed, Type::String()},
      {"UUID_STRING", S, kFixed, Type::String(), 0, kNever},
      {"TO_NUMBER|TO_DECIMAL|TO_NUMERIC", S, kFixed, Type::Decimal()},
      {"TRY_TO_NUMBER|TRY_TO_DECIMAL|TRY_TO_NUMERIC", S, kFixed, Type::Decimal(), 0, kAlways},
      {"TO_DOUBLE", S, kFixed, Type::Float64()},
      {"TRY_TO_DOUBLE", S, kFixed, Type::Float64(), 0, kAlways},
      {"TO_BOOLEAN", S, kFixed, Type::Boolean()},
      {"TRY_TO_BOOLEAN", S, kFixed, Type::Boolean(), 0, kAlways},
      {"TO_TIMESTAMP_NTZ|TIMESTAMP_FROM_PARTS|TIMESTAMP_NTZ_FROM_PARTS", S, kFixed,
       Type::TimestampNtz()},
      {"TO_TIMESTAMP_LTZ|TO_TIMESTAMP_TZ|CONVERT_TIMEZONE", S, kFixed, Type::Timestamp()},
      {"SYSDATE", S, kFixed, Type::TimestampNtz(), 0, kNever},
      {"PARSE_JSON|OBJECT_CONSTRUCT|OBJECT_INSERT|TO_VARIANT", S, kFixed, Type::Variant()},
      {"TRY_PARSE_JSON|GET|GET_PATH", S, kFixed, Type::Variant(), 0, kAlways},
      {"ARRAY_CONSTRUCT", S, kFixed, Type::Array(), 0, kNever},
      {"SPLIT|OBJECT_KEYS", S, kFixed, Type::Array()},
      {"ARRAY_SIZE|CHARINDEX|HASH", S, kFixed, Type::Int64()},
      {"ARRAY_CONTAINS", S, kFixed, Type::Boolean()},
      {"EQUAL_NULL", S, kFixed, Type::Boolean(), 0, kNever},
  };
  return t;
}

struct Registry {
  std::unordered_map<std::string, const FunctionSignature*> by_name;
  std::vector<const FunctionSignature*> all;

  // Adds every name of every signature; `replace` lets a dialect override a shared name.
  void Add(const Table& table, bool replace) {
    for (const auto& sig : table) {
      bool used = false;
      for (const auto& name : Split(sig.names, "|")) {
        auto [it, inserted] = by_name.try_emplace(name, &sig);
        if (!inserted && replace) it->second = &sig;
        used = used || inserted || replace;
      }
      if (used) all.push_back(&sig);
    }
  }
};

Registry Build(std::initializer_list<const Table*> dialect_tables, bool generic) {
  Registry r;
  r.Add(SharedFunctions(), false);
  for (const Table* t : dialect_tables) r.Add(*t, !generic);
  return r;
}

const Registry& RegistryOf(std::string_view dialect) {
  static const Registry generic =
      Build({&DuckDbFunctions(), &DatabricksFunctions(), &SnowflakeFunctions()}, true);
  static const Registry duckdb = Build({&DuckDbFunctions()}, false);
  static const Registry databricks = Build({&DatabricksFunctions()}, false);
  static const Registry snowflake = Build({&SnowflakeFunctions()}, false);
  const sql::Dialect* d = sql::FindDialect(dialect);
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

const Type& ArgType(std::span<const ColumnType> args, size_t i) {
  static const Type unknown;
  return i < args.size() ? args[i].type : unknown;
}

Type Supertype(std::span<const ColumnType> args, size_t from) {
  if (from >= args.size()) return Type::Unknown();
  Type out = Type::Null();
  for (size_t i = from; i < args.size(); ++i) {
    auto joined = CommonSupertype(out, args[i].type);
    if (!joined) return Type::Unknown();
    out = std::move(*joined);
  }
  return out;
}

Type ArrayOf(Type element) {
  if (!element.IsKnown()) return Type::Array();
  return Type::Array(std::move(element));
}

Type ResultOnly(const FunctionSignature& sig, std::span<const ColumnType> args) {
  const Type& a = ArgType(args, sig.arg);
  switch (sig.rule) {
    case ReturnRule::kFixed:
      return sig.fixed;
    case ReturnRule::kArg:
      return a;
    case ReturnRule::kSupertype:
      return Supertype(args, sig.arg);
    case ReturnRule::kSum:
      if (a.IsInteger()) return Type::Int64();
      if (a.IsFloat()) return Type::Float64();
      if (a.Is(TypeKind::kDecimal))
        return a.parameterized() ? Type::Decimal(kMaxDecimalPrecision, a.scale()) : Type::Decimal();
      return Type::Unknown();
    case ReturnRule::kAvg:
      if (a.Is(TypeKind::kDecimal)) return Type::Decimal();
      if (a.IsInteger() || a.IsFloat()) return Type::Float64();
      return Type::Unknown();
    case ReturnRule::kArrayOf:
      return ArrayOf(a);
    case ReturnRule::kArrayOfSupertype:
      return ArrayOf(Supertype(args, sig.arg));
    case ReturnRule::kElementOf:
      if (a.Is(TypeKind::kArray)) return a.element();
      if (a.Is(TypeKind::kMap)) return a.value();
      if (a.Is(TypeKind::kVariant)) return Type::Variant();
      return Type::Unknown();
    case ReturnRule::kTemporalArg:
      for (const auto& arg : args)
        if (arg.type.IsTemporal()) return arg.type;
      return Type::Unknown();
    case ReturnRule::kEpoch:
      if (a.IsInteger()) return Type::Timestamp();
      if (a.IsTemporal()) return Type::Int64();
      return Type::Unknown();
  }
  return Type::Unknown();
}

// The result's nullability (ColumnType::nullability_known as for NullWhenEither): `type` set by
// the caller.
ColumnType Nullability(const FunctionSignature& sig, std::span<const ColumnType> args) {
  const ColumnType not_null{Type::Unknown(), false, true};
  const ColumnType nullable{Type::Unknown(), true, true};
  size_t from = std::min<size_t>(sig.null_from, args.size());
  auto rest = args.subspan(from);
  switch (sig.nulls) {
    case NullRule::kNever:
      return not_null;
    case NullRule::kAlways:
      return nullable;
    case NullRule::kAnyArg: {
      ColumnType result = not_null;
      for (const auto& a : rest) result = NullWhenEither(Type::Unknown(), result, a);
      return result;
    }
    case NullRule::kAllArgs: {
      // NULL only when every argument is: one known NOT NULL argument decides.
      if (rest.empty()) return not_null;
      bool all_known = true;
      for (const auto& a : rest) {
        if (a.nullability_known && !a.nullable) return not_null;
        all_known = all_known && a.nullability_known;
      }
      return ColumnType{Type::Unknown(), true, all_known};
    }
  }
  return nullable;
}

}  // namespace

const FunctionSignature* LookupFunction(std::string_view name, std::string_view dialect) {
  const auto& r = RegistryOf(dialect);
  auto it = r.by_name.find(ToUpper(name));
  return it == r.by_name.end() ? nullptr : it->second;
}

ColumnType ResultType(const FunctionSignature& signature, std::span<const ColumnType> args) {
  ColumnType result = Nullability(signature, args);
  result.type = ResultOnly(signature, args);
  return result;
}

std::span<const FunctionSignature* const> FunctionsOf(std::string_view dialect) {
  return RegistryOf(dialect).all;
}

}  // namespace rocky::compiler
