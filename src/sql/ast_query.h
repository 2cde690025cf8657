#pragma once
// Query and FROM-clause nodes (included by sql/ast.h).

namespace rocky::sql {

struct Sample;
struct ConnectBy;
struct TableAlias;

enum class SortDir : uint8_t { kNone, kAsc, kDesc };
enum class NullsOrder : uint8_t { kNone, kFirst, kLast };

struct OrderItem {
  SrcRange span;
  Expr* expr = nullptr;
  SortDir dir = SortDir::kNone;
  NullsOrder nulls = NullsOrder::kNone;
  auto Tie() const { return std::tie(expr, dir, nulls); }
};

enum class FrameUnit : uint8_t { kRows, kRange, kGroups };
enum class BoundKind : uint8_t {
  kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing, kOffsetOnly,
  kBareFollowing, kBarePreceding
};
enum class FrameExclude : uint8_t { kNone, kCurrentRow, kGroup, kTies, kNoOthers };

struct FrameBound {
  BoundKind kind = BoundKind::kCurrentRow;
  Expr* offset = nullptr;
  auto Tie() const { return std::tie(kind, offset); }
};

struct Frame {
  FrameUnit unit = FrameUnit::kRows;
  bool between = false;
  FrameBound start;
  FrameBound end;  // when `between`
  FrameExclude exclude = FrameExclude::kNone;
  auto Tie() const { return std::tie(unit, between, start, end, exclude); }
};

/// `OVER (w PARTITION BY … ORDER BY … ROWS …)` or `OVER w` (`named_only`).
struct WindowSpec {
  SrcRange span;
  Ident base;
  bool named_only = false;
  List<Expr*> partition_by;
  List<OrderItem*> order_by;
  Frame* frame = nullptr;
  auto Tie() const { return std::tie(base, named_only, partition_by, order_by, frame); }
};

struct NamedWindow {
  Ident name;
  WindowSpec* spec = nullptr;
  auto Tie() const { return std::tie(name, spec); }
};

struct Cte {
  SrcRange span;
  Ident name;
  List<Ident> columns;
  Query* query = nullptr;
  uint8_t materialized = 0;  // 0 unspecified, 1 MATERIALIZED, 2 NOT MATERIALIZED
  List<Ident> using_key;     // DuckDB recursive CTE `USING KEY (k, …)`
  auto Tie() const { return std::tie(name, columns, query, materialized, using_key); }
};

struct With {
  SrcRange span;
  bool recursive = false;
  List<Cte*> ctes;
  auto Tie() const { return std::tie(recursive, ctes); }
};

/// LIMIT / OFFSET / FETCH, in the form written.
struct Limit {
  SrcRange span;
  Expr* count = nullptr;        // LIMIT n / FETCH FIRST n
  Expr* offset = nullptr;
  bool limit_all = false;       // LIMIT ALL
  bool percent = false;         // LIMIT 10% / FETCH FIRST 10 PERCENT
  bool fetch = false;           // FETCH FIRST … ROWS ONLY form
  bool with_ties = false;       // FETCH … WITH TIES
  bool offset_first = false;    // OFFSET written before LIMIT / FETCH
  auto Tie() const { return std::tie(count, offset, limit_all, percent, fetch, with_ties); }
};

#define ROCKY_SQL_QUERY_KINDS(X) \
  X(Select) X(SetOp) X(Values) X(ParenQuery) X(PivotQuery) X(UtilityQuery)

enum class QueryKind : uint8_t {
#define ROCKY_SQL_ENUM(name) k##name,
  ROCKY_SQL_QUERY_KINDS(ROCKY_SQL_ENUM)
#undef ROCKY_SQL_ENUM
};

/// Common to every query form: a WITH prefix and ORDER BY / LIMIT suffixes.
struct Query {
  QueryKind kind;
  bool order_by_all = false;  // next to kind: no padding of its own
  SrcRange span;
  With* with = nullptr;
  List<OrderItem*> order_by;
  Limit* limit = nullptr;
};

struct SelectItem {
  SrcRange span;
  Expr* expr = nullptr;
  Ident alias;
  List<Ident> alias_columns;  // AS (a, b)
  auto Tie() const { return std::tie(expr, alias, alias_columns); }
};

struct GroupBy {
  SrcRange span;
  bool all = false;
  bool distinct = false;
  List<Expr*> items;  // expressions and GroupingSet nodes
  auto Tie() const { return std::tie(all, distinct, items); }
};

struct Select : Query {
  static constexpr QueryKind kKind = QueryKind::kSelect;
  bool distinct = false;
  bool from_first = false;    // DuckDB `FROM t SELECT …` (spelling)
  List<Expr*> distinct_on;
  Expr* top = nullptr;  // Snowflake TOP n
  List<SelectItem*> items;
  TableRef* from = nullptr;
  Expr* where = nullptr;
  GroupBy* group_by = nullptr;
  Expr* having = nullptr;
  List<NamedWindow*> windows;
  Expr* qualify = nullptr;
  List<Expr*> distribute_by;  // Spark
  List<OrderItem*> sort_by;   // Spark
  List<Expr*> cluster_by;     // Spark
  Sample* sample = nullptr;   // DuckDB `USING SAMPLE …` of the whole SELECT (after QUALIFY)
  ConnectBy* connect_by = nullptr;  // Snowflake hierarchical query
  auto Tie() const {
    return std::tie(with, order_by, order_by_all, limit, distinct, distinct_on, top, items, from,
                    where, group_by, having, windows, qualify, distribute_by, sort_by, cluster_by,
                    sample, connect_by);
  }
};

enum class SetOpKind : uint8_t { kUnion, kIntersect, kExcept };
enum class SetQuantifier : uint8_t { kNone, kAll, kDistinct };

struct SetOp : Query {
  static constexpr QueryKind kKind = QueryKind::kSetOp;
  SetOpKind op = SetOpKind::kUnion;
  SetQuantifier quantifier = SetQuantifier::kNone;
  bool by_name = false;
  bool minus = false;  // EXCEPT spelled MINUS (spelling)
  Query* left = nullptr;
  Query* right = nullptr;
  auto Tie() const {
    return std::tie(with, order_by, order_by_all, limit, op, quantifier, by_name, left, right);
  }
};

struct Values : Query {
  static constexpr QueryKind kKind = QueryKind::kValues;
  List<Expr*> rows;  // Tuple per row (or a bare expression for one-column rows)
  TableAlias* alias = nullptr;  // Spark / Snowflake inline table `VALUES … AS t(c)` as a query
  auto Tie() const { return std::tie(with, order_by, order_by_all, limit, rows, alias); }
};

struct ParenQuery : Query {
  static constexpr QueryKind kKind = QueryKind::kParenQuery;
  Query* inner = nullptr;
  auto Tie() const { return std::tie(with, order_by, order_by_all, limit, inner); }
};

/// DuckDB's PIVOT / UNPIVOT statement used as a query (`PIVOT t ON c USING sum(x) GROUP BY g`):
/// `pivot` is a Pivot or Unpivot node with `statement` set. It reads like `SELECT * FROM pivot`.
struct PivotQuery : Query {
  static constexpr QueryKind kKind = QueryKind::kPivotQuery;
  TableRef* pivot = nullptr;
  auto Tie() const { return std::tie(with, order_by, order_by_all, limit, pivot); }
};

enum class UtilityKind : uint8_t { kDescribe, kShow, kSummarize };

/// DuckDB's DESCRIBE / SHOW / SUMMARIZE used as a query (`FROM (DESCRIBE t)`): of a table (a
/// Table node, so it is a table reference) or of a query.
struct UtilityQuery : Query {
  static constexpr QueryKind kKind = QueryKind::kUtilityQuery;
  UtilityKind utility = UtilityKind::kDescribe;
  TableRef* table = nullptr;
  Query* query = nullptr;
  auto Tie() const { return std::tie(with, order_by, order_by_all, limit, utility, table, query); }
};

/// Snowflake `START WITH cond CONNECT BY [NOCYCLE] cond` (either order).
struct ConnectBy {
  SrcRange span;
  Expr* start_with = nullptr;
  List<Expr*> connect_by;   // comma-separated conditions (PRIOR is a Unary operator)
  bool nocycle = false;
  bool start_first = true;  // START WITH written before CONNECT BY (spelling)
  bool after_where = false;  // written after WHERE rather than before it (spelling)
  auto Tie() const { return std::tie(start_with, connect_by, nocycle); }
};

// ---- FROM clause ----

struct TableAlias {
  Ident name;
  List<Ident> columns;
  auto Tie() const { return std::tie(name, columns); }
};

enum class SampleUnit : uint8_t { kNone, kPercent, kRows, kPercentSign };
enum class SampleSyntax : uint8_t { kTableSample, kSample, kUsingSample };

struct Sample {
  SampleSyntax syntax = SampleSyntax::kTableSample;
  Ident method;  // BERNOULLI, SYSTEM, BLOCK, RESERVOIR, ROW
  Expr* size = nullptr;
  SampleUnit unit = SampleUnit::kNone;
  bool parens = true;
  Expr* bucket = nullptr;  // BUCKET x OUT OF y [ON z]
  Expr* bucket_total = nullptr;
  Expr* bucket_on = nullptr;
  Expr* seed = nullptr;
  bool seed_keyword = false;  // SEED (n) vs REPEATABLE (n)
  bool method_after = false;  // DuckDB `10% (bernoulli[, seed])`
  auto Tie() const {
    return std::tie(syntax, method, size, unit, parens, bucket, bucket_total, bucket_on, seed,
                    seed_keyword, method_after);
  }
};

/// Snowflake `AT (TIMESTAMP => e)` / `BEFORE (STATEMENT => e)`; Databricks `VERSION AS OF n`,
/// `TIMESTAMP AS OF e`.
struct TimeTravel {
  Ident clause;  // AT / BEFORE / VERSION / TIMESTAMP
  Ident kind;    // TIMESTAMP / OFFSET / STATEMENT (Snowflake)
  Expr* value = nullptr;
  auto Tie() const { return std::tie(clause, kind, value); }
};

#define ROCKY_SQL_TABLE_REF_KINDS(X)                                                       \
  X(Table) X(TableFunc) X(Derived) X(Join) X(ParenRef) X(Pivot) X(Unpivot) X(LateralView) \
  X(SemanticView) X(MatchRecognize)

enum class TableRefKind : uint8_t {
#define ROCKY_SQL_ENUM(name) k##name,
  ROCKY_SQL_TABLE_REF_KINDS(ROCKY_SQL_ENUM)
#undef ROCKY_SQL_ENUM
};

struct TableRef {
  TableRefKind kind;
  SrcRange span;
  TableAlias* alias = nullptr;
  Sample* sample = nullptr;
};

/// Snowflake `CHANGES (INFORMATION => DEFAULT | APPEND_ONLY)`: the table's change rows between
/// its time travel point (Table::time_travel, AT or BEFORE) and `end` (END (…), optional).
struct Changes {
  Ident information;
  TimeTravel* end = nullptr;
  auto Tie() const { return std::tie(information, end); }
};

/// The rare parts of a Table (Snowflake stages, IDENTIFIER(…), CHANGES, Databricks STREAM), kept
/// out of line so the common table node stays small: a FROM-heavy parse allocates many tables.
struct TableExtra {
  std::string_view stage;       // Snowflake @stage/path (text after @)
  bool stage_quoted = false;    // Snowflake '@stage/path'
  bool directory = false;       // Snowflake DIRECTORY(@stage): the stage's file listing
  bool stream = false;          // Databricks STREAM t
  bool stream_parens = false;   // STREAM(t) (spelling)
  List<Expr*> stage_options;    // Snowflake @stage (FILE_FORMAT => …, PATTERN => …)
  Expr* identifier = nullptr;   // Snowflake IDENTIFIER(…)
  Changes* changes = nullptr;   // Snowflake CHANGES (…) before time_travel
  auto Tie() const {
    return std::tie(stage, stage_quoted, stage_options, directory, identifier, changes, stream);
  }
};

/// A named relation: `catalog.schema.table`, a file path string (DuckDB) or a stage (Snowflake).
/// Snowflake `IDENTIFIER('s.t')` keeps its argument in `identifier`; when that is a string
/// literal, `name` holds the name it spells (so it is a table reference like any other).
struct Table : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kTable;
  Name name;
  Literal* path = nullptr;      // DuckDB FROM 'file.parquet'
  TimeTravel* time_travel = nullptr;
  TableExtra* extra = nullptr;  // null unless one of its parts is present

