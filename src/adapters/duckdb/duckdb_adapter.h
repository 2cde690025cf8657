#pragma once
// The public entry points of the built-in DuckDB adapter (what the adapter registry calls). One
// adapter is one database; its warehouse, batch-check, loader and discovery roles share it.

#include <memory>
#include <optional>
#include <string>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/discovery_adapter.h"
#include "adapter_sdk/loader_adapter.h"
#include "adapter_sdk/manifest.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "adapters/duckdb/duckdb_database.h"
#include "adapters/duckdb/duckdb_discovery.h"
#include "adapters/duckdb/duckdb_manifest.h"
#include "adapters/duckdb/duckdb_warehouse.h"
#include "base/error.h"

namespace rocky::adapters::duckdb {

/// Opens the database at `path` (in-memory when absent). See DuckDbDatabase::Open.
Result<std::shared_ptr<DuckDbDatabase>> OpenDuckDb(std::optional<std::string> path,
                                                   DuckDbOptions options = {});

/// Every role of one DuckDB adapter. `warehouse`, `batch_checks` and `loader` are the same
/// DuckDbWarehouseAdapter object; all four share `database`.
struct DuckDbAdapter {
  std::shared_ptr<DuckDbDatabase> database;
  std::shared_ptr<DuckDbWarehouseAdapter> duckdb_warehouse;
  std::shared_ptr<sdk::WarehouseAdapter> warehouse;
  std::shared_ptr<sdk::BatchCheckAdapter> batch_checks;
  std::shared_ptr<sdk::LoaderAdapter> loader;
  std::shared_ptr<sdk::DiscoveryAdapter> discovery;

  /// The database's catalog (`poc` for poc.duckdb, `memory` in memory).
  const std::string& catalog_name() const { return database->catalog_name(); }
};

/// The roles over an already open database.
DuckDbAdapter MakeDuckDbAdapter(std::shared_ptr<DuckDbDatabase> database);

/// Opens the database at `path` and builds every role over it.
Result<DuckDbAdapter> OpenDuckDbAdapter(std::optional<std::string> path,
                                        DuckDbOptions options = {});

/// Single roles over a shared database.
std::shared_ptr<DuckDbWarehouseAdapter> MakeDuckDbWarehouse(
    std::shared_ptr<DuckDbDatabase> database);
std::shared_ptr<DuckDbDiscovery> MakeDuckDbDiscovery(std::shared_ptr<DuckDbDatabase> database);

}  // namespace rocky::adapters::duckdb
