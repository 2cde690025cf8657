#pragma once
// How one warehouse spells SQL. Core generates statements only through this interface, so a
// dialect difference is a method here, never an `if (warehouse == …)` in core. Every method that
// puts a name into SQL validates it (sql/identifier.h) and fails with the identifier error.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"

namespace rocky::sdk {

enum class StrategySupport { kSupported, kFallback, kUnsupported };

/// The literal kinds a watermark or partition bound can take.
enum class LiteralKind { kTimestamp, kDate, kNumber, kString };

/// A full_refresh model's table format and `[format_options]` (models.md §5.1).
struct TableFormatSpec {
  std::string format = "table";  // table | delta_table | iceberg_table | streaming_table
  std::vector<std::string> partition_by;
  std::vector<std::string> cluster_by;
  std::vector<std::pair<std::string, std::string>> table_properties;
  std::optional<std::string> comment;
};

/// The CREATE statement of a formatted full_refresh, and the options the dialect ignored
/// (W031: "partition_by", "table_properties", …, in that order of the spec).
struct FormattedCreate {
  std::string sql;
  std::vector<std::string> ignored_options;
};

class SqlDialect {
 public:
  virtual ~SqlDialect() = default;

  /// "duckdb", "databricks", "snowflake", "postgres" or "ansi".
  virtual std::string_view Name() const = 0;

  /// `c.s.t`, or `s.t` when the catalog is empty.
  virtual Result<std::string> FormatTableRef(const TableRef& ref) const;

  /// `CREATE OR REPLACE TABLE T AS\n<select>`.
  virtual Result<std::string> CreateTableAs(const TableRef& target, std::string_view select) const;
  /// `INSERT INTO T[ (c1, …)]\n<select>`; an empty column list leaves it out.
  virtual Result<std::string> InsertInto(const TableRef& target,
                                         const std::vector<std::string>& columns,
                                         std::string_view select) const;
  /// `SELECT *` (columns empty) or `SELECT c1, …, cn`, then `, CAST(<value> AS <type>) AS <name>`
  /// for each metadata column.
  virtual Result<std::string> SelectClause(const std::vector<std::string>& columns,
                                           const std::vector<MetadataColumn>& metadata) const;
  /// `<ts> > <literal>`; without a literal, the epoch literal of `kind`.
  virtual Result<std::string> WatermarkWhere(std::string_view timestamp_column,
                                             std::optional<std::string_view> literal,
                                             LiteralKind kind = LiteralKind::kTimestamp) const;
  /// A literal of `kind` for `value` (`TIMESTAMP '2026-04-07 00:00:00'` on DuckDB).
  virtual std::string Literal(LiteralKind kind, std::string_view value) const;
  /// How this dialect writes `type` (a normalized type such as `DOUBLE`, or a user's type text)
  /// in DDL and CASTs: metadata columns, ALTER/ADD COLUMN. The default writes it unchanged.
  virtual std::string TypeSql(std::string_view type) const { return std::string(type); }

