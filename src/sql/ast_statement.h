#pragma once
// Statement nodes (included by sql/ast.h): the queries and the DDL/DML Rocky generates or reads.

namespace rocky::sql {

#define ROCKY_SQL_STATEMENT_KINDS(X)                                                             \
  X(QueryStatement) X(ExprStatement) X(CreateTable) X(CreateView) X(CreateSchema) X(Insert)      \
  X(Merge) X(Delete) X(Update) X(Drop) X(Alter) X(Grant) X(Describe) X(Transaction) X(Use)       \
  X(SetVariable) X(Truncate) X(CommentOn) X(Opaque) X(Declare)

enum class StatementKind : uint8_t {
#define ROCKY_SQL_ENUM(name) k##name,
  ROCKY_SQL_STATEMENT_KINDS(ROCKY_SQL_ENUM)
#undef ROCKY_SQL_ENUM
};

struct Statement {
  StatementKind kind;
  SrcRange span;
};

struct QueryStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kQueryStatement;
  Query* query = nullptr;
  auto Tie() const { return std::tie(query); }
};

/// A bare expression (parsed only when ParseOptions::allow_expressions is set).
struct ExprStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kExprStatement;
  Expr* expr = nullptr;
  auto Tie() const { return std::tie(expr); }
};

enum class ConstraintKind : uint8_t {
  kNotNull, kNull, kDefault, kPrimaryKey, kUnique, kForeignKey, kReferences, kCheck, kComment,
  kCollate, kAutoIncrement, kIdentity, kGeneratedAs, kTags, kMaskingPolicy, kProjectionPolicy,
  kAsExpr, kExpect, kMask
};

/// A column or table constraint / column option. `tail` keeps trailing words such as
/// `ON DELETE CASCADE`, `NOT ENFORCED`, `DEFERRABLE INITIALLY DEFERRED` as written.
/// kAutoIncrement: tail[0] is AUTOINCREMENT / IDENTITY, options the start and step, a further
/// tail word ORDER / NOORDER. kMaskingPolicy / kProjectionPolicy: ref_table is the policy,
/// ref_columns its USING columns. kAsExpr: Snowflake `col T AS (expr)`. kExpect: Databricks
/// pipelines `CONSTRAINT c EXPECT (expr) [ON VIOLATION …]` (the words after ON VIOLATION in
/// tail). kMask: Databricks `MASK f [USING COLUMNS (a, …)]` (ref_table f, options the columns).
struct Constraint {
  SrcRange span;
  ConstraintKind constraint = ConstraintKind::kNotNull;
  Ident name;             // CONSTRAINT name
  Expr* expr = nullptr;   // DEFAULT / CHECK / GENERATED AS / COMMENT / COLLATE / AS value
  List<Ident> columns;    // table constraints
  Name ref_table;
  List<Ident> ref_columns;
  List<Expr*> options;    // IDENTITY (START WITH 1 …) arguments, tag assignments
  List<Ident> tail;
  SortDir dir = SortDir::kNone;  // PRIMARY KEY ASC
  int16_t timeseries = -1;       // Databricks PRIMARY KEY (a, ts TIMESERIES): index in columns
  Ident storage;                 // DuckDB VIRTUAL / STORED after a generated column
  bool start_increment = false;  // AUTOINCREMENT START n INCREMENT m (spelling of options)
  bool with_keyword = false;     // WITH MASKING POLICY / WITH TAG (spelling)
  auto Tie() const {
    return std::tie(constraint, name, expr, columns, ref_table, ref_columns, options, tail, dir,
                    timeseries, storage);
  }
};

struct ColumnDef {
  SrcRange span;
  Ident name;
  DataType* type = nullptr;  // may be absent in views
  List<Constraint*> constraints;
  auto Tie() const { return std::tie(name, type, constraints); }
};

enum class PropertyKind : uint8_t {
  kUsing, kPartitionedBy, kClusterBy, kComment, kTblProperties, kOptions, kLocation, kWith,
  kKeyValue, kCopyGrants, kClone, kLike, kOnCommit, kWithData, kTags, kPartitionBy,
  kClusteredBy, kStoredAs, kRowFormat, kUsingTemplate, kRowAccessPolicy, kSchedule,
  kManagedLocation, kWords
};

