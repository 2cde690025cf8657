#pragma once
// Rocky loads libduckdb.so on first use instead of linking it: the library takes ~5 ms to load,
// which commands that never touch DuckDB (`--version`, `validate`) should not pay. The generated
// duckdb_api_forwarders.cc resolves each C API function through DuckDbSymbol.

#include "base/error.h"

namespace rocky::adapters::duckdb {

/// Opens the library once (thread-safe): `$ROCKY_DUCKDB_LIBRARY`, else the copy found at build
/// time, else `libduckdb.so` on the loader's search path. Call before any duckdb_* function.
Result<void> LoadDuckDbLibrary();

/// The address of a C API function; aborts with a message when the library was not loaded or
/// lacks the symbol (a bug: LoadDuckDbLibrary must succeed first).
void* DuckDbSymbol(const char* name);

}  // namespace rocky::adapters::duckdb
