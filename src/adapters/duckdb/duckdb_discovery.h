#pragma once
// The DuckDB discovery role: every schema of the database whose name starts with a prefix is a
// source, and its base tables are the source's tables.

#include <memory>

#include "adapter_sdk/discovery_adapter.h"
#include "adapters/duckdb/duckdb_database.h"

namespace rocky::adapters::duckdb {

class DuckDbDiscovery final : public sdk::DiscoveryAdapter {
 public:
  explicit DuckDbDiscovery(std::shared_ptr<DuckDbDatabase> database);

  /// Schemas of `catalog` (the database's own catalog when empty) starting with `schema_prefix`,
  /// sorted: {id = schema, schema, source_type = "duckdb", last_sync_at = null, tables = base
  /// tables sorted, row_count left empty}. Schemas without tables are included.
  Result<std::vector<sdk::DiscoveredSource>> Discover(std::string_view schema_prefix,
                                                      std::string_view catalog) override;
  Result<void> Ping() override;

 private:
  std::shared_ptr<DuckDbDatabase> database_;  // shared by every role of the adapter
};

}  // namespace rocky::adapters::duckdb