/// A table/view/schema property. Lists hold expressions (`'k' = 'v'` pairs are Binary Eq).
/// kKeyValue: `key = value`, or `key = @stage/path` (stage), or a Snowflake option list
/// `key = (TYPE = CSV NULL_IF = ('') …)` (value null, values the `k = v` items).
/// kClone: a table's source is `source` (a Table, with its AT / BEFORE time travel, so the
/// reference is walked); a schema's or database's is `name` with `time_travel`.
/// kClusteredBy: values the columns, order the SORTED BY items, value the bucket count.
/// kStoredAs: key the format. kRowFormat: key SERDE / DELIMITED; SERDE: value the class,
/// values its SERDEPROPERTIES; DELIMITED: words the clause words, each BY / AS followed by the
/// next of values. kUsingTemplate: query. kRowAccessPolicy: name the policy, columns in words.
/// kSchedule: Databricks SCHEDULE [REFRESH] EVERY n unit (value, key the unit) | CRON 'c'
/// [AT TIME ZONE 'z'] (values). kManagedLocation: value. kWords: words only (Snowflake
/// WITH MANAGED ACCESS). kKeyValue with with_keyword: Snowflake `WITH LOCATION = @s`.
struct Property {
  SrcRange span;
  PropertyKind property = PropertyKind::kComment;
  Ident key;                 // kKeyValue key; kUsing format
  Expr* value = nullptr;
  List<Expr*> values;
  List<ColumnDef*> columns;  // PARTITIONED BY (a INT)
  Name name;                 // CLONE / LIKE source
  List<Ident> words;         // ON COMMIT PRESERVE ROWS, WITH NO DATA
  TableRef* source = nullptr;
  TimeTravel* time_travel = nullptr;
  std::string_view stage;    // text after @
  List<OrderItem*> order;    // CLUSTER BY (a DESC), SORTED BY (a ASC)
  Query* query = nullptr;
  bool eq = false;           // `COMMENT = 'x'` spelling
  bool with_keyword = false; // WITH TAG (…) spelling
  auto Tie() const {
    return std::tie(property, key, value, values, columns, name, words, source, time_travel,
                    stage, order, query);
  }
};

enum class ObjectKind : uint8_t {
  kTable, kView, kMaterializedView, kDynamicTable, kStreamingTable, kSchema, kDatabase, kCatalog,
  kIndex, kFunction, kSequence, kStage, kOther, kIcebergTable, kSession, kHybridTable
};

struct CreateTable : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateTable;
  ObjectKind object = ObjectKind::kTable;  // kTable / kDynamicTable / kStreamingTable / …
  bool or_replace = false;
  bool or_refresh = false;
  bool or_alter = false;      // Snowflake CREATE OR ALTER TABLE
  bool private_ = false;      // Databricks pipelines CREATE PRIVATE …
  bool temporary = false;
  bool transient = false;
  bool external = false;
  bool if_not_exists = false;
  Name name;
  Expr* name_expr = nullptr;  // Snowflake IDENTIFIER('t') / IDENTIFIER($v) instead of a name
  List<ColumnDef*> columns;
  List<Constraint*> constraints;
  List<Property*> properties;
  Query* query = nullptr;
  Name as_table;  // CREATE TABLE t AS other_table (generic dialect)
  auto Tie() const {
    return std::tie(object, or_replace, or_refresh, or_alter, private_, temporary, transient,
                    external, if_not_exists, name, name_expr, columns, constraints, properties,
                    query, as_table);
  }
};

struct CreateView : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateView;
  bool materialized = false;
  bool or_replace = false;
  bool or_refresh = false;  // Databricks CREATE OR REFRESH MATERIALIZED VIEW
  bool private_ = false;    // Databricks pipelines PRIVATE
  bool temporary = false;
  bool secure = false;
  bool if_not_exists = false;
  Name name;
  List<ColumnDef*> columns;
  bool has_columns = false;
  List<Property*> pre_properties;  // Snowflake MATERIALIZED VIEW v COPY GRANTS (a, b)
  List<Property*> properties;
  Query* query = nullptr;
  auto Tie() const {
    return std::tie(materialized, or_replace, or_refresh, private_, temporary, secure,
                    if_not_exists, name, columns, has_columns, pre_properties, properties, query);
  }
};

