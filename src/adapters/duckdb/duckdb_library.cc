#include "adapters/duckdb/duckdb_library.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

namespace rocky::adapters::duckdb {

namespace {

std::once_flag g_once;
void* g_handle = nullptr;
std::string g_error;

void Open() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("ROCKY_DUCKDB_LIBRARY"); env && *env) candidates.push_back(env);
#ifdef ROCKY_DUCKDB_LIBRARY_PATH
  candidates.push_back(ROCKY_DUCKDB_LIBRARY_PATH);
#endif
  candidates.push_back("libduckdb.so");
  for (const auto& path : candidates) {
    g_handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (g_handle) return;
    const char* why = ::dlerror();
    if (!g_error.empty()) g_error += "; ";
    g_error += why ? why : path;
  }
}

}  // namespace

Result<void> LoadDuckDbLibrary() {
  std::call_once(g_once, Open);
  if (g_handle) return Ok();
  return std::unexpected(Error{ErrorKind::kAdapter, "cannot load libduckdb.so: " + g_error, {},
                               "run scripts/setup.sh (make build does), or set "
                               "ROCKY_DUCKDB_LIBRARY to the library's path"});
}

void* DuckDbSymbol(const char* name) {
  if (!LoadDuckDbLibrary()) {
    std::fprintf(stderr, "rocky: DuckDB function %s called without the library: %s\n", name,
                 g_error.c_str());
    std::abort();
  }
  void* sym = ::dlsym(g_handle, name);
  if (!sym) {
    std::fprintf(stderr, "rocky: libduckdb.so has no symbol %s\n", name);
    std::abort();
  }
  return sym;
}

}  // namespace rocky::adapters::duckdb