  std::string_view stage() const { return extra ? extra->stage : std::string_view{}; }
  bool stage_quoted() const { return extra && extra->stage_quoted; }
  bool directory() const { return extra && extra->directory; }
  bool stream() const { return extra && extra->stream; }
  bool stream_parens() const { return extra && extra->stream_parens; }
  List<Expr*> stage_options() const { return extra ? extra->stage_options : List<Expr*>{}; }
  Expr* identifier() const { return extra ? extra->identifier : nullptr; }
  Changes* changes() const { return extra ? extra->changes : nullptr; }

  auto Tie() const { return std::tie(alias, sample, name, path, time_travel, extra); }
};

struct TableFunc : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kTableFunc;
  Expr* call = nullptr;  // a Func
  bool lateral = false;
  bool table_wrapper = false;  // Snowflake TABLE(f(…))
  bool with_ordinality = false;
  bool stream = false;         // Databricks STREAM read_files(…)
  auto Tie() const {
    return std::tie(alias, sample, call, lateral, table_wrapper, with_ordinality, stream);
  }
};

struct Derived : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kDerived;
  Query* query = nullptr;
  bool lateral = false;
  auto Tie() const { return std::tie(alias, sample, query, lateral); }
};

enum class JoinKind : uint8_t {
  kComma, kCross, kInner, kLeft, kRight, kFull, kSemi, kAnti, kLeftSemi, kLeftAnti, kRightSemi,
  kRightAnti, kPositional, kStraight
};