struct CreateSchema : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateSchema;
  ObjectKind object = ObjectKind::kSchema;  // kSchema / kDatabase / kCatalog
  bool or_replace = false;
  bool if_not_exists = false;
  Name name;
  List<Property*> properties;
  auto Tie() const { return std::tie(object, or_replace, if_not_exists, name, properties); }
};

struct Assignment {
  SrcRange span;
  Name column;
  Expr* value = nullptr;
  auto Tie() const { return std::tie(column, value); }
};

/// DuckDB `ON CONFLICT [(cols)] DO NOTHING | DO UPDATE SET … [WHERE …]`.
struct OnConflict {
  List<Ident> columns;
  bool do_update = false;
  List<Assignment*> assignments;
  Expr* where = nullptr;
  auto Tie() const { return std::tie(columns, do_update, assignments, where); }
};

/// One `[WHEN cond THEN] INTO t [(cols)] [VALUES (…)]` of a Snowflake multi-table INSERT;
/// `otherwise` marks the ELSE branch.
struct InsertBranch {
  Expr* when = nullptr;
  bool otherwise = false;
  Name table;
  List<Ident> columns;
  List<Expr*> values;
  bool has_values = false;
  auto Tie() const { return std::tie(when, otherwise, table, columns, values, has_values); }
};

struct Insert : Statement {
  static constexpr StatementKind kKind = StatementKind::kInsert;
  With* with = nullptr;
  bool overwrite = false;
  bool or_replace = false;  // DuckDB INSERT OR REPLACE
  bool or_ignore = false;   // DuckDB INSERT OR IGNORE
  bool table_keyword = false;
  Name table;
  TableAlias* alias = nullptr;
  List<Expr*> partition;    // PARTITION (ds = '…', hr)
  bool if_exists = false;
  List<Ident> columns;
  bool by_name = false;
  Expr* replace_where = nullptr;  // Databricks REPLACE WHERE
  List<Ident> replace_using;      // Databricks REPLACE USING (a, b)
  Query* source = nullptr;
  bool default_values = false;
  List<SelectItem*> returning;
  OnConflict* on_conflict = nullptr;
  // Snowflake INSERT [OVERWRITE] ALL | FIRST …: the branches (table is then empty).
  bool multi_all = false;
  bool multi_first = false;
  List<InsertBranch*> branches;
  auto Tie() const {
    return std::tie(with, overwrite, or_replace, or_ignore, table, alias, partition, if_exists,
                    columns, by_name, replace_where, replace_using, source, default_values,
                    returning, on_conflict, multi_all, multi_first, branches);
  }
};

enum class MergeMatch : uint8_t { kMatched, kNotMatched, kNotMatchedBySource };
/// kUpdate without assignments is DuckDB's bare `UPDATE` (the whole row); kInsert without values
/// is its bare `INSERT`. kInsertDefault is `INSERT DEFAULT VALUES`, kError `ERROR [message]`.
enum class MergeAction : uint8_t {
  kUpdate, kUpdateStar, kDelete, kInsert, kInsertStar, kDoNothing, kInsertDefault, kError
};
/// DuckDB `UPDATE BY NAME`, `INSERT BY POSITION`, …
enum class MergeColumnMatch : uint8_t { kNone, kByName, kByPosition };

struct MergeClause {
  SrcRange span;
  MergeMatch match = MergeMatch::kMatched;
  bool by_target = false;  // NOT MATCHED BY TARGET (spelling)
  Expr* condition = nullptr;
  MergeAction action = MergeAction::kUpdate;
  MergeColumnMatch by = MergeColumnMatch::kNone;
  List<Assignment*> assignments;
  List<Ident> columns;
  List<Expr*> values;
  Expr* error = nullptr;  // ERROR message
  auto Tie() const {
    return std::tie(match, condition, action, by, assignments, columns, values, error);
  }
};

struct Merge : Statement {
  static constexpr StatementKind kKind = StatementKind::kMerge;
  With* with = nullptr;
  TableRef* target = nullptr;
  TableRef* source = nullptr;
  Expr* on = nullptr;
  List<Ident> using_columns;  // DuckDB USING (id, …) instead of ON
  List<MergeClause*> clauses;
  List<SelectItem*> returning;
  bool schema_evolution = false;  // Databricks MERGE WITH SCHEMA EVOLUTION
  auto Tie() const {
    return std::tie(with, target, source, on, using_columns, clauses, returning, schema_evolution);
  }
};

