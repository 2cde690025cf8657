#pragma once
// The `ansi` dialect of process adapters (adapters.md §2): generic SQL, no catalogs or schemas to
// create, no sampling, no MERGE and no partition replacement.

#include "adapter_sdk/sql_dialect.h"

namespace rocky::sdk {

class AnsiDialect : public SqlDialect {
 public:
  std::string_view Name() const override { return "ansi"; }
  std::optional<std::string> CreateCatalogSql(std::string_view) const override {
    return std::nullopt;
  }
  Result<std::optional<std::string>> CreateSchemaSql(std::string_view,
                                                     std::string_view) const override {
    return std::optional<std::string>{};
  }
  /// `DESCRIBE T` (process adapters answer describes over RPC; this is for display only).
  Result<std::string> DescribeTableSql(const TableRef& ref) const override;
  bool CanAlter(std::string_view, std::string_view) const override { return false; }
  /// `MD5(CONCAT(COALESCE(CAST(c1 AS VARCHAR), '\N'), '|', …))`.
  Result<std::string> RowHashExpr(const std::vector<std::string>& columns) const override;
  std::optional<std::string> TablesampleClause(double) const override { return std::nullopt; }
  Result<std::string> MergeInto(const TableRef& target, std::string_view, const std::vector<std::string>&,
                                const std::optional<std::vector<std::string>>&,
                                const std::vector<std::string>&) const override;
  Result<std::vector<Statement>> InsertOverwritePartition(const TableRef& target, std::string_view,
                                                          std::string_view) const override;
  /// merge, delete_insert, time_interval, microbatch, materialized_view and dynamic_table are
  /// unsupported; the rest are supported.
  StrategySupport SupportsStrategy(std::string_view strategy) const override;
};

}  // namespace rocky::sdk