struct Join : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kJoin;
  JoinKind join = JoinKind::kInner;
  bool natural = false;
  bool asof = false;
  bool outer = false;  // OUTER written (spelling)
  bool inner_kw = false;  // INNER written (spelling)
  bool has_using = false;
  bool directed = false;  // Snowflake `INNER DIRECTED JOIN` (join order hint)
  TableRef* left = nullptr;
  TableRef* right = nullptr;
  Expr* on = nullptr;
  List<Ident> using_columns;
  Expr* match_condition = nullptr;  // Snowflake ASOF JOIN … MATCH_CONDITION (…)
  auto Tie() const {
    return std::tie(alias, sample, join, natural, asof, left, right, on, using_columns, has_using,
                    match_condition, directed);
  }
};

/// A parenthesised join tree or table: `(a JOIN b ON …) AS t`.
struct ParenRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kParenRef;
  TableRef* inner = nullptr;
  auto Tie() const { return std::tie(alias, sample, inner); }
};

/// One `header IN (…)` of a PIVOT: the FOR column(s) and the values they take. DuckDB's PIVOT
/// statement writes `ON header [IN (…) | IN enum_type]`, where the IN part is optional.
struct PivotIn {
  SrcRange span;
  List<Expr*> columns;          // one expression, or several written in parentheses
  bool header_parens = false;
  bool has_in = false;          // an IN part was written
  List<Expr*> values;           // IN (v [AS a], …): expressions, Alias or Tuple nodes
  bool any = false;             // IN (ANY [ORDER BY …])
  List<OrderItem*> any_order;
  Query* query = nullptr;       // IN (SELECT …)
  Ident enum_type;              // DuckDB IN enum_type
  auto Tie() const {
    return std::tie(columns, header_parens, has_in, values, any, any_order, query, enum_type);
  }
};