struct Delete : Statement {
  static constexpr StatementKind kKind = StatementKind::kDelete;
  With* with = nullptr;
  TableRef* target = nullptr;
  TableRef* using_from = nullptr;
  Expr* where = nullptr;
  List<SelectItem*> returning;
  auto Tie() const { return std::tie(with, target, using_from, where, returning); }
};

struct Update : Statement {
  static constexpr StatementKind kKind = StatementKind::kUpdate;
  With* with = nullptr;
  TableRef* target = nullptr;
  List<Assignment*> assignments;
  TableRef* from = nullptr;
  Expr* where = nullptr;
  List<SelectItem*> returning;
  auto Tie() const { return std::tie(with, target, assignments, from, where, returning); }
};

struct Drop : Statement {
  static constexpr StatementKind kKind = StatementKind::kDrop;
  ObjectKind object = ObjectKind::kTable;
  List<Ident> object_words;  // for kOther: the words after DROP
  bool if_exists = false;
  List<Name> names;
  bool cascade = false;
  bool restrict = false;
  bool purge = false;
  auto Tie() const { return std::tie(object, object_words, if_exists, names, cascade, restrict, purge); }
};

enum class AlterActionKind : uint8_t {
  kAddColumn, kDropColumn, kRenameColumn, kAlterColumnType, kAlterColumnSetDefault,
  kAlterColumnDropDefault, kAlterColumnSetNotNull, kAlterColumnDropNotNull, kAlterColumnComment,
  kAlterColumnSetTags, kAlterColumnUnsetTags, kRenameTable, kAddConstraint, kDropConstraint,
  kSetProperties, kUnsetProperties, kSetTags, kUnsetTags, kClusterBy, kDropPartition,
  kAddPartition, kDeleteWhere, kAsQuery, kSwapWith, kRefresh, kSetComment, kUnsetOptions,
  kAddColumns, kDropColumns
};

struct AlterAction {
  SrcRange span;
  AlterActionKind action = AlterActionKind::kAddColumn;
  ColumnDef* column = nullptr;  // ADD COLUMN
  Name column_name;             // DROP / RENAME / ALTER COLUMN target
  Ident new_name;               // RENAME COLUMN … TO
  Name new_table;               // RENAME TO, SWAP WITH
  DataType* type = nullptr;
  Expr* expr = nullptr;         // DEFAULT, USING, COMMENT, DELETE WHERE
  bool if_exists = false;
  bool if_not_exists = false;
  bool cascade = false;
  bool column_keyword = true;   // COLUMN written (spelling)
  Ident position;               // FIRST / AFTER
  Ident after;
  Constraint* constraint = nullptr;
  List<Expr*> items;            // tags / properties (`k = v`), partitions, cluster columns
  List<Name> names;             // UNSET TAG / UNSET option names, dropped columns
  Query* query = nullptr;       // ALTER VIEW … AS
  List<Property*> properties;   // Snowflake SET k = v, STAGE_FILE_FORMAT = (…)
  List<ColumnDef*> columns;     // Databricks ADD COLUMNS (a INT, b INT)
  List<OrderItem*> order;       // CLUSTER BY (a DESC)
  bool continued = false;       // Snowflake ADD a INT, b INT: a further column of one ADD
  auto Tie() const {
    return std::tie(action, column, column_name, new_name, new_table, type, expr, if_exists,
                    if_not_exists, cascade, position, after, constraint, items, names, query,
                    properties, columns, order, continued);
  }
};

struct Alter : Statement {
  static constexpr StatementKind kKind = StatementKind::kAlter;
  ObjectKind object = ObjectKind::kTable;
  bool if_exists = false;
  Name name;
  List<AlterAction*> actions;
  auto Tie() const { return std::tie(object, if_exists, name, actions); }
};

struct Privilege {
  List<Ident> words;  // SELECT / ALL PRIVILEGES / USE CATALOG / CREATE TABLE
  List<Ident> columns;
  auto Tie() const { return std::tie(words, columns); }
};

struct Principal {
  List<Ident> kind;  // ROLE / USER / GROUP / SHARE / DATABASE ROLE (may be absent)
  Name name;
  auto Tie() const { return std::tie(kind, name); }
};

