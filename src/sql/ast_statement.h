#pragma once
// Statement nodes (included by sql/ast.h): the queries and the DDL/DML Rocky generates or reads.

namespace rocky::sql {

#define ROCKY_SQL_STATEMENT_KINDS(X)                                                             \
  X(QueryStatement) X(ExprStatement) X(CreateTable) X(CreateView) X(CreateSchema) X(Insert)      \
  X(Merge) X(Delete) X(Update) X(Drop) X(Alter) X(Grant) X(Describe) X(Transaction) X(Use)       \
  X(SetVariable) X(Truncate) X(CommentOn) X(Opaque)

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
  kCollate, kAutoIncrement, kIdentity, kGeneratedAs, kTags, kMaskingPolicy
};

/// A column or table constraint / column option. `tail` keeps trailing words such as
/// `ON DELETE CASCADE`, `NOT ENFORCED`, `DEFERRABLE INITIALLY DEFERRED` as written.
struct Constraint {
  SrcRange span;
  ConstraintKind constraint = ConstraintKind::kNotNull;
  Ident name;             // CONSTRAINT name
  Expr* expr = nullptr;   // DEFAULT / CHECK / GENERATED AS / COMMENT / COLLATE value
  List<Ident> columns;    // table constraints
  Name ref_table;
  List<Ident> ref_columns;
  List<Expr*> options;    // IDENTITY (START WITH 1 …) arguments, tag assignments
  List<Ident> tail;
  SortDir dir = SortDir::kNone;  // PRIMARY KEY ASC
  auto Tie() const {
    return std::tie(constraint, name, expr, columns, ref_table, ref_columns, options, tail, dir);
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
  kKeyValue, kCopyGrants, kClone, kLike, kOnCommit, kWithData, kTags
};

/// A table/view/schema property. Lists hold expressions (`'k' = 'v'` pairs are Binary Eq).
struct Property {
  SrcRange span;
  PropertyKind property = PropertyKind::kComment;
  Ident key;                 // kKeyValue key; kUsing format
  Expr* value = nullptr;
  List<Expr*> values;
  List<ColumnDef*> columns;  // PARTITIONED BY (a INT)
  Name name;                 // CLONE / LIKE source
  List<Ident> words;         // ON COMMIT PRESERVE ROWS, WITH NO DATA
  bool eq = false;           // `COMMENT = 'x'` spelling
  auto Tie() const { return std::tie(property, key, value, values, columns, name, words); }
};

enum class ObjectKind : uint8_t {
  kTable, kView, kMaterializedView, kDynamicTable, kStreamingTable, kSchema, kDatabase, kCatalog,
  kIndex, kFunction, kSequence, kStage, kOther
};

struct CreateTable : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateTable;
  ObjectKind object = ObjectKind::kTable;  // kTable / kDynamicTable / kStreamingTable
  bool or_replace = false;
  bool or_refresh = false;
  bool temporary = false;
  bool transient = false;
  bool external = false;
  bool if_not_exists = false;
  Name name;
  List<ColumnDef*> columns;
  List<Constraint*> constraints;
  List<Property*> properties;
  Query* query = nullptr;
  Name as_table;  // CREATE TABLE t AS other_table (generic dialect)
  auto Tie() const {
    return std::tie(object, or_replace, or_refresh, temporary, transient, external, if_not_exists,
                    name, columns, constraints, properties, query, as_table);
  }
};

