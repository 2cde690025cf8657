#pragma once
// How Snowflake spells Rocky's SQL: adapters.md §2 (Snowflake column), models.md §5 and §6.3,
// runtime.md §7. Generic statements come from sdk::SqlDialect; this class overrides only what
// Snowflake spells differently.
//
// String literals: Snowflake reads a backslash inside '…' as an escape, so every string this
// dialect writes (literals, comments, the target lag) doubles both `'` and `\`.

#include "adapter_sdk/sql_dialect.h"

namespace rocky::adapters::snowflake {

class SnowflakeDialect final : public sdk::SqlDialect {
 public:
  std::string_view Name() const override { return "snowflake"; }

  /// `'…'::TIMESTAMP_NTZ`, `DATE '…'`, a bare number, or `'…'`; `'` and `\` are escaped.
  std::string Literal(sdk::LiteralKind kind, std::string_view value) const override;

  /// `CREATE DATABASE IF NOT EXISTS c`; nullopt for an empty or invalid name (the interface has
  /// no error channel here, and the schema statement then reports the identifier error).
  std::optional<std::string> CreateCatalogSql(std::string_view catalog) const override;
  /// `DESCRIBE TABLE T` (columns name, type, `null?` = `Y`).
  Result<std::string> DescribeTableSql(const sdk::TableRef& ref) const override;
  /// Only the DECIMAL and VARCHAR rows of runtime.md §7: DECIMAL(p,s)→DECIMAL(p2,s) with p2 ≥ p
  /// (NUMBER and NUMERIC are DECIMAL; a missing precision is 38 and a missing scale 0), and
  /// VARCHAR(n)→VARCHAR(m) with m ≥ n or to unbounded VARCHAR (STRING/TEXT are VARCHAR).
  bool CanAlter(std::string_view from, std::string_view to) const override;
  /// `MD5(TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL('c1', c1, 'c2', c2)))`; at least one column.
  Result<std::string> RowHashExpr(const std::vector<std::string>& columns) const override;
  /// `SAMPLE (<percent>)`.
  std::optional<std::string> TablesampleClause(double percent) const override;
  /// Snowflake has no `*` forms: sdk::SqlDialect::MergeIntoColumnLists.
  Result<std::string> MergeInto(const sdk::TableRef& target, std::string_view source_sql,
                                const std::vector<std::string>& keys,
                                const std::optional<std::vector<std::string>>& update_columns,
                                const std::vector<std::string>& target_columns) const override;
  /// One statement, purpose "partition", sent as one multi-statement request of four
  /// statements: `BEGIN; DELETE FROM T WHERE <filter>; INSERT INTO T <select>; COMMIT;`. Fails
  /// when `select` holds a `;`, or would swallow the rest of the request (a trailing `--`
  /// comment, an unterminated string), since the request would no longer be those four.
  Result<std::vector<sdk::Statement>> InsertOverwritePartition(
      const sdk::TableRef& target, std::string_view filter, std::string_view select) const override;
  /// Every strategy of models.md §5.1 is supported; an unknown name is unsupported.
  sdk::StrategySupport SupportsStrategy(std::string_view strategy) const override;
  /// `CREATE OR REPLACE DYNAMIC TABLE T\n  TARGET_LAG = '<lag>'\n  WAREHOUSE = <wh>\nAS\n<select>`.
  /// `DOWNSTREAM` (any case) is Snowflake's keyword and is written bare, not quoted.
  Result<std::string> CreateDynamicTable(const sdk::TableRef& target, std::string_view target_lag,
                                         std::string_view warehouse,
                                         std::string_view select) const override;
  /// Only the `table` format (others fail with `format 'x' is not supported by snowflake`):
  /// `CREATE OR REPLACE TABLE T[ CLUSTER BY (c)][ COMMENT = '<text>'] AS\n<select>`, with
  /// partition_by and table_properties listed in `ignored_options`.
  Result<sdk::FormattedCreate> CreateTableAsFormatted(const sdk::TableRef& target,
                                                      const sdk::TableFormatSpec& spec,
                                                      std::string_view select) const override;
  // TransactionalUnits: true (the default), units go as one multi-statement request.
};

/// The process-wide Snowflake dialect (stateless).
const sdk::SqlDialect& SnowflakeSqlDialect();

}  // namespace rocky::adapters::snowflake
