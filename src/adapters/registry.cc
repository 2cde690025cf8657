#include "adapters/registry.h"

#include <filesystem>

#include "adapters/duckdb/duckdb_adapter.h"
#include "adapters/duckdb/duckdb_manifest.h"
#include "replication/manual_discovery.h"

namespace rocky::adapters {

struct AdapterRegistry::Entry {
  std::optional<duckdb::DuckDbAdapter> duckdb;
  std::unique_ptr<replication::ManualDiscovery> manual;
};

AdapterRegistry::AdapterRegistry(const config::Config& config) : config_(config) {}
AdapterRegistry::~AdapterRegistry() = default;

namespace {
Error NotAvailable(const config::AdapterConfig& adapter) {
  return Error{ErrorKind::kAdapter,
               "adapter '" + adapter.name + "' has type '" + adapter.type +
                   "', which this build of Rocky cannot connect to yet",
               {},
               "use a duckdb adapter for local work"};
}
Error CannotPlay(const config::AdapterConfig& adapter, std::string_view role) {
  return Error{ErrorKind::kConfig,
               "adapter '" + adapter.name + "' of type '" + adapter.type + "' cannot be used as " +
                   std::string(role),
               {}};
}
}  // namespace

Result<AdapterRegistry::Entry*> AdapterRegistry::Open(const config::AdapterConfig& adapter) {
  auto it = entries_.find(adapter.name);
  if (it != entries_.end()) return it->second.get();
  auto entry = std::make_unique<Entry>();
  if (adapter.type == "duckdb") {
    auto opened = duckdb::OpenDuckDbAdapter(adapter.path);
    if (!opened) {
      Error e = opened.error();
      e.context.push_back("while opening adapter '" + adapter.name + "'");
      return std::unexpected(std::move(e));
    }
    entry->duckdb = std::move(*opened);
  } else if (adapter.type == "manual") {
    entry->manual = std::make_unique<replication::ManualDiscovery>(adapter.schemas);
  } else {
    return std::unexpected(NotAvailable(adapter));
  }
  Entry* raw = entry.get();
  entries_.emplace(adapter.name, std::move(entry));
  return raw;
}

Result<sdk::WarehouseAdapter*> AdapterRegistry::Warehouse(const config::AdapterConfig& adapter) {
  if (!adapter.CanBeWarehouse()) return std::unexpected(CannotPlay(adapter, "a warehouse"));
  auto entry = Open(adapter);
  if (!entry) return std::unexpected(entry.error());
  if ((*entry)->duckdb) return (*entry)->duckdb->warehouse.get();
  return std::unexpected(NotAvailable(adapter));
}

Result<sdk::DiscoveryAdapter*> AdapterRegistry::Discovery(const config::AdapterConfig& adapter) {
  if (!adapter.CanDiscover()) return std::unexpected(CannotPlay(adapter, "a discovery adapter"));
  auto entry = Open(adapter);
  if (!entry) return std::unexpected(entry.error());
  if ((*entry)->duckdb) return (*entry)->duckdb->discovery.get();
  if ((*entry)->manual) return (*entry)->manual.get();
  return std::unexpected(NotAvailable(adapter));
}

Result<sdk::BatchCheckAdapter*> AdapterRegistry::BatchChecks(const config::AdapterConfig& adapter) {
  auto entry = Open(adapter);
  if (!entry) return std::unexpected(entry.error());
  if ((*entry)->duckdb) return (*entry)->duckdb->batch_checks.get();
  return std::unexpected(CannotPlay(adapter, "a batch-check adapter"));
}

Result<sdk::LoaderAdapter*> AdapterRegistry::Loader(const config::AdapterConfig& adapter) {
  auto entry = Open(adapter);
  if (!entry) return std::unexpected(entry.error());
  if ((*entry)->duckdb) return (*entry)->duckdb->loader.get();
  return std::unexpected(CannotPlay(adapter, "a loader (file_load)"));
}

Result<void> AdapterRegistry::Ping(const config::AdapterConfig& adapter) {
  auto entry = Open(adapter);
  if (!entry) return std::unexpected(entry.error());
  if ((*entry)->duckdb) return (*entry)->duckdb->warehouse->Ping();
  if ((*entry)->manual) return Ok();
  return std::unexpected(NotAvailable(adapter));
}

std::optional<sdk::AdapterManifest> AdapterRegistry::Manifest(std::string_view type) {
  if (type == "duckdb") return duckdb::DuckDbManifest();
  return std::nullopt;
}

std::optional<std::string> AdapterRegistry::LocalDatabaseFile(const config::AdapterConfig& adapter) {
  if (adapter.type != "duckdb" || !adapter.path || *adapter.path == ":memory:") return std::nullopt;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(*adapter.path, ec)) return std::nullopt;
  return *adapter.path;
}

}  // namespace rocky::adapters
