#include "adapters/duckdb/duckdb_manifest.h"

#include "adapter_sdk/types.h"

namespace rocky::adapters::duckdb {

sdk::AdapterManifest DuckDbManifest() {
  sdk::AdapterManifest m;
  m.name = "duckdb";
  m.version = "1.0.0";
  m.sdk_version = sdk::kSdkVersion;
  m.dialect = "duckdb";
  m.capabilities.warehouse = true;
  m.capabilities.discovery = true;
  m.capabilities.batch_checks = true;
  m.capabilities.create_schema = true;
  m.capabilities.merge = true;
  m.capabilities.tablesample = true;
  m.capabilities.file_load = true;
  Json path =
      Json::Object()
          .Set("type", "string")
          .Set("description",
               "Database file, created when missing; the catalog is its name up to the first dot "
               "(poc.duckdb -> poc). "
               "In-memory (catalog memory) when absent.");
  m.config_schema = Json::Object()
                        .Set("$schema", "https://json-schema.org/draft/2020-12/schema")
                        .Set("title", "DuckDB adapter")
                        .Set("type", "object")
                        .Set("properties", Json::Object().Set("path", std::move(path)));
  return m;
}

}  // namespace rocky::adapters::duckdb
