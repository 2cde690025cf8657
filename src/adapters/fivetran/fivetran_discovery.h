#pragma once
// Fivetran as a discovery adapter (adapters.md §5): the connections of a destination (cursor
// pages), their schema configs (fetched 10 at a time), and the enabled schemas and tables under
// their destination names. Never moves data.
//
// Paths: Fivetran renamed connectors to connections; its reference documents
// `/v1/groups/{id}/connections` and `/v1/connections/{id}/schemas`, while the older
// `/connectors` paths (the spec's) still answer. Rocky asks the documented paths first and, when
// a server does not know them (HTTP 404 without a Fivetran resource code), uses the older ones
// from then on.

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "adapter_sdk/discovery_adapter.h"
#include "adapters/http/retry_policy.h"
#include "base/cache.h"
#include "base/http.h"
#include "base/json.h"
#include "base/secret.h"

namespace rocky::adapters::fivetran {

struct FivetranConnection {
  std::string base_url = "https://api.fivetran.com";
  std::string destination_id;
  Secret api_key;
  Secret api_secret;
  http::RetryPolicy retry;
  std::chrono::milliseconds request_timeout{30000};
  std::function<void(std::chrono::milliseconds)> sleep;  // test seam; null: real sleep
  /// Schema configs are cached under `fivetran:schemas:<connection id>:<succeeded_at>` for
  /// `schema_cache_ttl` (cache.valkey_ttl_secs); null: no cache. A connection that never
  /// succeeded is always asked.
  Cache* cache = nullptr;
  std::chrono::seconds schema_cache_ttl{3600};
};

/// One connection of the destination, as the list returns it.
struct FivetranConnector {
  std::string id;
  std::string service;
  std::string schema;
  bool paused = false;
  std::string setup_state;
  std::string sync_state;
  std::optional<std::string> succeeded_at;
};

/// Sync detection for sensors: `succeeded_at > cursor` (RFC 3339 UTC, compared as instants);
/// without a cursor, any connector that ever succeeded. Never-synced connectors never count.
bool HasNewData(const FivetranConnector& connector, const std::optional<std::string>& cursor);

class FivetranDiscovery final : public sdk::DiscoveryAdapter {
 public:
  FivetranDiscovery(FivetranConnection connection, HttpClient& http);

  /// Connected, unpaused connections; each enabled schema whose destination name starts with
  /// `schema_prefix` is a source (id: the connection id, or `<id>:<schema>` when it yields
  /// several) with its enabled tables' destination names, lower-cased, unique, sorted. A
  /// connection whose schema config cannot be read is skipped with a warning; one that has no
  /// config yet (never synced) has no tables. `catalog` is ignored.
  Result<std::vector<sdk::DiscoveredSource>> Discover(std::string_view schema_prefix,
                                                      std::string_view catalog) override;
  /// `GET /v1/destinations/{destination_id}`.
  Result<void> Ping() override;

  /// Every connection of the destination, all pages.
  Result<std::vector<FivetranConnector>> ListConnectors();

 private:
  /// The `data` of a Success envelope. kNotFound when the server answers 404.
  Result<Json> Get(const std::string& path);
  /// The schema config of a connection: from the cache when it has the one of this sync.
  Result<Json> SchemaConfig(const FivetranConnector& connector);

  FivetranConnection connection_;
  HttpClient& http_;
  std::atomic<bool> legacy_paths_{false};
};

}  // namespace rocky::adapters::fivetran
