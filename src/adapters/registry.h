#pragma once
// Builds the adapters a configuration names, once each, and hands out their roles. The only
// place that knows every built-in adapter; commands and runners see the SDK interfaces.

#include <map>
#include <memory>
#include <string>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/discovery_adapter.h"
#include "adapter_sdk/governance_adapter.h"
#include "adapter_sdk/loader_adapter.h"
#include "adapter_sdk/manifest.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "base/cache.h"
#include "config/config.h"

namespace rocky::adapters {

class AdapterRegistry {
 public:
  /// With a `cache` (the process's, which must outlive the registry), discovery results and
  /// Fivetran schema configs go through it (services.md §1): see Discovery.
  explicit AdapterRegistry(const config::Config& config, Cache* cache = nullptr);
  ~AdapterRegistry();
  AdapterRegistry(const AdapterRegistry&) = delete;
  AdapterRegistry& operator=(const AdapterRegistry&) = delete;

  /// Each role fails with a clear message when the adapter's type cannot play it, or when the
  /// adapter cannot be opened (a locked DuckDB file, …). A process adapter is started (and
  /// initialized) on first use; its roles are those its manifest declares.
  Result<sdk::WarehouseAdapter*> Warehouse(const config::AdapterConfig& adapter);
  /// With a cache and `cache.discovery_ttl_secs` > 0, results are cached under
  /// `discover:<type>:<config hash>:<prefix>` (adapters/cached_discovery.h); manual adapters,
  /// which only read the configuration, are not.
  Result<sdk::DiscoveryAdapter*> Discovery(const config::AdapterConfig& adapter);
  Result<sdk::BatchCheckAdapter*> BatchChecks(const config::AdapterConfig& adapter);
  /// Tags, grants, bindings, isolation (Databricks); an error for adapters without the role.
  Result<sdk::GovernanceAdapter*> Governance(const config::AdapterConfig& adapter);
  Result<sdk::LoaderAdapter*> Loader(const config::AdapterConfig& adapter);
  /// `doctor --check auth`: DuckDB `SELECT 1`, manual always healthy, a process adapter once
  /// it answered `initialize`.
  Result<void> Ping(const config::AdapterConfig& adapter);

  /// Which credential an adapter uses and where it came from, never its value:
  /// `personal access token from DATABRICKS_TOKEN`, `OAuth M2M (client_id sp-1) from
  /// rocky.toml`, `API key from rocky.toml`; "" for local adapters.
  static std::string CredentialSource(const config::AdapterConfig& adapter);

  /// What the adapter can do, for `rocky test-adapter`: a process adapter's manifest (it is
  /// started), the built-in manifest or the built-in remote adapters' capabilities.
  Result<sdk::Capabilities> CapabilitiesOf(const config::AdapterConfig& adapter);

  /// The built-in manifest of an adapter type (nullopt for types without one in this build).
  static std::optional<sdk::AdapterManifest> Manifest(std::string_view type);

  /// The database file of a warehouse adapter that lives on this machine and that DuckDB can
  /// attach read-only (a DuckDB adapter with a `path` that exists); nullopt for every other
  /// adapter. `rocky test` attaches it so models that read the warehouse build locally.
  static std::optional<std::string> LocalDatabaseFile(const config::AdapterConfig& adapter);

 private:
  struct Entry;
  Result<Entry*> Open(const config::AdapterConfig& adapter);

  const config::Config& config_;
  Cache* cache_ = nullptr;
  std::map<std::string, std::unique_ptr<Entry>> entries_;
  std::map<std::string, Error> failures_;  // process adapters that could not be started
};

}  // namespace rocky::adapters
