#pragma once
// How Databricks (Unity Catalog, Delta) spells Rocky's SQL: adapters.md §2 (Databricks column),
// models.md §5 and §6.3, runtime.md §7. Generic statements come from sdk::SqlDialect; this class
// overrides only what Databricks spells differently.
//
// String literals: Databricks reads a backslash inside '…' as an escape, so every string this
// dialect writes (literals, comments, table properties) doubles both `'` and `\`.

#include "adapter_sdk/sql_dialect.h"

namespace rocky::adapters::databricks {

class DatabricksDialect final : public sdk::SqlDialect {
 public:
  std::string_view Name() const override { return "databricks"; }

  /// `TIMESTAMP '…'`, `DATE '…'`, a bare number, or `'…'`; `'` and `\` in the value are escaped.
  std::string Literal(sdk::LiteralKind kind, std::string_view value) const override;

  /// `CREATE CATALOG IF NOT EXISTS c`; nullopt for an empty or invalid name (the interface has
  /// no error channel here, and the schema statement then reports the identifier error).
  std::optional<std::string> CreateCatalogSql(std::string_view catalog) const override;
  /// `DESCRIBE TABLE T` (columns col_name, data_type; rows with an empty or `#…` name are
  /// partition/metadata sections the adapter skips).
  Result<std::string> DescribeTableSql(const sdk::TableRef& ref) const override;
  /// `ALTER TABLE T ADD COLUMNS (c <type>)`.
  Result<std::string> AddColumnSql(const sdk::TableRef& ref, std::string_view column,
                                   std::string_view type) const override;
  /// Always false: Databricks alters no column type, so drift recreates the table.
  bool CanAlter(std::string_view from, std::string_view to) const override;
  /// `md5(to_json(struct(c1, c2)))`; at least one column.
  Result<std::string> RowHashExpr(const std::vector<std::string>& columns) const override;
  /// `TABLESAMPLE (<percent> PERCENT)`.
  std::optional<std::string> TablesampleClause(double percent) const override;
  /// One statement, purpose "partition": `INSERT INTO T REPLACE WHERE <filter>\n<select>`. It is
  /// atomic and idempotent (running it twice leaves the same rows).
  Result<std::vector<sdk::Statement>> InsertOverwritePartition(
      const sdk::TableRef& target, std::string_view filter, std::string_view select) const override;
  /// dynamic_table → unsupported; the other strategies of models.md §5.1 → supported; an
  /// unknown name → unsupported.
  sdk::StrategySupport SupportsStrategy(std::string_view strategy) const override;
  /// Formats (models.md §5):
  /// - `table`: Databricks' default table format (Delta), so no USING line is written; without
  ///   options this is exactly CreateTableAs.
  /// - `delta_table` / `iceberg_table`: `USING DELTA` / `USING ICEBERG`.
  /// The statement is `CREATE OR REPLACE TABLE T\n[USING …\n][PARTITIONED BY (a, b)\n]`
  /// `[CLUSTER BY (c)\n][COMMENT '<text>'\n][TBLPROPERTIES ('k' = 'v', …)\n]AS\n<select>`.
  /// - `streaming_table`: `CREATE OR REFRESH STREAMING TABLE T AS\n<select>`; every set option
  ///   is listed in `ignored_options`.
  /// Any other format fails with `format 'x' is not supported by databricks`.
  Result<sdk::FormattedCreate> CreateTableAsFormatted(const sdk::TableRef& target,
                                                      const sdk::TableFormatSpec& spec,
                                                      std::string_view select) const override;
  /// False: Databricks has no multi-statement transactions; units run in sequence.
  bool TransactionalUnits() const override { return false; }
};

/// The process-wide Databricks dialect (stateless).
const sdk::SqlDialect& DatabricksSqlDialect();

}  // namespace rocky::adapters::databricks
