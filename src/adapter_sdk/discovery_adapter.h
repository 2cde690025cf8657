#pragma once
// The discovery (source) role: which schemas and tables have landed. Never moves data.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"

namespace rocky::sdk {

class DiscoveryAdapter {
 public:
  virtual ~DiscoveryAdapter() = default;
  /// Sources whose schema starts with `schema_prefix`, sorted by id. `catalog` narrows the
  /// search where the adapter holds several catalogs (DuckDB); empty means the default one.
  virtual Result<std::vector<DiscoveredSource>> Discover(std::string_view schema_prefix,
                                                         std::string_view catalog) = 0;
  virtual Result<void> Ping() = 0;
};

/// Sync detection for sensors (adapters.md §5): a source synced at `last_sync_at` has new data
/// since `cursor` iff last_sync_at > cursor (RFC 3339, compared as instants); with no cursor,
/// any source that ever synced. A source that never synced (no last_sync_at) never has.
bool HasNewData(const std::optional<std::string>& last_sync_at,
                const std::optional<std::string>& cursor);

}  // namespace rocky::sdk
