#pragma once

#include "adapter_sdk/manifest.h"

namespace rocky::adapters::duckdb {

/// The built-in DuckDB adapter's manifest (adapters.md §1): warehouse, discovery, batch checks,
/// create_schema, merge, tablesample and file_load; no auth; config `{path?: string}`.
sdk::AdapterManifest DuckDbManifest();

}  // namespace rocky::adapters::duckdb
