#pragma once
// Expression nodes (included by sql/ast.h).

namespace rocky::sql {

#define ROCKY_SQL_EXPR_KINDS(X)                                                                \
  X(Literal) X(Column) X(Star) X(Param) X(Unary) X(Binary) X(Paren) X(Tuple) X(Func) X(Cast)   \
  X(Case) X(Between) X(InList) X(InQuery) X(Exists) X(Subquery) X(Like) X(Is) X(Interval)      \
  X(TypedLiteral) X(ArrayLit) X(StructLit) X(MapLit) X(Subscript) X(Field) X(Lambda)           \
  X(Quantified) X(Extract) X(AtTimeZone) X(Collate) X(VariantPath) X(NamedArg) X(Alias)        \
  X(GroupingSet) X(Over) X(Columns) X(OdbcEscape) X(ListComprehension)   \
  X(ScriptTransform) X(TableArg)

enum class ExprKind : uint8_t {
#define ROCKY_SQL_ENUM(name) k##name,
  ROCKY_SQL_EXPR_KINDS(ROCKY_SQL_ENUM)
#undef ROCKY_SQL_ENUM
};

struct Expr {
  ExprKind kind;
  SrcRange span;
};

enum class LiteralKind : uint8_t { kNumber, kString, kTrue, kFalse, kNull };

struct Literal : Expr {
  static constexpr ExprKind kKind = ExprKind::kLiteral;
  LiteralKind lit = LiteralKind::kNull;
  StringForm form = StringForm::kPlain;
  bool backslash = false;  // strings: backslash escapes were in force
  char quote = '\'';
  std::string_view text;   // numbers: as written; strings: between the quotes, undecoded
  // Equality decodes strings (tree_equal.cc); no Tie().
};

struct Column : Expr {
  static constexpr ExprKind kKind = ExprKind::kColumn;
  Name name;
  auto Tie() const { return std::tie(name); }
};

/// `expr AS alias` inside star REPLACE / RENAME lists and similar.
struct AliasedExpr {
  Expr* expr = nullptr;
  Ident alias;
  auto Tie() const { return std::tie(expr, alias); }
};

enum class LikeOp : uint8_t { kLike, kILike, kRLike, kRegexp, kSimilarTo, kGlob };

/// `*`, `t.*`, with DuckDB/Snowflake EXCLUDE (Spark/BigQuery EXCEPT), REPLACE and RENAME.
struct Star : Expr {
  static constexpr ExprKind kKind = ExprKind::kStar;
  bool has_exclude = false;  // `EXCLUDE ()` / `EXCEPT ()` given, possibly empty
  LikeOp pattern_op{};       // (one-byte fields first: they fill the padding after Expr)
  Name qualifier;
  List<Name> exclude;
  List<AliasedExpr*> replace;
  List<AliasedExpr*> rename;
  Expr* pattern = nullptr;   // `* LIKE 'x%'` (DuckDB), `* ILIKE 'x%'` (Snowflake)
  auto Tie() const {
    return std::tie(qualifier, exclude, replace, rename, has_exclude, pattern, pattern_op);
  }
};

/// kHash: DuckDB's positional column `#2` (name "2").
enum class ParamKind : uint8_t { kQuestion, kColon, kAt, kDollar, kHash };

struct Param : Expr {
  static constexpr ExprKind kKind = ExprKind::kParam;
  ParamKind param = ParamKind::kQuestion;
  std::string_view name;  // without the sigil; "" for ?
  bool quoted = false;    // @"x"
  auto Tie() const { return std::tie(param, name, quoted); }
};

enum class UnaryOp : uint8_t { kNeg, kPlus, kNot, kBitNot, kPrior, kConnectByRoot, kAbs };  // kAbs: DuckDB `@x`

struct Unary : Expr {
  static constexpr ExprKind kKind = ExprKind::kUnary;
  UnaryOp op = UnaryOp::kNot;
  Expr* operand = nullptr;
  auto Tie() const { return std::tie(op, operand); }
};

#define ROCKY_SQL_BINARY_OPS(X)                                                                  \
  X(Or, "OR") X(And, "AND") X(Eq, "=") X(EqEq, "==") X(Ne, "<>") X(Lt, "<") X(Le, "<=")          \
  X(Gt, ">") X(Ge, ">=") X(NullSafeEq, "<=>") X(Add, "+") X(Sub, "-") X(Mul, "*") X(Div, "/")    \
  X(Mod, "%") X(IntDiv, "//") X(DivKw, "DIV") X(Pow, "**") X(Concat, "||") X(BitAnd, "&")        \
  X(BitOr, "|") X(BitXor, "^") X(Shl, "<<") X(Shr, ">>") X(Arrow, "->") X(LongArrow, "->>")      \
  X(StartsWith, "^@") X(Contains, "@>") X(ContainedBy, "<@") X(Adjacent, "-|-")                  \
  X(Overlaps, "OVERLAPS") X(ArrayOverlap, "&&")   \
  X(Distance, "<->") X(CosineDistance, "<=>") X(NegInnerProduct, "<#>")

enum class BinaryOp : uint8_t {
#define ROCKY_SQL_ENUM(name, text) k##name,
  ROCKY_SQL_BINARY_OPS(ROCKY_SQL_ENUM)
#undef ROCKY_SQL_ENUM
};

struct Binary : Expr {
  static constexpr ExprKind kKind = ExprKind::kBinary;
  BinaryOp op = BinaryOp::kEq;
  Expr* lhs = nullptr;
  Expr* rhs = nullptr;
  auto Tie() const { return std::tie(op, lhs, rhs); }
};

struct Paren : Expr {
  static constexpr ExprKind kKind = ExprKind::kParen;
  Expr* inner = nullptr;
  auto Tie() const { return std::tie(inner); }
};

/// `(a, b)`, `()` (an empty grouping set).
struct Tuple : Expr {
  static constexpr ExprKind kKind = ExprKind::kTuple;
  List<Expr*> items;
  auto Tie() const { return std::tie(items); }
};

enum class NullTreatment : uint8_t { kNone, kIgnoreNulls, kRespectNulls };
enum class FromEnd : uint8_t { kNone, kFirst, kLast };
/// f(…), POSITION(a IN b), MAP[…], model!METHOD(…) (Snowflake), keyword-separated arguments
/// (TRIM(BOTH x FROM y), OVERLAY(a PLACING b FROM c), DATE_PART(year FROM d): Func::arg_words).
// kCallee: the receiver is the function itself, named by an expression (Snowflake
// `IDENTIFIER('f')(args)`); the call has no name of its own.
enum class FuncSyntax : uint8_t { kCall, kPositionIn, kBrackets, kBang, kKeywords, kCallee };

/// The words of a keyword-separated call (FuncSyntax::kKeywords): the word before each argument
/// (invalid for none) and a leading word (TRIM's BOTH / LEADING / TRAILING). Kept out of Func,
/// which every call allocates.
struct FuncKeywords {
  List<Ident> arg_words;
  Ident lead_word;
  auto Tie() const { return std::tie(arg_words, lead_word); }
};

/// A function call, aggregate or window function. `receiver` is set for method-style calls
/// (`a['x'].f()`).
struct Func : Expr {
  static constexpr ExprKind kKind = ExprKind::kFunc;
  // The one-byte fields sit together (in the padding after Expr's 12 bytes and after order_by):
  // a parse allocates many calls, so the node stays small.
  bool distinct = false;
  NullTreatment nulls = NullTreatment::kNone;
  bool nulls_inside = false;  // IGNORE NULLS written inside the parentheses
  FuncSyntax syntax = FuncSyntax::kCall;
  Name name;
  Expr* receiver = nullptr;
  List<Expr*> args;
  List<OrderItem*> order_by;  // ARRAY_AGG(x ORDER BY y)
  bool nulls_after_order = false;  // … after the argument ORDER BY (spelling)
  FromEnd from_end = FromEnd::kNone;  // Snowflake NTH_VALUE(…) FROM FIRST | LAST
  Expr* filter = nullptr;     // FILTER (WHERE …)
  List<OrderItem*> within_group;
  WindowSpec* over = nullptr;
  List<Ident> clause_words;     // JSON_OBJECT(… ABSENT ON NULL WITH UNIQUE KEYS)
  DataType* returning = nullptr;  // JSON_OBJECT(… RETURNING type [FORMAT JSON …])
  List<Ident> returning_words;
  FuncKeywords* keywords = nullptr;  // FuncSyntax::kKeywords
  auto Tie() const {
    return std::tie(name, receiver, args, distinct, order_by, nulls, nulls_inside, from_end, filter,
                    within_group, over, syntax, clause_words, returning, returning_words,
                    keywords);
  }
};

enum class CastStyle : uint8_t { kFunction, kColons };  // CAST(x AS t) vs x::t (spelling only)
/// Snowflake `CAST(obj AS OBJECT(…) RENAME FIELDS | ADD FIELDS)`.
enum class CastFields : uint8_t { kNone, kRename, kAdd };

/// `CAST(x AS t)`, `x::t`; a try-cast is `TRY_CAST(x AS t)` or Databricks `x?::t`.
struct Cast : Expr {
  static constexpr ExprKind kKind = ExprKind::kCast;
  Expr* expr = nullptr;
  DataType* type = nullptr;
  bool try_cast = false;
  CastStyle style = CastStyle::kFunction;
  CastFields fields = CastFields::kNone;
  auto Tie() const { return std::tie(expr, type, try_cast, fields); }
};

struct WhenClause {
  Expr* condition = nullptr;
  Expr* result = nullptr;
  auto Tie() const { return std::tie(condition, result); }
};

struct Case : Expr {
  static constexpr ExprKind kKind = ExprKind::kCase;
  Expr* operand = nullptr;
  List<WhenClause*> whens;
  Expr* else_result = nullptr;
  auto Tie() const { return std::tie(operand, whens, else_result); }
};

struct Between : Expr {
  static constexpr ExprKind kKind = ExprKind::kBetween;
  Expr* expr = nullptr;
  Expr* low = nullptr;
  Expr* high = nullptr;
  bool negated = false;
  bool symmetric = false;
  auto Tie() const { return std::tie(expr, low, high, negated, symmetric); }
};

/// `x IN (a, b)`; with `bare`, DuckDB's `x IN list_expr` (membership in a list value; one item).
struct InList : Expr {
  static constexpr ExprKind kKind = ExprKind::kInList;
  Expr* expr = nullptr;
  List<Expr*> items;
  bool negated = false;
  bool bare = false;
  auto Tie() const { return std::tie(expr, items, negated, bare); }
};

struct InQuery : Expr {
  static constexpr ExprKind kKind = ExprKind::kInQuery;
  Expr* expr = nullptr;
  Query* query = nullptr;
  bool negated = false;
  auto Tie() const { return std::tie(expr, query, negated); }
};

struct Exists : Expr {
  static constexpr ExprKind kKind = ExprKind::kExists;
  Query* query = nullptr;
  auto Tie() const { return std::tie(query); }
};

/// A scalar subquery `(SELECT …)`; `bare`: a function argument written without its own
/// parentheses (DuckDB `ARRAY(SELECT …)`).
struct Subquery : Expr {
  static constexpr ExprKind kKind = ExprKind::kSubquery;
  bool bare = false;  // (first: it fills the padding after Expr)
  Query* query = nullptr;
  auto Tie() const { return std::tie(query, bare); }
};

enum class Quantifier : uint8_t { kNone, kAny, kSome, kAll };

struct Like : Expr {
  static constexpr ExprKind kKind = ExprKind::kLike;
  LikeOp op = LikeOp::kLike;
  Expr* expr = nullptr;
  Expr* pattern = nullptr;
  Expr* escape = nullptr;
  bool negated = false;
  Quantifier quantifier = Quantifier::kNone;  // LIKE ANY (…)
  bool symbol = false;  // DuckDB `~~`, `!~~*`, `~~~`, `~` (spelling)
  auto Tie() const { return std::tie(op, expr, pattern, escape, negated, quantifier); }
};

enum class IsWhat : uint8_t { kNull, kTrue, kFalse, kUnknown, kDistinctFrom, kExpr };

/// `x IS [NOT] NULL|TRUE|FALSE|UNKNOWN`, `x IS [NOT] DISTINCT FROM y`, `x ISNULL`.
struct Is : Expr {
  static constexpr ExprKind kKind = ExprKind::kIs;
  IsWhat what = IsWhat::kNull;
  Expr* expr = nullptr;
  Expr* rhs = nullptr;
  bool negated = false;
  auto Tie() const { return std::tie(what, expr, rhs, negated); }
};

/// One more `value unit` pair of a Spark multi-unit interval, and the ones after it.
struct IntervalPart {
  Expr* value = nullptr;
  Ident unit;
  IntervalPart* next = nullptr;
  auto Tie() const { return std::tie(value, unit, next); }
};

/// `INTERVAL '1' DAY`, `INTERVAL '1' HOUR TO SECOND`, `INTERVAL '1 day'`, Spark's
/// `INTERVAL 1 HOUR 30 MINUTES` (the parts after the first in `more`, a chain: intervals are
/// frequent and seldom multi-unit, so the node stays small).
struct Interval : Expr {
  static constexpr ExprKind kKind = ExprKind::kInterval;
  Expr* value = nullptr;
  Ident unit;
  Ident to_unit;
  IntervalPart* more = nullptr;
  auto Tie() const { return std::tie(value, unit, to_unit, more); }
};

/// `DATE '2024-01-01'`, `TIMESTAMP '…'`.
struct TypedLiteral : Expr {
  static constexpr ExprKind kKind = ExprKind::kTypedLiteral;
  DataType* type = nullptr;
  Literal* value = nullptr;
  auto Tie() const { return std::tie(type, value); }
};

enum class ArrayStyle : uint8_t { kBrackets, kArrayBrackets };  // [1, 2] vs ARRAY[1, 2]

struct ArrayLit : Expr {
  static constexpr ExprKind kKind = ExprKind::kArrayLit;
  List<Expr*> items;
  ArrayStyle style = ArrayStyle::kBrackets;
  auto Tie() const { return std::tie(items, style); }
};

struct KeyValue {
  Expr* key = nullptr;
  Expr* value = nullptr;
  auto Tie() const { return std::tie(key, value); }
};

/// DuckDB `{'a': 1}`, Snowflake object constants.
struct StructLit : Expr {
  static constexpr ExprKind kKind = ExprKind::kStructLit;
  List<KeyValue*> entries;
  auto Tie() const { return std::tie(entries); }
};

/// DuckDB `MAP {k: v}`.
struct MapLit : Expr {
  static constexpr ExprKind kKind = ExprKind::kMapLit;
  List<KeyValue*> entries;
  auto Tie() const { return std::tie(entries); }
};

/// `x[i]`, `x[a:b]` (either bound may be absent), DuckDB `x[a:b:step]`.
struct Subscript : Expr {
  static constexpr ExprKind kKind = ExprKind::kSubscript;
  Expr* base = nullptr;
  Expr* index = nullptr;
  Expr* end = nullptr;
  Expr* step = nullptr;
  bool slice = false;
  bool end_dash = false;  // DuckDB `x[:-:-1]`: `-` for the end bound, to the end of the list
  auto Tie() const { return std::tie(base, index, end, step, slice, end_dash); }
};

/// `(expr).field`, `a[0].b`.
struct Field : Expr {
  static constexpr ExprKind kKind = ExprKind::kField;
  Expr* base = nullptr;
  Ident name;
  auto Tie() const { return std::tie(base, name); }
};

enum class LambdaStyle : uint8_t { kArrow, kKeyword };  // x -> e  vs  lambda x: e (DuckDB)

/// `x -> e`, `(x, y) -> e`, `lambda x: e`; Snowflake types its parameters (`(a INT) -> e`):
/// `param_types` is then parallel to `params` (nullptr where a parameter has no type).
struct Lambda : Expr {
  static constexpr ExprKind kKind = ExprKind::kLambda;
  List<Ident> params;
  List<DataType*> param_types;
  Expr* body = nullptr;
  bool parens = false;
  LambdaStyle style = LambdaStyle::kArrow;
  auto Tie() const { return std::tie(params, param_types, body, parens, style); }
};

/// The right side of `x = ANY (SELECT …)` / `x > ALL (…)`.
struct Quantified : Expr {
  static constexpr ExprKind kKind = ExprKind::kQuantified;
  Quantifier quantifier = Quantifier::kAny;
  Query* query = nullptr;
  Expr* expr = nullptr;
  auto Tie() const { return std::tie(quantifier, query, expr); }
};

struct Extract : Expr {
  static constexpr ExprKind kKind = ExprKind::kExtract;
  bool comma = false;     // Snowflake `EXTRACT('month', x)` (spelling; first: fills Expr's padding)
  Expr* field = nullptr;  // YEAR, or WEEK(monday)
  Expr* source = nullptr;
  auto Tie() const { return std::tie(field, source); }
};

struct AtTimeZone : Expr {
  static constexpr ExprKind kKind = ExprKind::kAtTimeZone;
  Expr* expr = nullptr;
  Expr* zone = nullptr;
  auto Tie() const { return std::tie(expr, zone); }
};

struct Collate : Expr {
  static constexpr ExprKind kKind = ExprKind::kCollate;
  Expr* expr = nullptr;
  Expr* collation = nullptr;
  auto Tie() const { return std::tie(expr, collation); }
};

/// One step of a semi-structured path: `.key` / `:key` or `[index]` (Databricks also `:[index]`
/// as the first step).
struct PathStep {
  Ident key;
  Expr* index = nullptr;
  auto Tie() const { return std::tie(key, index); }
};

/// Snowflake / Databricks `v:a.b[0]`.
struct VariantPath : Expr {
  static constexpr ExprKind kKind = ExprKind::kVariantPath;
  Expr* base = nullptr;
  List<PathStep*> steps;
  auto Tie() const { return std::tie(base, steps); }
};

enum class NamedArgStyle : uint8_t { kArrow, kColonEq, kColon };  // n => v, n := v, 'k': v

struct NamedArg : Expr {
  static constexpr ExprKind kKind = ExprKind::kNamedArg;
  Ident name;
  Expr* key = nullptr;  // JSON_OBJECT('k': v) keys (style kColon)
  Expr* value = nullptr;
  NamedArgStyle style = NamedArgStyle::kArrow;
  auto Tie() const { return std::tie(name, key, value, style); }
};

/// `expr AS name` where an expression list allows aliases (STRUCT(x AS y), PIVOT … IN (…)).
struct Alias : Expr {
  static constexpr ExprKind kKind = ExprKind::kAlias;
  Expr* expr = nullptr;
  Ident alias;
  List<Ident> columns;  // POSEXPLODE(x) AS (a, b)
  auto Tie() const { return std::tie(expr, alias, columns); }
};

enum class GroupingKind : uint8_t { kSets, kRollup, kCube };

struct GroupingSet : Expr {
  static constexpr ExprKind kKind = ExprKind::kGroupingSet;
  GroupingKind grouping = GroupingKind::kSets;
  List<Expr*> items;
  auto Tie() const { return std::tie(grouping, items); }
};

/// `expr OVER (…)` on something other than a function call (generic dialect only).
struct Over : Expr {
  static constexpr ExprKind kKind = ExprKind::kOver;
  Expr* expr = nullptr;
  WindowSpec* spec = nullptr;
  auto Tie() const { return std::tie(expr, spec); }
};

/// DuckDB `COLUMNS(selector)` (a regex string, a list of names, a lambda over names or a star
/// expression): one column per input column the selector picks; `unpack` for `*COLUMNS(…)`,
/// which spreads them as separate arguments of the enclosing call.
struct Columns : Expr {
  static constexpr ExprKind kKind = ExprKind::kColumns;
  Expr* selector = nullptr;
  bool unpack = false;
  auto Tie() const { return std::tie(selector, unpack); }
};

/// An ODBC escape (Snowflake): `{fn f(…)}` (call: the function call) or a date/time literal
/// `{d '2024-01-31'}`, `{t '10:00:00'}`, `{ts '2024-01-31 10:00:00'}` (call: the string).
enum class OdbcForm : uint8_t { kFn, kDate, kTime, kTimestamp };
struct OdbcEscape : Expr {
  static constexpr ExprKind kKind = ExprKind::kOdbcEscape;
  OdbcForm form = OdbcForm::kFn;
  Expr* call = nullptr;
  auto Tie() const { return std::tie(form, call); }
};

/// DuckDB `[expr FOR x[, i] IN list [IF cond]]`.
struct ListComprehension : Expr {
  static constexpr ExprKind kKind = ExprKind::kListComprehension;
  Expr* expr = nullptr;
  List<Ident> vars;
  Expr* source = nullptr;
  Expr* condition = nullptr;
  auto Tie() const { return std::tie(expr, vars, source, condition); }
};

/// Spark/Hive `ROW FORMAT SERDE 'class' [WITH SERDEPROPERTIES (…)]` or `ROW FORMAT DELIMITED …`,
/// kept as its words and literals in order.
struct RowFormat {
  List<Expr*> items;  // Column nodes for words, Literal nodes for strings, Tuple for (k = v, …)
  auto Tie() const { return std::tie(items); }
};

/// Spark `TRANSFORM(args) [ROW FORMAT …] USING 'command' [AS (name [type], …) | AS name, …]
/// [ROW FORMAT …]` as the single item of a SELECT list.
struct ScriptTransform : Expr {
  static constexpr ExprKind kKind = ExprKind::kScriptTransform;
  List<Expr*> args;
  RowFormat* in_format = nullptr;
  Literal* command = nullptr;
  List<Ident> out_names;
  List<DataType*> out_types;  // parallel to out_names, nullptr entries when untyped
  bool out_parens = false;
  RowFormat* out_format = nullptr;
  auto Tie() const {
    return std::tie(args, in_format, command, out_names, out_types, out_parens, out_format);
  }
};

/// A table argument of a function call: `TABLE(t)`, `TABLE(SELECT …)` (Snowflake model methods
/// and table functions, Databricks table-valued functions). `table` is a Table or a Derived.
struct TableArg : Expr {
  static constexpr ExprKind kKind = ExprKind::kTableArg;
  TableRef* table = nullptr;
  auto Tie() const { return std::tie(table); }
};

/// A type name: `INT`, `DECIMAL(10, 2)`, `ARRAY<INT>`, `INT[]`, `STRUCT<a: INT>`,
/// `STRUCT(a INT)`, `TIMESTAMP WITH TIME ZONE`. Words are kept as written.
enum class TypeSyntax : uint8_t { kPlain, kAngle, kParen, kArraySuffix };

struct StructFieldType {
  Ident name;
  DataType* type = nullptr;
  bool colon = false;       // `a: INT` (spelling)
  bool not_null = false;    // `a INT NOT NULL` (Snowflake OBJECT, Spark STRUCT)
  Literal* comment = nullptr;  // Spark `a: INT COMMENT '…'`
  auto Tie() const { return std::tie(name, type, not_null, comment); }
};

struct DataType {
  SrcRange span;
  List<Ident> words;              // DOUBLE PRECISION, TIMESTAMP, …
  List<Expr*> params;             // (10, 2)
  List<Ident> suffix;             // WITH TIME ZONE, UNSIGNED
  TypeSyntax syntax = TypeSyntax::kPlain;
  List<DataType*> elements;       // ARRAY<T>, MAP<K, V>, T[] (element in [0])
  List<StructFieldType*> fields;  // STRUCT<…> / STRUCT(…)
  List<Expr*> array_sizes;        // T[3] (nullptr entries for T[])
  const Ident* collation_ = nullptr;  // Databricks `STRING COLLATE UTF8_LCASE` (rare: out of line)
  /// The COLLATE name, invalid when there is none.
  const Ident& collation() const {
    static const Ident kNone;
    return collation_ ? *collation_ : kNone;
  }
  auto Tie() const {
    return std::tie(words, params, suffix, syntax, elements, fields, array_sizes, collation());
  }
};

}  // namespace rocky::sql
