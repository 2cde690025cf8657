#pragma once
// Expression nodes (included by sql/ast.h).

namespace rocky::sql {

#define ROCKY_SQL_EXPR_KINDS(X)                                                                \
  X(Literal) X(Column) X(Star) X(Param) X(Unary) X(Binary) X(Paren) X(Tuple) X(Func) X(Cast)   \
  X(Case) X(Between) X(InList) X(InQuery) X(Exists) X(Subquery) X(Like) X(Is) X(Interval)      \
  X(TypedLiteral) X(ArrayLit) X(StructLit) X(MapLit) X(Subscript) X(Field) X(Lambda)           \
  X(Quantified) X(Extract) X(AtTimeZone) X(Collate) X(VariantPath) X(NamedArg) X(Alias)        \
  X(GroupingSet) X(Over)

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

/// `*`, `t.*`, with DuckDB/Snowflake EXCLUDE (Spark/BigQuery EXCEPT), REPLACE and RENAME.
struct Star : Expr {
  static constexpr ExprKind kKind = ExprKind::kStar;
  Name qualifier;
  List<Name> exclude;
  List<AliasedExpr*> replace;
  List<AliasedExpr*> rename;
  bool has_exclude = false;  // `EXCLUDE ()` / `EXCEPT ()` given, possibly empty
  auto Tie() const { return std::tie(qualifier, exclude, replace, rename, has_exclude); }
};

enum class ParamKind : uint8_t { kQuestion, kColon, kAt, kDollar };

struct Param : Expr {
  static constexpr ExprKind kKind = ExprKind::kParam;
  ParamKind param = ParamKind::kQuestion;
  std::string_view name;  // without the sigil; "" for ?
  bool quoted = false;    // @"x"
  auto Tie() const { return std::tie(param, name, quoted); }
};

enum class UnaryOp : uint8_t { kNeg, kPlus, kNot, kBitNot, kPrior, kConnectByRoot };

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
  X(Overlaps, "OVERLAPS")

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
enum class FuncSyntax : uint8_t { kCall, kPositionIn, kBrackets };  // f(…), POSITION(a IN b), MAP[…]

/// A function call, aggregate or window function. `receiver` is set for method-style calls
/// (`a['x'].f()`).
struct Func : Expr {
  static constexpr ExprKind kKind = ExprKind::kFunc;
  Name name;
  Expr* receiver = nullptr;
  List<Expr*> args;
  bool distinct = false;
  List<OrderItem*> order_by;  // ARRAY_AGG(x ORDER BY y)
  NullTreatment nulls = NullTreatment::kNone;
  bool nulls_inside = false;  // IGNORE NULLS written inside the parentheses
  Expr* filter = nullptr;     // FILTER (WHERE …)
  List<OrderItem*> within_group;
  WindowSpec* over = nullptr;
  FuncSyntax syntax = FuncSyntax::kCall;
  List<Ident> clause_words;     // JSON_OBJECT(… ABSENT ON NULL WITH UNIQUE KEYS)
  DataType* returning = nullptr;  // JSON_OBJECT(… RETURNING type [FORMAT JSON …])
  List<Ident> returning_words;
  auto Tie() const {
    return std::tie(name, receiver, args, distinct, order_by, nulls, nulls_inside, filter,
                    within_group, over, syntax, clause_words, returning, returning_words);
  }
};

enum class CastStyle : uint8_t { kFunction, kColons };  // CAST(x AS t) vs x::t (spelling only)

struct Cast : Expr {
  static constexpr ExprKind kKind = ExprKind::kCast;
  Expr* expr = nullptr;
  DataType* type = nullptr;
  bool try_cast = false;
  CastStyle style = CastStyle::kFunction;
  auto Tie() const { return std::tie(expr, type, try_cast); }
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

struct InList : Expr {
  static constexpr ExprKind kKind = ExprKind::kInList;
  Expr* expr = nullptr;
  List<Expr*> items;
  bool negated = false;
  auto Tie() const { return std::tie(expr, items, negated); }
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

/// A scalar subquery `(SELECT …)`.
struct Subquery : Expr {
  static constexpr ExprKind kKind = ExprKind::kSubquery;
  Query* query = nullptr;
  auto Tie() const { return std::tie(query); }
};

enum class LikeOp : uint8_t { kLike, kILike, kRLike, kRegexp, kSimilarTo, kGlob };
enum class Quantifier : uint8_t { kNone, kAny, kSome, kAll };

struct Like : Expr {
  static constexpr ExprKind kKind = ExprKind::kLike;
  LikeOp op = LikeOp::kLike;
  Expr* expr = nullptr;
  Expr* pattern = nullptr;
  Expr* escape = nullptr;
  bool negated = false;
  Quantifier quantifier = Quantifier::kNone;  // LIKE ANY (…)
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

/// `INTERVAL '1' DAY`, `INTERVAL '1' HOUR TO SECOND`, `INTERVAL '1 day'`.
struct Interval : Expr {
  static constexpr ExprKind kKind = ExprKind::kInterval;
  Expr* value = nullptr;
  Ident unit;
  Ident to_unit;
  auto Tie() const { return std::tie(value, unit, to_unit); }
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

/// `x[i]`, `x[a:b]` (either bound may be absent).
struct Subscript : Expr {
  static constexpr ExprKind kKind = ExprKind::kSubscript;
  Expr* base = nullptr;
  Expr* index = nullptr;
  Expr* end = nullptr;
  bool slice = false;
  auto Tie() const { return std::tie(base, index, end, slice); }
};

/// `(expr).field`, `a[0].b`.
struct Field : Expr {
  static constexpr ExprKind kKind = ExprKind::kField;
  Expr* base = nullptr;
  Ident name;
  auto Tie() const { return std::tie(base, name); }
};

enum class LambdaStyle : uint8_t { kArrow, kKeyword };  // x -> e  vs  lambda x: e (DuckDB)

struct Lambda : Expr {
  static constexpr ExprKind kKind = ExprKind::kLambda;
  List<Ident> params;
  Expr* body = nullptr;
  bool parens = false;
  LambdaStyle style = LambdaStyle::kArrow;
  auto Tie() const { return std::tie(params, body, parens, style); }
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

/// One step of a semi-structured path: `.key` / `:key` or `[index]`.
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

/// A type name: `INT`, `DECIMAL(10, 2)`, `ARRAY<INT>`, `INT[]`, `STRUCT<a: INT>`,
/// `STRUCT(a INT)`, `TIMESTAMP WITH TIME ZONE`. Words are kept as written.
enum class TypeSyntax : uint8_t { kPlain, kAngle, kParen, kArraySuffix };

struct StructFieldType {
  Ident name;
  DataType* type = nullptr;
  bool colon = false;  // `a: INT` (spelling)
  auto Tie() const { return std::tie(name, type); }
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
  auto Tie() const { return std::tie(words, params, suffix, syntax, elements, fields, array_sizes); }
};

}  // namespace rocky::sql
