#pragma once
// DDL nodes (included by sql/ast.h): CREATE TABLE / VIEW / SCHEMA with their columns,
// constraints and properties, DROP, and ALTER with its actions.

namespace rocky::sql {

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

}  // namespace rocky::sql
