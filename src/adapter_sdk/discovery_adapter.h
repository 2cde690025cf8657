#pragma once
// The discovery (source) role: which schemas and tables have landed. Never moves data.

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

}  // namespace rocky::sdk