  virtual std::optional<std::string> CreateCatalogSql(std::string_view catalog) const = 0;
  /// `CREATE SCHEMA IF NOT EXISTS c.s`, or `… s` when the catalog is empty.
  virtual Result<std::optional<std::string>> CreateSchemaSql(std::string_view catalog,
                                                             std::string_view schema) const;
  virtual Result<std::string> DescribeTableSql(const TableRef& ref) const = 0;
  /// `DROP TABLE IF EXISTS T`.
  virtual Result<std::string> DropTableSql(const TableRef& ref) const;
  /// `ALTER TABLE T ALTER COLUMN c SET DATA TYPE <type>`.
  virtual Result<std::string> AlterColumnTypeSql(const TableRef& ref, std::string_view column,
                                                 std::string_view type) const;
  /// `ALTER TABLE T ADD COLUMN c <type>` (Databricks: `ADD COLUMNS (c <type>)`).
  virtual Result<std::string> AddColumnSql(const TableRef& ref, std::string_view column,
                                           std::string_view type) const;
  /// Whether `ALTER … SET DATA TYPE` can widen `from` (target type) to `to` (source type).
  virtual bool CanAlter(std::string_view from, std::string_view to) const = 0;
  virtual Result<std::string> RowHashExpr(const std::vector<std::string>& columns) const = 0;
  virtual std::optional<std::string> TablesampleClause(double percent) const = 0;
  /// `DELETE FROM T WHERE <filter>`.
  virtual Result<std::string> DeleteWhere(const TableRef& ref, std::string_view filter) const;
  /// `MERGE INTO T AS t\nUSING (\n<source>\n) AS s\nON t.k = s.k AND …\n`
  /// `WHEN MATCHED THEN UPDATE SET *` (or `UPDATE SET c = s.c, …` for `update_columns`; an empty
  /// list leaves the matched branch out)\n`WHEN NOT MATCHED THEN INSERT *` — the form of DuckDB
  /// and Databricks. `target_columns` is for dialects without the `*` forms (Snowflake).
  virtual Result<std::string> MergeInto(const TableRef& target, std::string_view source_sql,
                                        const std::vector<std::string>& keys,
                                        const std::optional<std::vector<std::string>>& update_columns,
                                        const std::vector<std::string>& target_columns) const;
  /// The statements that replace the rows matching `filter` with the rows of `select`.
  virtual Result<std::vector<Statement>> InsertOverwritePartition(const TableRef& target,
                                                                  std::string_view filter,
                                                                  std::string_view select) const = 0;
  /// Strategy type names as in models.md §5.1 ("full_refresh", "dynamic_table", …).
  virtual StrategySupport SupportsStrategy(std::string_view strategy) const = 0;

  // ---- Model materializations (models.md §5) -------------------------------------------------

  /// `CREATE OR REPLACE VIEW T AS\n<select>`.
  virtual Result<std::string> CreateView(const TableRef& target, std::string_view select) const;
  /// `CREATE OR REPLACE MATERIALIZED VIEW T AS\n<select>`. A dialect whose
  /// SupportsStrategy("materialized_view") is kFallback returns CreateView instead.
  virtual Result<std::string> CreateMaterializedView(const TableRef& target,
                                                     std::string_view select) const;
  /// A dynamic table (Snowflake); the default fails with the E030 text
  /// `strategy 'dynamic_table' is not supported by <dialect>`.
  virtual Result<std::string> CreateDynamicTable(const TableRef& target,
                                                 std::string_view target_lag,
                                                 std::string_view warehouse,
                                                 std::string_view select) const;
  /// A full_refresh with a table format and options. The default (DuckDB, ANSI) ignores every
  /// option: plain CreateTableAs with each set option listed in `ignored_options`; a format
  /// other than `table` fails with the E030 text `format 'x' is not supported by <dialect>`.
  virtual Result<FormattedCreate> CreateTableAsFormatted(const TableRef& target,
                                                         const TableFormatSpec& spec,
                                                         std::string_view select) const;
  /// Whether statements after the first can share one transaction through ExecuteUnit
  /// (DuckDB, Snowflake); Databricks runs them in sequence.
  virtual bool TransactionalUnits() const { return true; }

 protected:
  /// MERGE for dialects without the `*` forms (Snowflake, PostgreSQL): `MERGE INTO T AS t\nUSING
  /// (\n<source>\n) AS s\nON t.k = s.k AND …\nWHEN MATCHED THEN UPDATE SET c = s.c, …\nWHEN NOT
  /// MATCHED THEN INSERT (c1, …, cn) VALUES (s.c1, …, s.cn)`. The update list is
  /// `update_columns`, else every target column that is not a key (case-insensitive); an empty
  /// list leaves the matched branch out. The insert lists every target column, so an empty
  /// `target_columns` (T not described) is an error.
  Result<std::string> MergeIntoColumnLists(
      const TableRef& target, std::string_view source_sql, const std::vector<std::string>& keys,
      const std::optional<std::vector<std::string>>& update_columns,
      const std::vector<std::string>& target_columns) const;
};

}  // namespace rocky::sdk
