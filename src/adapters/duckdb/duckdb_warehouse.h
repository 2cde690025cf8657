#pragma once
// The DuckDB warehouse role, with batched metadata checks and file loading, over a database
// shared with the adapter's other roles.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/batch_checks.h"
#include "adapter_sdk/loader_adapter.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "adapters/duckdb/duckdb_database.h"
#include "adapters/duckdb/duckdb_dialect.h"

namespace rocky::adapters::duckdb {

class DuckDbWarehouseAdapter final : public sdk::WarehouseAdapter,
                                     public sdk::BatchCheckAdapter,
                                     public sdk::LoaderAdapter {
 public:
  explicit DuckDbWarehouseAdapter(std::shared_ptr<DuckDbDatabase> database);

  /// The database's catalog (`poc`, `memory`): what an empty TableRef catalog resolves to.
  const std::string& catalog_name() const { return database_->catalog_name(); }
  const std::shared_ptr<DuckDbDatabase>& database() const { return database_; }

  // sdk::WarehouseAdapter
  const sdk::SqlDialect& Dialect() const override { return dialect_; }
  Result<sdk::ExecResult> ExecuteStatement(const sdk::Statement& statement) override;
  Result<sdk::QueryResult> ExecuteQuery(std::string_view sql) override;
  Result<std::vector<sdk::ExecResult>> ExecuteUnit(const std::vector<sdk::Statement>& statements,
                                                   bool transactional) override;
  /// From information_schema.columns; data types as DuckDB prints them (`DECIMAL(10,2)`).
  /// Names match case-insensitively, as DuckDB resolves them.
  Result<std::vector<sdk::ColumnInfo>> DescribeTable(const sdk::TableRef& ref) override;
  /// One information_schema.columns query for the schema's tables and views.
  Result<std::map<std::string, std::vector<sdk::ColumnInfo>>> DescribeSchema(
      std::string_view catalog, std::string_view schema) override;
  /// Base tables only (no views), sorted.
  Result<std::vector<std::string>> ListTables(std::string_view catalog,
                                              std::string_view schema) override;
  /// The physical plan text.
  Result<std::string> Explain(std::string_view sql) override;
  /// `catalog 'x' is not attached (DuckDB catalog is 'poc')` unless x is an attached database.
  Result<void> CheckCatalog(std::string_view catalog) override;
  void CancelAll() override;

  // sdk::BatchCheckAdapter: results in input order; a missing table fails its chunk.
  Result<std::vector<sdk::TableCount>> BatchRowCounts(
      const std::vector<sdk::TableRef>& tables) override;
  Result<std::vector<sdk::TableFreshness>> BatchFreshness(const std::vector<sdk::TableRef>& tables,
                                                          std::string_view column) override;

  // sdk::LoaderAdapter: csv, parquet and jsonl through read_csv / read_parquet / read_json. An
  // empty format is taken from the file extension. The load is one transaction; columns are
  // inserted BY NAME; batch_size does not apply (DuckDB streams the file itself).
  std::vector<std::string> SupportedFormats() const override;
  Result<sdk::LoadResult> LoadFile(const std::string& path, const sdk::TableRef& target,
                                   const sdk::LoadOptions& options) override;

 private:
  sdk::BatchQuery BatchQuery();
  /// `table_catalog` filter text: the quoted catalog, or current_database() when empty.
  static std::string CatalogPredicate(std::string_view column, std::string_view catalog);

  std::shared_ptr<DuckDbDatabase> database_;  // shared by every role of the adapter
  DuckDbDialect dialect_;
};

}  // namespace rocky::adapters::duckdb
