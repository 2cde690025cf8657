#pragma once
// Statement nodes (included by sql/ast.h): the queries and the DML Rocky generates or reads,
// and the other statements it reads (GRANT, DESCRIBE, SET, …); DDL nodes are in sql/ast_ddl.h.

namespace rocky::sql {

struct Property;  // sql/ast_ddl.h

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
  List<Expr*> partition;       // Databricks DESCRIBE t PARTITION (k = v)
  bool as_json = false;        // Databricks DESCRIBE … AS JSON
  auto Tie() const { return std::tie(words, name, query, properties, column, partition, as_json); }
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
  bool var_short = false;         // VAR for VARIABLE (spelling)
  List<Name> names;
  DataType* type = nullptr;
  Expr* value = nullptr;
  bool eq = false;                // `= expr` for DEFAULT expr (spelling)
  auto Tie() const { return std::tie(or_replace, names, type, value); }
};

}  // namespace rocky::sql
