#pragma once
// How one warehouse spells SQL. Core generates statements only through this interface, so a
// dialect difference is a method here, never an `if (warehouse == …)` in core. Every method that
// puts a name into SQL validates it (sql/identifier.h) and fails with the identifier error.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"

namespace rocky::sdk {

enum class StrategySupport { kSupported, kFallback, kUnsupported };

/// The literal kinds a watermark or partition bound can take.
enum class LiteralKind { kTimestamp, kDate, kNumber, kString };

class SqlDialect {
 public:
  virtual ~SqlDialect() = default;

  /// "duckdb", "databricks", "snowflake" or "ansi".
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

  virtual std::optional<std::string> CreateCatalogSql(std::string_view catalog) const = 0;
  virtual Result<std::optional<std::string>> CreateSchemaSql(std::string_view catalog,
                                                             std::string_view schema) const = 0;
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
  /// `MERGE INTO T AS t USING (<source>) AS s ON … WHEN MATCHED … WHEN NOT MATCHED …`.
  virtual Result<std::string> MergeInto(const TableRef& target, std::string_view source_sql,
                                        const std::vector<std::string>& keys,
                                        const std::optional<std::vector<std::string>>& update_columns,
                                        const std::vector<std::string>& target_columns) const = 0;
  /// The statements that replace the rows matching `filter` with the rows of `select`.
  virtual Result<std::vector<Statement>> InsertOverwritePartition(const TableRef& target,
                                                                  std::string_view filter,
                                                                  std::string_view select) const = 0;
  /// Strategy type names as in models.md §5.1 ("full_refresh", "dynamic_table", …).
  virtual StrategySupport SupportsStrategy(std::string_view strategy) const = 0;
};

}  // namespace rocky::sdk