struct Grant : Statement {
  static constexpr StatementKind kKind = StatementKind::kGrant;
  bool revoke = false;
  bool grant_option_for = false;
  List<Privilege*> privileges;
  List<Ident> object_words;  // TABLE, SCHEMA, FUTURE TABLES IN SCHEMA, …
  Name object;
  bool has_arguments = false;       // ON FUNCTION f(NUMBER, …)
  List<DataType*> argument_types;
  List<Principal*> principals;
  bool with_grant_option = false;
  bool cascade = false;
  bool restrict = false;
  List<Ident> tail;  // COPY CURRENT GRANTS
  auto Tie() const {
    return std::tie(revoke, grant_option_for, privileges, object_words, object, has_arguments,
                    argument_types, principals, with_grant_option, cascade, restrict, tail);
  }
};

struct Describe : Statement {
  static constexpr StatementKind kKind = StatementKind::kDescribe;
  List<Ident> words;  // EXTENDED / FORMATTED / TABLE / DETAIL / HISTORY / SEMANTIC VIEW
  Name name;
  Query* query = nullptr;
  List<Property*> properties;  // Snowflake TYPE = STAGE
  Name column;                 // Databricks DESCRIBE t col
  auto Tie() const { return std::tie(words, name, query, properties, column); }
};

enum class TransactionKind : uint8_t { kBegin, kStart, kCommit, kRollback };

struct Transaction : Statement {
  static constexpr StatementKind kKind = StatementKind::kTransaction;
  TransactionKind txn = TransactionKind::kBegin;
  Ident noun;       // TRANSACTION / WORK
  Ident savepoint;  // ROLLBACK TO x
  auto Tie() const { return std::tie(txn, noun, savepoint); }
};

struct Use : Statement {
  static constexpr StatementKind kKind = StatementKind::kUse;
  Ident object;  // ROLE / WAREHOUSE / DATABASE / SCHEMA / CATALOG
  Name name;
  auto Tie() const { return std::tie(object, name); }
};

/// `SET x = v`; with `variable`, DuckDB / Databricks `SET VARIABLE x = v` (Databricks also
/// `SET VAR a = 1, b = 2`: the further assignments in `more`, and `SET VAR (a, b) = (query)`:
/// the names in `targets`, the query in value).
struct SetVariable : Statement {
  static constexpr StatementKind kKind = StatementKind::kSetVariable;
  Ident scope;  // GLOBAL / LOCAL / SESSION
  Name name;
  Expr* value = nullptr;
  bool to_keyword = false;  // SET x TO v (spelling)
  bool variable = false;
  bool var_short = false;   // VAR for VARIABLE (spelling)
  List<Name> targets;
  List<Assignment*> more;
  auto Tie() const { return std::tie(scope, name, value, variable, targets, more); }
};

struct Truncate : Statement {
  static constexpr StatementKind kKind = StatementKind::kTruncate;
  bool table_keyword = false;
  bool if_exists = false;
  Name name;
  List<Expr*> partition;  // Databricks PARTITION (a = 1, b)
  auto Tie() const { return std::tie(table_keyword, if_exists, name, partition); }
};

struct CommentOn : Statement {
  static constexpr StatementKind kKind = StatementKind::kCommentOn;
  bool if_exists = false;  // Snowflake COMMENT IF EXISTS ON
  List<Ident> object_words;
  Name name;
  Expr* comment = nullptr;
  auto Tie() const { return std::tie(if_exists, object_words, name, comment); }
};

/// A statement Rocky never rewrites (PRAGMA, ANALYZE, CACHE, LOAD, CALL, SHOW, COPY, …): lexed,
/// checked for balanced brackets and kept verbatim.
struct Opaque : Statement {
  static constexpr StatementKind kKind = StatementKind::kOpaque;
  Ident keyword;
  std::string_view text;  // the whole statement as written
  // Equality compares the token sequences (tree_equal.cc); no Tie().
};

/// Databricks `DECLARE [OR REPLACE] [VARIABLE] a [, b] [type] [DEFAULT | = expr]`.
struct Declare : Statement {
  static constexpr StatementKind kKind = StatementKind::kDeclare;
  bool or_replace = false;
  bool variable_keyword = false;  // spelling
  List<Name> names;
  DataType* type = nullptr;
  Expr* value = nullptr;
  bool eq = false;                // `= expr` for DEFAULT expr (spelling)
  auto Tie() const { return std::tie(or_replace, names, type, value); }
};

}  // namespace rocky::sql