/// `src PIVOT (agg [AS a], … FOR h IN (v [AS a], …) [h2 IN (…)] [GROUP BY …] [DEFAULT ON NULL
/// (x)])`, or (`statement`) DuckDB's `PIVOT src [ON h [IN …], …] [USING agg, …] [GROUP BY …]`.
struct Pivot : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kPivot;
  TableRef* source = nullptr;
  bool statement = false;
  List<Expr*> aggregates;  // Alias nodes where named
  List<PivotIn*> ins;
  List<Expr*> group_by;    // DuckDB
  Expr* default_on_null = nullptr;  // Snowflake
  auto Tie() const {
    return std::tie(alias, sample, source, statement, aggregates, ins, group_by, default_on_null);
  }
};

/// `src UNPIVOT [INCLUDE|EXCLUDE NULLS] (value FOR name IN (c, …))`, or (`statement`) DuckDB's
/// `UNPIVOT src ON c, … [INTO NAME name VALUE v, …]`.
struct Unpivot : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kUnpivot;
  TableRef* source = nullptr;
  bool statement = false;
  List<Ident> value_columns;
  bool value_parens = false;
  Ident name_column;        // unset: DuckDB's defaults (`name`, `value`)
  List<Expr*> in_columns;   // columns, Alias nodes, Tuples of columns
  uint8_t nulls = 0;  // 0 unspecified, 1 INCLUDE NULLS, 2 EXCLUDE NULLS
  auto Tie() const {
    return std::tie(alias, sample, source, statement, value_columns, value_parens, name_column,
                    in_columns, nulls);
  }
};

