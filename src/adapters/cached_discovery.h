#pragma once
// Discovery results through the cache (services.md §1): a decorator around any discovery adapter
// that stores its sources as JSON under
//   `discover:<adapter type>:<sha256 hex of the adapter's canonical config>:<schema prefix>`
// for `discovery_ttl_secs`, memory and Valkey, with the cross-process fill lock. The hash covers
// every key of the adapter that can change what it finds, secrets included (a new API key or
// another destination is another entry), and the catalog argument when one is given; the key
// text itself never holds a secret.

#include <chrono>
#include <string>
#include <string_view>

#include "adapter_sdk/discovery_adapter.h"
#include "base/cache.h"
#include "config/config.h"

namespace rocky::adapters {

/// The adapter's settings that decide what it discovers, as compact JSON with a fixed key order
/// (its name, line and timeouts are left out). Holds secrets: hash it, never print it.
std::string CanonicalAdapterConfig(const config::AdapterConfig& adapter);

/// `discover:<type>:<sha256 hex>:<prefix>`, the hash over CanonicalAdapterConfig and `catalog`
/// (when not empty).
std::string DiscoveryCacheKey(const config::AdapterConfig& adapter, std::string_view prefix,
                              std::string_view catalog);

class CachedDiscovery final : public sdk::DiscoveryAdapter {
 public:
  /// `inner` and `cache` must outlive this. `ttl` ≥ 1 s.
  CachedDiscovery(sdk::DiscoveryAdapter& inner, Cache& cache, const config::AdapterConfig& adapter,
                  std::chrono::seconds ttl);

  /// The cached sources, or the inner adapter's (then cached). Its errors are returned, not
  /// cached. An unreadable cached value is dropped and discovery runs again.
  Result<std::vector<sdk::DiscoveredSource>> Discover(std::string_view schema_prefix,
                                                      std::string_view catalog) override;
  /// Always the inner adapter's.
  Result<void> Ping() override { return inner_.Ping(); }

 private:
  sdk::DiscoveryAdapter& inner_;
  Cache& cache_;
  const std::string type_;
  const std::string canonical_config_;  // holds secrets
  const std::chrono::seconds ttl_;
};

}  // namespace rocky::adapters
