#pragma once
// How DuckDB spells Rocky's SQL (adapters.md §2, DuckDB column). Generic statements come from
// sdk::SqlDialect; this class overrides only what DuckDB spells differently.

#include "adapter_sdk/sql_dialect.h"

namespace rocky::adapters::duckdb {

class DuckDbDialect final : public sdk::SqlDialect {
 public:
  std::string_view Name() const override { return "duckdb"; }

  /// Always nullopt: the catalog is the attached database itself.
  std::optional<std::string> CreateCatalogSql(std::string_view catalog) const override;
  /// `DESCRIBE T` (columns column_name, column_type, null).
  Result<std::string> DescribeTableSql(const sdk::TableRef& ref) const override;
  /// DuckDB can ALTER every safe widening (sdk::IsSafeWidening).
  bool CanAlter(std::string_view from, std::string_view to) const override;
  /// `md5(CAST(ROW(c1, c2) AS VARCHAR))`; at least one column.
  Result<std::string> RowHashExpr(const std::vector<std::string>& columns) const override;
  /// `USING SAMPLE <percent> PERCENT (bernoulli)`.
  std::optional<std::string> TablesampleClause(double percent) const override;
  /// `BEGIN TRANSACTION`; `DELETE FROM T WHERE <filter>`; `INSERT INTO T\n<select>`; `COMMIT`,
  /// each with purpose "partition". Run them with ExecuteUnit (one connection).
  Result<std::vector<sdk::Statement>> InsertOverwritePartition(
      const sdk::TableRef& target, std::string_view filter, std::string_view select) const override;
  /// materialized_view → fallback (a plain view), dynamic_table → unsupported, others supported.
  sdk::StrategySupport SupportsStrategy(std::string_view strategy) const override;
};

}  // namespace rocky::adapters::duckdb