/// Spark `src LATERAL VIEW [OUTER] f(…) t AS c1, c2`.
struct LateralView : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kLateralView;
  TableRef* source = nullptr;
  bool outer = false;
  Expr* call = nullptr;
  Ident table_alias;
  List<Ident> column_aliases;
  auto Tie() const { return std::tie(alias, sample, source, outer, call, table_alias, column_aliases); }
};

/// One clause of a Snowflake SEMANTIC_VIEW reference: METRICS / DIMENSIONS / FACTS and its items.
struct SemanticClause {
  Ident keyword;
  List<Expr*> items;  // expressions, Alias nodes where named
  auto Tie() const { return std::tie(keyword, items); }
};

/// Snowflake `SEMANTIC_VIEW(view METRICS … DIMENSIONS … FACTS … WHERE …)`; `view` is a Table node
/// (a table reference).
struct SemanticView : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kSemanticView;
  Table* view = nullptr;
  List<SemanticClause*> clauses;
  Expr* where = nullptr;
  auto Tie() const { return std::tie(alias, sample, view, clauses, where); }
};

enum class MeasureSemantics : uint8_t { kNone, kFinal, kRunning };

/// One MEASURES item of MATCH_RECOGNIZE: `[FINAL | RUNNING] expr [AS] alias`.
struct Measure {
  MeasureSemantics semantics = MeasureSemantics::kNone;
  Expr* expr = nullptr;
  Ident alias;
  auto Tie() const { return std::tie(semantics, expr, alias); }
};

/// One DEFINE item of MATCH_RECOGNIZE: `symbol AS condition`.
struct PatternDefine {
  Ident symbol;
  Expr* condition = nullptr;
  auto Tie() const { return std::tie(symbol, condition); }
};

enum class RowsPerMatch : uint8_t {
  kNone, kOneRow, kAllRows, kAllRowsShowEmpty, kAllRowsOmitEmpty, kAllRowsWithUnmatched
};
enum class AfterMatchSkip : uint8_t { kNone, kBare, kPastLastRow, kToNextRow, kToFirst, kToLast, kTo };

/// Snowflake `src MATCH_RECOGNIZE (PARTITION BY … ORDER BY … MEASURES … ONE ROW PER MATCH
/// AFTER MATCH SKIP … PATTERN (…) DEFINE …)`. The row pattern is kept as written.
struct MatchRecognize : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kMatchRecognize;
  TableRef* source = nullptr;
  List<Expr*> partition_by;
  List<OrderItem*> order_by;
  List<Measure*> measures;
  RowsPerMatch rows = RowsPerMatch::kNone;
  AfterMatchSkip skip = AfterMatchSkip::kNone;
  Ident skip_symbol;             // TO [FIRST | LAST] symbol
  std::string_view pattern;      // the text between PATTERN's parentheses
  List<PatternDefine*> defines;
  auto Tie() const {
    return std::tie(alias, sample, source, partition_by, order_by, measures, rows, skip,
                    skip_symbol, pattern, defines);
  }
};

}  // namespace rocky::sql
