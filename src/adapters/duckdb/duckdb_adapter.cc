#include "adapters/duckdb/duckdb_adapter.h"

namespace rocky::adapters::duckdb {

Result<std::shared_ptr<DuckDbDatabase>> OpenDuckDb(std::optional<std::string> path,
                                                   DuckDbOptions options) {
  return DuckDbDatabase::Open(std::move(path), options);
}

std::shared_ptr<DuckDbWarehouseAdapter> MakeDuckDbWarehouse(
    std::shared_ptr<DuckDbDatabase> database) {
  return std::make_shared<DuckDbWarehouseAdapter>(std::move(database));
}

std::shared_ptr<DuckDbDiscovery> MakeDuckDbDiscovery(std::shared_ptr<DuckDbDatabase> database) {
  return std::make_shared<DuckDbDiscovery>(std::move(database));
}

DuckDbAdapter MakeDuckDbAdapter(std::shared_ptr<DuckDbDatabase> database) {
  DuckDbAdapter adapter;
  adapter.database = database;
  adapter.duckdb_warehouse = MakeDuckDbWarehouse(database);
  adapter.warehouse = adapter.duckdb_warehouse;
  adapter.batch_checks = adapter.duckdb_warehouse;
  adapter.loader = adapter.duckdb_warehouse;
  adapter.discovery = MakeDuckDbDiscovery(std::move(database));
  return adapter;
}

Result<DuckDbAdapter> OpenDuckDbAdapter(std::optional<std::string> path, DuckDbOptions options) {
  auto database = OpenDuckDb(std::move(path), options);
  if (!database) return std::unexpected(std::move(database.error()));
  return MakeDuckDbAdapter(std::move(*database));
}

}  // namespace rocky::adapters::duckdb