struct CreateView : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateView;
  bool materialized = false;
  bool or_replace = false;
  bool temporary = false;
  bool secure = false;
  bool if_not_exists = false;
  Name name;
  List<ColumnDef*> columns;
  bool has_columns = false;
  List<Property*> properties;
  Query* query = nullptr;
  auto Tie() const {
    return std::tie(materialized, or_replace, temporary, secure, if_not_exists, name, columns,
                    has_columns, properties, query);
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

struct Insert : Statement {
  static constexpr StatementKind kKind = StatementKind::kInsert;
  With* with = nullptr;
  bool overwrite = false;
  bool or_replace = false;  // DuckDB INSERT OR REPLACE
  bool table_keyword = false;
  Name table;
  TableAlias* alias = nullptr;
  List<Expr*> partition;    // PARTITION (ds = '…', hr)
  bool if_exists = false;
  List<Ident> columns;
  bool by_name = false;
  Expr* replace_where = nullptr;  // Databricks REPLACE WHERE
  Query* source = nullptr;
  bool default_values = false;
  List<SelectItem*> returning;
  auto Tie() const {
    return std::tie(with, overwrite, or_replace, table, alias, partition, if_exists, columns,
                    by_name, replace_where, source, default_values, returning);
  }
};

enum class MergeMatch : uint8_t { kMatched, kNotMatched, kNotMatchedBySource };
enum class MergeAction : uint8_t { kUpdate, kUpdateStar, kDelete, kInsert, kInsertStar, kDoNothing };

struct MergeClause {
  SrcRange span;
  MergeMatch match = MergeMatch::kMatched;
  bool by_target = false;  // NOT MATCHED BY TARGET (spelling)
  Expr* condition = nullptr;
  MergeAction action = MergeAction::kUpdate;
  List<Assignment*> assignments;
  List<Ident> columns;
  List<Expr*> values;
  auto Tie() const { return std::tie(match, condition, action, assignments, columns, values); }
};

struct Merge : Statement {
  static constexpr StatementKind kKind = StatementKind::kMerge;
  With* with = nullptr;
  TableRef* target = nullptr;
  TableRef* source = nullptr;
  Expr* on = nullptr;
  List<MergeClause*> clauses;
  auto Tie() const { return std::tie(with, target, source, on, clauses); }
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
  kAddPartition, kDeleteWhere, kAsQuery, kSwapWith, kRefresh, kSetComment
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
  List<Name> names;             // UNSET TAG names, dropped columns
  Query* query = nullptr;       // ALTER VIEW … AS
  auto Tie() const {
    return std::tie(action, column, column_name, new_name, new_table, type, expr, if_exists,
                    if_not_exists, cascade, position, after, constraint, items, names, query);
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
  Ident kind;  // ROLE / USER / GROUP / SHARE (may be absent)
  Ident name;
  auto Tie() const { return std::tie(kind, name); }
};

struct Grant : Statement {
  static constexpr StatementKind kKind = StatementKind::kGrant;
  bool revoke = false;
  bool grant_option_for = false;
  List<Privilege*> privileges;
  List<Ident> object_words;  // TABLE, SCHEMA, FUTURE TABLES IN SCHEMA, …
  Name object;
  List<Principal*> principals;
  bool with_grant_option = false;
  bool cascade = false;
  bool restrict = false;
  List<Ident> tail;  // COPY CURRENT GRANTS
  auto Tie() const {
    return std::tie(revoke, grant_option_for, privileges, object_words, object, principals,
                    with_grant_option, cascade, restrict, tail);
  }
};

struct Describe : Statement {
  static constexpr StatementKind kKind = StatementKind::kDescribe;
  List<Ident> words;  // EXTENDED / FORMATTED / TABLE / DETAIL / HISTORY
  Name name;
  Query* query = nullptr;
  auto Tie() const { return std::tie(words, name, query); }
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

struct SetVariable : Statement {
  static constexpr StatementKind kKind = StatementKind::kSetVariable;
  Ident scope;  // GLOBAL / LOCAL / SESSION
  Name name;
  Expr* value = nullptr;
  bool to_keyword = false;  // SET x TO v (spelling)
  auto Tie() const { return std::tie(scope, name, value); }
};

struct Truncate : Statement {
  static constexpr StatementKind kKind = StatementKind::kTruncate;
  bool table_keyword = false;
  bool if_exists = false;
  Name name;
  auto Tie() const { return std::tie(table_keyword, if_exists, name); }
};

struct CommentOn : Statement {
  static constexpr StatementKind kKind = StatementKind::kCommentOn;
  List<Ident> object_words;
  Name name;
  Expr* comment = nullptr;
  auto Tie() const { return std::tie(object_words, name, comment); }
};

/// A statement Rocky never rewrites (PRAGMA, ANALYZE, CACHE, LOAD, CALL, SHOW, COPY, …): lexed,
/// checked for balanced brackets and kept verbatim.
struct Opaque : Statement {
  static constexpr StatementKind kKind = StatementKind::kOpaque;
  Ident keyword;
  std::string_view text;  // the whole statement as written
  // Equality compares the token sequences (tree_equal.cc); no Tie().
};

}  // namespace rocky::sql
